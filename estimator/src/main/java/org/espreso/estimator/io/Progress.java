package org.espreso.estimator.io;

import java.io.PrintWriter;
import java.util.Locale;
import org.espreso.estimator.Estimator;

/**
 * Progress on stderr: a redrawn bar with ETA on a terminal, plain lines every 10 % (or 60 s) otherwise.
 */
public final class Progress implements Estimator.Listener {
    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;
    private int lastDecile = -1;
    private int firstDone = -1;
    private long firstTime;

    public Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void onStep(int done, int total, double[] row) {
        long now = System.nanoTime();
        if (firstDone < 0) {
            firstDone = done - 1;
            firstTime = start;
        }
        double elapsed = (now - start) / 1e9;
        double rate = (now - firstTime) / 1e9 / Math.max(1, done - firstDone);
        double eta = rate * (total - done);
        String phase = row[1] == 0 ? "warm-up" : "GAN";
        String loss = row[1] == 0 ? String.format(Locale.ROOT, "mse %.4g", row[11])
                : String.format(Locale.ROOT, "D %.3f G %.3f", row[5], row[6]);
        String facts = String.format(Locale.ROOT, "%d/%d %s %s FWHM %.2f taps, %s elapsed, ETA %s", done, total, phase,
                loss, row[13], time(elapsed), time(eta));
        if (terminal) {
            if (now - lastPrint > 200_000_000L || done == total) {
                int width = 30, fill = (int) Math.round(width * (double) done / total);
                err.print("\r[" + "#".repeat(fill) + " ".repeat(width - fill) + "] " + facts + "   ");
                if (done == total) {
                    err.println();
                }
                err.flush();
                lastPrint = now;
            }
        } else {
            int decile = (int) (10L * done / total);
            if (decile != lastDecile || now - lastPrint > 60_000_000_000L || done == total) {
                err.println("espreso: " + facts);
                err.flush();
                lastDecile = decile;
                lastPrint = now;
            }
        }
    }

    static String time(double s) {
        if (!Double.isFinite(s)) {
            return "?";
        }
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
