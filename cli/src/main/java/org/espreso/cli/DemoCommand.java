package org.espreso.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.espreso.core.InvalidInputException;
import org.espreso.smore.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the toolkit on the bundled default: Colin27 acquired with 4 mm Gaussian slices at 4 mm spacing. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"The whole chain on Colin27: simulate a thick-slice acquisition (Gaussian FWHM 4 mm, scale 4),",
            "estimate its slice profile, super-resolve with it, measure the result, and write a report.",
            "Needs Debian's mricron-data. About 15 minutes on 2 cores."})
final class DemoCommand implements Callable<Integer> {
    static final Path COLIN27 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", description = "Where to write (default: a new espreso-demo-<time> folder).")
    Path dir;

    @Option(names = {"-i", "--input"}, paramLabel = "HR", description = "Isotropic image to use instead of Colin27.")
    Path input;

    @Option(names = "--force", description = "Reuse an existing output folder, overwriting its files.")
    boolean force;

    /**
     * The estimator runs its default preset (an ensemble that stops on convergence, about 1–2 min per estimate on 2
     * cores); SMORE its fast preset (2000 steps, 12.7 min, plus ≈ 0.4 min of inference; docs/smore.md). Measured end
     * to end in docs/results.md.
     */
    @Option(names = "--iterations", paramLabel = "N",
            description = "Maximum estimator GAN iterations per run, both estimates (default: the preset's).")
    Integer iterations;

    @Option(names = "--sr-steps", defaultValue = "" + DEMO_SR_STEPS, paramLabel = "N", description = "SR training steps (default: ${DEFAULT-VALUE}).")
    int srSteps;

    static final int DEMO_SR_STEPS = Preset.FAST_STEPS;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Path hrPath = input != null ? input : COLIN27;
        if (!Files.exists(hrPath)) {
            throw InvalidInputException.of(hrPath, input != null ? "no such file"
                    : "Colin27 is missing; install it with: sudo apt-get install mricron-data");
        }
        if (dir == null) {
            dir = Path.of("espreso-demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (Files.exists(dir) && !force) {
            throw new org.espreso.core.io.OutputFiles.OutputExistsException(dir + ": output folder exists (use --force to reuse it)");
        }
        try (var lock = org.espreso.core.io.OutputLock.acquire(dir, "espreso demo")) {
            return run(hrPath);
        }
    }

    private int run(Path hrPath) throws Exception {
        var out = spec.commandLine().getOut();
        Files.createDirectories(dir);
        Path lr = dir.resolve("lr.nii.gz");
        out.println("== 1. simulate: Gaussian FWHM 4 mm, slice spacing 4 mm, from " + hrPath);
        java.util.List<String> sim = new java.util.ArrayList<>(global());
        sim.addAll(java.util.List.of("simulate", "-i", hrPath.toString(), "-o", lr.toString(),
                "--profile", "gaussian", "--fwhm", "4", "--scale", "4", forceFlag()));
        int rc = Main.run(out, spec.commandLine().getErr(), sim.toArray(String[]::new));
        if (rc != 0) {
            return rc;
        }
        out.println();
        out.println("== 2. pipeline: estimate the profile, super-resolve with it, measure the result");
        Path run = dir.resolve("pipeline");
        java.util.List<String> args = new java.util.ArrayList<>(global());
        args.addAll(java.util.List.of("pipeline", "-i", lr.toString(),
                "-o", run.toString(), "--truth", hrPath.toString(), "--true-profile", dir.resolve("lr_profile.npy").toString(),
                "--sr-steps", Integer.toString(srSteps), "--threads=" + GlobalOptions.threads()));
        if (iterations != null) {
            args.add("--iterations=" + iterations);
        }
        rc = Main.run(out, spec.commandLine().getErr(), args.toArray(String[]::new));
        if (rc != 0) {
            return rc;
        }
        out.println();
        out.println("Open " + run.resolve("report.html").toAbsolutePath() + " in a browser for the figures.");
        return 0;
    }

    /** This run's -v flags, passed on to the sub-steps, which start from defaults (--threads is passed with them). */
    private java.util.List<String> global() {
        java.util.List<String> g = new java.util.ArrayList<>();
        for (int i = 0; i < GlobalOptions.verbosity(); i++) {
            g.add("-v");
        }
        return g;
    }

    private String forceFlag() {
        return force ? "--force" : "--threads=" + GlobalOptions.threads();
    }
}
