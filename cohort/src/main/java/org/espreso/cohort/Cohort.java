package org.espreso.cohort;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.espreso.core.io.OutputLock;

/**
 * The participant level of a cohort run: survey the selected scans, decide which still need work, and run them one
 * subject per task — in this process, in worker processes on this machine, or (through {@link SlurmSubmitter}) as
 * a SLURM job array. A subject's task never touches another subject's files, so tasks run side by side and one
 * failing stops no other.
 */
public final class Cohort {
    /**
     * One cohort run.
     *
     * @param version the toolkit version, recorded in every derivative
     */
    public record Request(BidsDataset dataset, Selection selection, Path out, CohortSettings settings, String version) {
    }

    /**
     * The survey of a run.
     *
     * @param scans   every selected scan, with why it is skipped where it is
     * @param pending subjects with at least one scan to (re)do, sorted
     */
    public record Plan(List<ScanSurvey.Planned> scans, List<String> pending) {
        public List<ScanSurvey.Planned> of(String subject) {
            return scans.stream().filter(p -> p.scan().subject().equals(subject)).toList();
        }

        public List<ScanSurvey.Planned> skipped() {
            return scans.stream().filter(p -> !p.eligible()).toList();
        }
    }

    /**
     * The command line of one subject's task as a separate process (the CLI's own). On this machine the arguments
     * are the label and a thread count; in a SLURM script they are the shell variables {@code $LABEL} and
     * {@code $THREADS}, which must come back as arguments of their own.
     */
    @FunctionalInterface
    public interface WorkerCommand {
        List<String> command(String subject, String threads);
    }

    private Cohort() {
    }

    /**
     * Surveys the selection (headers only) and lists the subjects whose eligible scans are missing, failed, or were
     * made with other settings. Writes nothing; {@link #prepare} does, before any task.
     *
     * @throws IllegalArgumentException on an unknown label or an output inside the dataset
     */
    public static Plan plan(Request r) throws IOException {
        Derivatives.checkOutside(r.dataset(), r.out());
        List<ScanSurvey.Planned> scans = ScanSurvey.survey(r.dataset(), r.dataset().scans(r.selection()));
        String id = r.settings().identity();
        List<String> pending = new ArrayList<>();
        for (ScanSurvey.Planned p : scans) {
            if (!p.eligible() || pending.contains(p.scan().subject())) {
                continue;
            }
            ScanStatus st = ScanStatus.read(r.out(), p.scan().key());
            if (st == null || !st.finishes(r.out(), id, p.scan().file())) {
                pending.add(p.scan().subject());
            }
        }
        pending.sort(null);
        return new Plan(scans, List.copyOf(pending));
    }

    /** Writes the description, and the statuses (and reports) of skipped scans, before any task starts. */
    public static void prepare(Request r, Plan plan, PrintWriter log) throws IOException {
        Derivatives.prepare(r.out(), r.dataset(), r.version());
        ScanRunner.Context c = new ScanRunner.Context(r.dataset(), r.out(), r.settings(), r.version(), log);
        Map<String, Boolean> touched = new LinkedHashMap<>();
        for (ScanSurvey.Planned p : plan.skipped()) {
            ScanRunner.run(c, p);
            touched.put(p.scan().subject(), true);
        }
        for (String sub : touched.keySet()) {
            if (!plan.pending().contains(sub)) {
                SubjectReport.write(r.out(), sub);
            }
        }
    }

    /**
     * Runs one subject's eligible scans in this process (those already finished with these settings are kept),
     * then writes its report; {@link #prepare} has written the description and the skipped scans first. Holds a lock on the subject's folder, so two tasks never run the same subject.
     *
     * @return the statuses of the subject's scans
     */
    public static List<ScanStatus> runSubject(Request r, Plan plan, String subject, PrintWriter log) throws IOException {
        Path dir = r.out().resolve("sub-" + subject);
        List<ScanStatus> out = new ArrayList<>();
        String id = r.settings().identity();
        try (OutputLock lock = OutputLock.acquire(dir, "espreso bids participant sub-" + subject)) {
            ScanRunner.Context c = new ScanRunner.Context(r.dataset(), r.out(), r.settings(), r.version(), log);
            for (ScanSurvey.Planned p : plan.of(subject)) {
                ScanStatus st = ScanStatus.read(r.out(), p.scan().key());
                if (!p.eligible()) {
                    continue; // recorded by prepare()
                }
                if (st != null && st.finishes(r.out(), id, p.scan().file())) {
                    log.printf("[%s] already done with these settings; kept%n", p.scan().key());
                    out.add(st);
                } else {
                    out.add(ScanRunner.run(c, p));
                }
                log.flush();
            }
            SubjectReport.write(r.out(), subject);
        }
        return out;
    }

    /**
     * Runs the pending subjects on this machine: in this process when {@code jobs} is 1, else in {@code jobs}
     * worker processes (each with its share of the threads, its log in OUTPUT/logs/).
     *
     * @return the subjects whose task had a failed scan or failed itself
     */
    public static List<String> runLocal(Request r, Plan plan, int jobs, int threads, WorkerCommand worker, PrintWriter log)
            throws IOException, InterruptedException {
        List<String> failed = new ArrayList<>();
        if (jobs <= 1 || plan.pending().size() <= 1) {
            for (String sub : plan.pending()) {
                List<ScanStatus> st = runSubject(r, plan, sub, log);
                if (st.stream().anyMatch(s -> s.state() == ScanStatus.State.FAILED)) {
                    failed.add(sub);
                }
            }
            return failed;
        }
        Path logs = Files.createDirectories(r.out().resolve("logs"));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        int per = Math.max(1, threads / jobs);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            Map<String, Future<Integer>> tasks = new LinkedHashMap<>();
            for (String sub : plan.pending()) {
                tasks.put(sub, pool.submit(() -> {
                    Path logFile = logs.resolve("sub-" + sub + "_" + stamp + ".log");
                    Process pr = new ProcessBuilder(worker.command(sub, Integer.toString(per))).redirectErrorStream(true)
                            .redirectOutput(logFile.toFile()).start();
                    int rc = pr.waitFor();
                    synchronized (log) {
                        log.printf("sub-%s: %s (log %s)%n", sub, rc == 0 ? "done" : "FAILED, exit code " + rc, logFile);
                        log.flush();
                    }
                    return rc;
                }));
            }
            for (var e : tasks.entrySet()) {
                try {
                    if (e.getValue().get() != 0) {
                        failed.add(e.getKey());
                    }
                } catch (java.util.concurrent.ExecutionException ex) {
                    log.printf("sub-%s: could not start its worker: %s%n", e.getKey(), ex.getCause().getMessage());
                    failed.add(e.getKey());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failed;
    }

    /** Heap the largest selected scan needs for SR (the native-memory bound of the process is set from it). */
    public static long heapBytes(Plan plan) {
        long max = 0;
        for (ScanSurvey.Planned p : plan.scans()) {
            if (p.eligible()) {
                max = Math.max(max, org.espreso.compute.Backend.srHeapBytes(p.voxels(), p.anisotropy()));
            }
        }
        return max;
    }
}
