package org.espreso.cohort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.espreso.core.io.OutputFiles;

/**
 * Scale-out on SLURM: writes an sbatch array script (one task per subject, its log in OUTPUT/logs/) and a group
 * script into OUTPUT/slurm/, submits the array, then the group step with {@code --dependency=afterany} on it (so
 * the group table also reports failed tasks).
 */
public final class SlurmSubmitter {
    /**
     * How to submit.
     *
     * @param sbatchOptions extra sbatch options for both jobs (e.g. {@code --partition=short --mem=8G})
     * @param throttle      at most this many array tasks at once (0: no limit)
     * @param cpusPerTask   CPUs (and compute threads) per task
     */
    public record Options(List<String> sbatchOptions, int throttle, int cpusPerTask) {
        public Options {
            sbatchOptions = List.copyOf(sbatchOptions);
            if (throttle < 0 || cpusPerTask < 1) {
                throw new IllegalArgumentException("the array throttle must be ≥ 0 and the CPUs per task ≥ 1");
            }
        }
    }

    /** What was submitted: the two job ids and the scripts. */
    public record Submission(String arrayJob, String groupJob, Path arrayScript, Path groupScript, List<String> subjects) {
    }

    private SlurmSubmitter() {
    }

    /** The sbatch program on PATH, or null. */
    public static Path sbatch() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "sbatch");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * Writes the scripts and submits them.
     *
     * @param worker the participant task's command ({@code $LABEL}, {@code $THREADS} as its arguments)
     * @param group  the group step's command
     * @throws IOException when sbatch is missing or refuses a job (its message in one line)
     */
    public static Submission submit(Path out, List<String> subjects, Options o, Cohort.WorkerCommand worker, List<String> group)
            throws IOException, InterruptedException {
        Path sbatch = sbatch();
        if (sbatch == null) {
            throw new IOException("sbatch was not found on PATH: --slurm needs SLURM's client commands on this machine");
        }
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("no subjects to submit");
        }
        Path dir = Files.createDirectories(out.resolve("slurm"));
        Path logs = Files.createDirectories(out.resolve("logs"));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path list = dir.resolve("subjects_" + stamp + ".txt");
        OutputFiles.writeString(list, true, String.join("\n", subjects) + "\n");
        String array = "0-" + (subjects.size() - 1) + (o.throttle() > 0 ? "%" + o.throttle() : "");
        StringBuilder a = new StringBuilder("#!/bin/bash\n");
        a.append("#SBATCH --job-name=espreso-participant\n");
        a.append("#SBATCH --array=").append(array).append('\n');
        a.append("#SBATCH --cpus-per-task=").append(o.cpusPerTask()).append('\n');
        a.append("#SBATCH --output=").append(logs.toAbsolutePath()).append("/participant_%A_%a.log\n");
        a.append("# Written by espreso bids on ").append(stamp).append(": one task per subject of ").append(list.getFileName())
                .append(".\n# Re-running 'espreso bids ... participant --slurm' submits only the subjects still missing or failed.\n");
        a.append("set -u\n");
        a.append("LABEL=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" ").append(quote(list.toAbsolutePath().toString())).append(")\n");
        a.append("THREADS=${SLURM_CPUS_PER_TASK:-").append(o.cpusPerTask()).append("}\n");
        a.append("echo \"espreso task $SLURM_ARRAY_TASK_ID: sub-$LABEL on $(hostname), $THREADS threads\"\n");
        a.append("exec ").append(shell(worker.command("$LABEL", "$THREADS"))).append('\n');
        Path arrayScript = dir.resolve("participant_" + stamp + ".sbatch");
        OutputFiles.writeString(arrayScript, true, a.toString());

        StringBuilder g = new StringBuilder("#!/bin/bash\n");
        g.append("#SBATCH --job-name=espreso-group\n");
        g.append("#SBATCH --cpus-per-task=1\n");
        g.append("#SBATCH --output=").append(logs.toAbsolutePath()).append("/group_%j.log\n");
        g.append("exec ").append(shell(group)).append('\n');
        Path groupScript = dir.resolve("group_" + stamp + ".sbatch");
        OutputFiles.writeString(groupScript, true, g.toString());

        String arrayJob = run(sbatch, o.sbatchOptions(), List.of(arrayScript.toAbsolutePath().toString()));
        List<String> dep = new ArrayList<>(List.of("--dependency=afterany:" + arrayJob));
        String groupJob = run(sbatch, o.sbatchOptions(), withFirst(dep, groupScript.toAbsolutePath().toString()));
        return new Submission(arrayJob, groupJob, arrayScript, groupScript, List.copyOf(subjects));
    }

    private static List<String> withFirst(List<String> a, String last) {
        List<String> l = new ArrayList<>(a);
        l.add(last);
        return l;
    }

    /** Runs {@code sbatch --parsable OPTIONS ARGS} and returns the job id. */
    private static String run(Path sbatch, List<String> options, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(sbatch.toString(), "--parsable"));
        cmd.addAll(options);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int rc = p.waitFor();
        String last = text.isEmpty() ? "" : text.lines().reduce((x, y) -> y).orElse("");
        if (rc != 0 || !last.matches("[0-9]+(;.*)?")) {
            String first = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("no output");
            throw new IOException("sbatch refused the job (exit code " + rc + "): " + first);
        }
        return last.split(";")[0];
    }

    private static String shell(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (String s : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s.equals("$LABEL") || s.equals("$THREADS") ? "\"" + s + "\"" : quote(s));
        }
        return sb.toString();
    }

    /**
     * Splits sbatch options as a shell would: on whitespace, with single or double quotes keeping spaces
     * ({@code --comment="two words"} is one option). No expansions.
     *
     * @throws IllegalArgumentException on an unclosed quote
     */
    public static List<String> splitOptions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(ch);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in '" + text + "'");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Single-quoted for bash. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
