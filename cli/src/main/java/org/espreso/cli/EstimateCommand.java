package org.espreso.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.Estimator;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.estimator.EstimatorResult;
import org.espreso.estimator.io.Progress;
import org.espreso.bridge.report.ResultWriter;
import org.espreso.estimator.io.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Estimates the slice profile of a multi-slice image with ESPRESO (the estimator module does the work). */
@Command(name = "estimate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Estimate the relative slice profile of a thick-slice image (ESPRESO).",
            "Writes OUTDIR/profile.npy, profile.json, profile.png, loss.csv, config.json and checkpoints/."})
final class EstimateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EstimatorOptions o;

    @Override
    public Integer call() throws Exception {
        return o.run(spec, false);
    }

    /** Options shared by {@code estimate} and {@code measure}. */
    static final class EstimatorOptions {
        @Option(names = {"-i", "--input"}, required = true, paramLabel = "IMAGE", description = "Input NIfTI.")
        Path input;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR", description = "Output directory.")
        Path output;

        @Option(names = "--preset", defaultValue = "calibrated", paramLabel = "calibrated|release|ipmi2021",
                description = {"Hyper-parameter preset (default: ${DEFAULT-VALUE}: an ensemble of runs that stop on convergence,",
                    "with an uncertainty; release and ipmi2021 are the published settings)."})
        String preset;

        @Option(names = "--iterations", paramLabel = "N",
                description = "GAN iterations after the warm-up (the maximum, when the preset stops on convergence).")
        Integer iterations;

        @Option(names = "--batch-size", paramLabel = "B", description = "Patches per batch.")
        Integer batchSize;

        @Option(names = "--profile-length", paramLabel = "K", description = "Taps of the profile (odd; default: the preset's, 31 for calibrated, 21 for release and ipmi2021).")
        Integer profileLength;

        @Option(names = "--lr-axis", paramLabel = "A", description = "Slice axis 0, 1 or 2 (default: largest spacing).")
        Integer lrAxis;

        @Option(names = "--seed", paramLabel = "S", description = "Random seed (default 0; ensemble member j uses S + j).")
        Long seed;

        @Option(names = "--members", paramLabel = "M", description = "Independent runs whose median is the estimate (>= 1).")
        Integer members;

        @Option(names = "--convergence-window", paramLabel = "W",
                description = "Stop when the profile has not moved over W iterations (0: run all --iterations).")
        Integer convergenceWindow;

        @Option(names = "--fwhm-tolerance", paramLabel = "TAPS", description = "Largest FWHM change over the window that counts as converged.")
        Double fwhmTolerance;

        @Option(names = "--profile-tolerance", paramLabel = "T", description = "Largest change of any tap over the window that counts as converged.")
        Double profileTolerance;

        @Option(names = "--checkpoint-every", paramLabel = "N", description = "Steps between checkpoints (0: none).")
        Integer checkpointEvery;

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "Override any configuration field (see config.json), e.g. --set warmupIterations=100.")
        List<String> sets = new ArrayList<>();

        @Option(names = "--true-profile", paramLabel = "FILE", description = "True profile (.npy/.json) to overlay on the plot.")
        Path trueProfile;

        @picocli.CommandLine.Mixin
        VolumeOption volume;

        @Option(names = "--zero-nonfinite", description = "Treat NaN/Inf voxels as 0 instead of failing.")
        boolean zeroNonFinite;

        @Option(names = "--resume", description = "Continue an interrupted run into the same OUTDIR.")
        boolean resume;

        @Option(names = "--force", description = "Replace an existing OUTDIR.")
        boolean force;

        EstimatorConfig config(CommandSpec spec) {
            try {
                Map<String, String> o = new LinkedHashMap<>();
                if (iterations != null) {
                    o.put("iterations", iterations.toString());
                }
                if (batchSize != null) {
                    o.put("batchSize", batchSize.toString());
                }
                if (profileLength != null) {
                    if (profileLength % 2 == 0) {
                        throw new IllegalArgumentException("--profile-length must be odd (centre tap at K/2)");
                    }
                    o.put("profileLength", profileLength.toString());
                }
                if (seed != null) {
                    o.put("seed", seed.toString());
                }
                if (members != null) {
                    o.put("members", members.toString());
                }
                if (convergenceWindow != null) {
                    o.put("convergenceWindow", convergenceWindow.toString());
                }
                if (fwhmTolerance != null) {
                    o.put("fwhmTolerance", fwhmTolerance.toString());
                }
                if (profileTolerance != null) {
                    o.put("profileTolerance", profileTolerance.toString());
                }
                if (checkpointEvery != null) {
                    o.put("checkpointEvery", checkpointEvery.toString());
                }
                for (String s : sets) {
                    int eq = s.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + s + "'");
                    }
                    o.put(s.substring(0, eq).trim(), s.substring(eq + 1));
                }
                return EstimatorConfig.preset(preset).with(o);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        int run(CommandSpec spec, boolean measure) throws Exception {
            if (lrAxis != null && (lrAxis < 0 || lrAxis > 2)) {
                throw new ParameterException(spec.commandLine(), "--lr-axis must be 0, 1 or 2");
            }
            if (measure && lrAxis == null) {
                throw new ParameterException(spec.commandLine(), "--lr-axis is required: the axis whose resolution to measure");
            }
            OptionChecks.exclusive(spec, "--resume", resume, "--force", force,
                    "--resume continues OUTDIR's interrupted run, --force starts over");
            EstimatorConfig cfg = config(spec);
            // Cheap checks first: refuse an existing OUTDIR before reading anything.
            Path target = output.toAbsolutePath().normalize();
            Path partial = org.espreso.core.io.PartialFolder.of(target);
            if (java.nio.file.Files.exists(target) && !force && !(resume && java.nio.file.Files.isDirectory(partial))) {
                throw new OutputFiles.OutputExistsException(target + ": output exists (use --force to overwrite)");
            }
            try (var lock = org.espreso.core.io.OutputLock.acquire(output, "espreso " + spec.name())) {
                return run(spec, measure, cfg);
            }
        }

        private int run(CommandSpec spec, boolean measure, EstimatorConfig cfg) throws Exception {
            Profile truth = trueProfile == null ? null : Inputs.profile(trueProfile);
            GlobalOptions.initBackend();
            Volume v = volume.index == null ? NiftiReader.read(input) : NiftiReader.read(input, volume.index);
            Estimator.Options opt = new Estimator.Options(input, lrAxis == null ? -1 : lrAxis, zeroNonFinite, null, resume);
            Estimator.Prepared prep = Estimator.prepare(cfg, v, opt);
            if (truth != null) {
                truth = new Profile(truth.taps(), prep.volume().inPlaneMm());
            }
            RunDirectory rd = RunDirectory.open(output, force, resume);
            PrintWriter err = spec.commandLine().getErr();
            if (rd.resuming()) {
                err.println("espreso " + spec.name() + ": resuming from " + rd.work());
            }
            opt = new Estimator.Options(input, opt.lrAxis(), zeroNonFinite, rd.checkpoints(), resume);
            EstimatorResult r;
            try {
                r = Estimator.run(cfg, prep, opt, new Progress(err, System.console() != null), GlobalOptions.threads());
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("input", input.toAbsolutePath().toString());
                extra.put("command", spec.name());
                extra.put("threads", GlobalOptions.threads());
                extra.put("espreso_version", VersionProvider.version());
                ResultWriter.write(r, rd.work(), extra, truth);
                rd.commit(true);
            } catch (Exception | Error e) {
                rd.abandon();
                throw e;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (measure) {
                out.printf(Locale.ROOT, "resolution along axis %d: %s%n", r.lrAxis(), r.summary());
            } else {
                out.printf(Locale.ROOT, "slice profile: %s; slice spacing %.4g mm, scale %.4g%n",
                        r.summary(), r.sliceMm(), r.scale());
            }
            out.printf(Locale.ROOT, "wrote %s (%s preset, %d GAN iterations at most per run, %.1f s)%n", rd.target(), cfg.preset(),
                    r.ganIterations(), r.wallSeconds());
            return 0;
        }
    }
}
