package org.espreso.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.espreso.cohort.BidsDataset;
import org.espreso.cohort.Cohort;
import org.espreso.cohort.CohortSettings;
import org.espreso.cohort.GroupSummary;
import org.espreso.cohort.ScanStatus;
import org.espreso.cohort.ScanSurvey;
import org.espreso.cohort.Selection;
import org.espreso.cohort.SlurmSubmitter;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The BIDS App: a dataset in, BIDS derivatives out, per participant (here or on SLURM) and per group. */
@Command(name = "bids", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Run on a BIDS dataset, as BIDS Apps do: 'participant' estimates the slice profile of every "
            + "thick-slice anatomical image, super-resolves it and measures the result, writing BIDS derivatives and "
            + "OUTPUT_DIR/sub-<label>.html; 'group' writes group_<suffix>.tsv and group_report.html. Finished scans with the "
            + "same settings are kept on a re-run; failed ones are redone. --slurm submits the participant level as a SLURM "
            + "job array and the group level after it (docs/cohorts.md).")
final class BidsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BIDS_DIR", description = "The BIDS dataset (read only).")
    Path bidsDir;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "Where the derivatives go (outside BIDS_DIR).")
    Path outDir;

    @Parameters(index = "2", paramLabel = "LEVEL", description = "participant or group.")
    String level;

    @Option(names = "--participant-label", arity = "1..*", paramLabel = "LABEL",
            description = "Subjects to process, with or without 'sub-' (default: all).")
    List<String> participants = new ArrayList<>();

    @Option(names = "--session-label", arity = "1..*", paramLabel = "LABEL", description = "Sessions to process (default: all).")
    List<String> sessions = new ArrayList<>();

    @Option(names = "--suffix", arity = "1..*", paramLabel = "SUFFIX",
            description = "Anatomical suffixes to take (default: T1w T2w FLAIR PDw T2starw).")
    List<String> suffixes = new ArrayList<>();

    @Option(names = "--stage", defaultValue = "pipeline", paramLabel = "estimate|sr|pipeline",
            description = "How far each scan goes (default: ${DEFAULT-VALUE}).")
    String stage;

    @picocli.CommandLine.Mixin
    PipelineSettings settings;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "N",
            description = "Subjects run at once on this machine, each in its own worker process with threads/N threads (default: ${DEFAULT-VALUE}: in this process).")
    int jobs;

    @Option(names = "--slurm", description = "Submit the participant level as a SLURM job array (one task per subject, --threads CPUs each, default 1), then the group level after it.")
    boolean slurm;

    @Option(names = "--slurm-opts", paramLabel = "OPTS", description = "Extra sbatch options for both jobs, e.g. \"--partition=short --mem=8G\".")
    String slurmOpts;

    @Option(names = "--slurm-throttle", defaultValue = "0", paramLabel = "N", description = "At most N array tasks at once (default: no limit).")
    int slurmThrottle;

    @Option(names = "--no-group", hidden = true, description = "A worker's run: the participant level only.")
    boolean noGroup;

    @Override
    public Integer call() throws Exception {
        if (!level.equals("participant") && !level.equals("group")) {
            throw usage("LEVEL must be participant or group, got '" + level + "'");
        }
        OptionChecks.atLeast(spec, "--jobs", jobs, 1);
        OptionChecks.atLeast(spec, "--slurm-throttle", slurmThrottle, 0);
        OptionChecks.exclusive(spec, "--slurm", slurm, "--jobs", jobs != 1,
                "--jobs sets the workers on this machine; on SLURM the array runs one task per subject (--slurm-throttle limits them)");
        OptionChecks.exclusive(spec, "--slurm-opts", slurmOpts != null && !slurm, "a run on this machine", true,
                "--slurm-opts applies to --slurm");
        sbatchOptions();
        if (slurm && level.equals("group")) {
            throw usage("--slurm applies to the participant level (which submits the group level after it)");
        }
        BidsDataset ds;
        try {
            ds = BidsDataset.open(bidsDir);
        } catch (InvalidInputException e) {
            throw usage(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        if (level.equals("group")) {
            checkOutside(ds);
            return group(out);
        }
        Cohort.Request req = new Cohort.Request(ds, selection(), outDir, cohortSettings(), VersionProvider.version());
        Cohort.Plan plan;
        try {
            plan = Cohort.plan(req);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (plan.scans().isEmpty()) {
            throw InvalidInputException.of(bidsDir, "has no anatomical images with suffix " + String.join(", ", req.selection().suffixes())
                    + " for the selected subjects and sessions");
        }
        if (slurm && SlurmSubmitter.sbatch() == null) {
            throw new InvalidInputException("espreso bids: sbatch was not found on PATH: --slurm needs SLURM's client commands on this machine");
        }
        long eligible = plan.scans().stream().filter(ScanSurvey.Planned::eligible).count();
        err.printf("%s: %d scan(s) selected, %d to process, %d skipped; %d subject(s) with work to do%n", ds.root(),
                plan.scans().size(), eligible, plan.scans().size() - eligible, plan.pending().size());
        Cohort.prepare(req, plan, err);
        if (slurm) {
            return submit(plan, out);
        }
        if (jobs == 1 || plan.pending().size() <= 1) {
            GlobalOptions.initBackend(Cohort.heapBytes(plan));
        }
        List<String> failed = Cohort.runLocal(req, plan, jobs, GlobalOptions.threads(), this::workerCommand, err);
        if (!noGroup) {
            group(out);
        }
        if (!failed.isEmpty()) {
            err.println("espreso bids: error: scans of sub-" + String.join(", sub-", failed)
                    + " failed (see their status in " + ScanStatus.dir(outDir) + " and the group table)");
            return 1;
        }
        return 0;
    }

    private int group(PrintWriter out) throws Exception {
        if (ScanStatus.readAll(outDir).isEmpty()) {
            throw InvalidInputException.of(outDir, "holds no participant-level results; run the participant level first");
        }
        try (OutputLock lock = OutputLock.acquire(outDir.resolve("group_report.html"), "espreso bids group")) {
            GroupSummary.Result r = GroupSummary.write(outDir);
            out.printf("group: %d scans (%d done, %d failed, %d skipped), %d flagged%n",
                    r.counts().values().stream().mapToInt(Integer::intValue).sum(), r.counts().get(ScanStatus.State.DONE),
                    r.counts().get(ScanStatus.State.FAILED), r.counts().get(ScanStatus.State.SKIPPED), r.flagged());
            r.tables().forEach(t -> out.println("table   " + t));
            out.println("report  " + r.report());
        }
        return 0;
    }

    private int submit(Cohort.Plan plan, PrintWriter out) throws Exception {
        if (plan.pending().isEmpty()) {
            out.println("nothing to submit: every selected scan is finished with these settings");
            return group(out);
        }
        List<String> opts = sbatchOptions();
        int cpus = GlobalOptions.threads != null ? GlobalOptions.threads : 1;
        SlurmSubmitter.Submission s;
        try {
            s = SlurmSubmitter.submit(outDir, plan.pending(), new SlurmSubmitter.Options(opts, slurmThrottle, cpus),
                    this::workerCommand, groupCommand());
        } catch (java.io.IOException e) {
            throw new InvalidInputException("espreso bids: " + e.getMessage());
        }
        out.printf("submitted array job %s (%d task(s): sub-%s)%n", s.arrayJob(), s.subjects().size(), String.join(", sub-", s.subjects()));
        out.printf("submitted group job %s (after the array)%n", s.groupJob());
        out.println("script  " + s.arrayScript());
        out.println("logs    " + outDir.resolve("logs"));
        return 0;
    }

    /** --slurm-opts split as a shell would (checked before any work). */
    private List<String> sbatchOptions() {
        try {
            return SlurmSubmitter.splitOptions(slurmOpts == null ? "" : slurmOpts);
        } catch (IllegalArgumentException e) {
            throw usage("--slurm-opts: " + e.getMessage());
        }
    }

    private Selection selection() {
        try {
            return new Selection(participants, sessions, suffixes);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void checkOutside(BidsDataset ds) {
        try {
            org.espreso.cohort.Derivatives.checkOutside(ds, outDir);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CohortSettings cohortSettings() {
        CohortSettings.Stage st;
        try {
            st = CohortSettings.Stage.parse(stage);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return new CohortSettings(st, settings.estimator(spec), settings.smore(spec), settings.kernel(spec));
    }

    /** This command for one subject in a process of its own: same JVM, same settings, the participant level only. */
    private List<String> workerCommand(String subject, String threads) {
        List<String> cmd = new ArrayList<>(jvm());
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("--threads", threads, "bids", abs(bidsDir), abs(outDir), "participant", "--participant-label", subject,
                "--no-group"));
        cmd.addAll(settingsArgs());
        return cmd;
    }

    private List<String> groupCommand() {
        List<String> cmd = new ArrayList<>(jvm());
        cmd.add(Main.class.getName());
        cmd.addAll(List.of("bids", abs(bidsDir), abs(outDir), "group"));
        return cmd;
    }

    private List<String> settingsArgs() {
        List<String> a = new ArrayList<>(List.of("--stage", stage));
        a.addAll(settings.asArgs());
        if (!sessions.isEmpty()) {
            a.add("--session-label");
            a.addAll(sessions);
        }
        if (!suffixes.isEmpty()) {
            a.add("--suffix");
            a.addAll(suffixes);
        }
        for (int i = 0; i < GlobalOptions.verbosity(); i++) {
            a.add("-v");
        }
        return a;
    }

    /** The java binary, this JVM's memory and espreso settings, and its class path with absolute entries. */
    private static List<String> jvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:MaxDirectMemorySize")
                    || a.startsWith("-Despreso.") || a.startsWith("-Dorg.bytedeco.")) {
                cmd.add(a);
            }
        }
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(Path.of(e).toAbsolutePath().toString());
            }
        }
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, cp)));
        return cmd;
    }

    private static String abs(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
