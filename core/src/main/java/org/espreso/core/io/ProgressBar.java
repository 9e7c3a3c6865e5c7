package org.espreso.core.io;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The one progress display of the toolkit, on stderr: on a terminal a bar redrawn in place (at most five times a
 * second), otherwise plain lines every 10 % of a phase or every minute, so logs stay short. The ETA is measured
 * from the first update of a phase, so a resumed run does not count the steps it skipped as instant.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private final String name;
    private String phase;
    private int firstDone;
    private long firstTime;
    private long lastPrint;
    private int lastDecile;
    private boolean lineOpen;

    public ProgressBar(PrintWriter err, boolean terminal) {
        this(err, terminal, "espreso");
    }

    /** @param name what plain lines start with (e.g. the experiment cell and stage they belong to) */
    public ProgressBar(PrintWriter err, boolean terminal, String name) {
        this.err = err;
        this.terminal = terminal;
        this.name = name;
    }

    /** Shows {@code done} of {@code total} units of {@code phase}, followed by {@code info}. */
    public synchronized void update(String phase, int done, int total, String info) {
        long now = System.nanoTime();
        if (!phase.equals(this.phase)) {
            endLine();
            this.phase = phase;
            firstDone = done - 1;
            firstTime = now;
            lastDecile = -1;
            lastPrint = 0;
        }
        double elapsed = (now - firstTime) / 1e9;
        double eta = done > firstDone + 1 ? elapsed / (done - firstDone - 1) * (total - done) : Double.NaN;
        String facts = String.format(Locale.ROOT, "%s %d/%d %s, %s elapsed, ETA %s", phase, done, total, info,
                time(elapsed), time(eta));
        boolean last = done >= total;
        if (terminal) {
            if (now - lastPrint > 200_000_000L || last) {
                int fill = (int) Math.round(WIDTH * Math.min(1.0, (double) done / Math.max(1, total)));
                err.print("\r[" + "#".repeat(fill) + " ".repeat(WIDTH - fill) + "] " + facts + "   ");
                err.flush();
                lineOpen = true;
                lastPrint = now;
                if (last) {
                    endLine();
                }
            }
            return;
        }
        int decile = (int) (10L * done / Math.max(1, total));
        if (decile != lastDecile || now - lastPrint > 60_000_000_000L || last) {
            err.println(name + ": " + facts);
            err.flush();
            lastDecile = decile;
            lastPrint = now;
        }
    }

    /** A line of its own (a notice or a checkpoint), not overwritten by the bar; named like the plain lines. */
    public synchronized void message(String line) {
        endLine();
        err.println(terminal ? line : name + ": " + line);
        err.flush();
    }

    /** Ends a bar line left open (call once the work is over). */
    public synchronized void finish() {
        endLine();
    }

    private void endLine() {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    /** Seconds as "4m05s" or "1h02m"; "?" when unknown. */
    public static String time(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
