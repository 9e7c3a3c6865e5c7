package org.espreso.cli;

import org.espreso.smore.SmoreProgress;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.espreso.bridge.EspresoEstimator;
import org.espreso.bridge.Pipeline;
import org.espreso.bridge.SmoreSuperResolver;
import org.espreso.bridge.SrKernel;
import org.espreso.bridge.report.PipelineReport;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.io.Progress;
import org.espreso.evaluation.metrics.HeadMask;
import org.espreso.evaluation.metrics.ImageMetrics;
import org.espreso.evaluation.metrics.Mask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Estimate → SR with the estimated profile → measure the SR output → report, resumable stage by stage. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Estimate the slice profile, super-resolve with it, measure the result's through-plane FWHM,",
            "and write OUTDIR/report.html. Stages live in OUTDIR/estimate, OUTDIR/sr, OUTDIR/measure; a finished",
            "stage is reused when the command is run again (--from STAGE redoes it and the later ones)."})
final class PipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "LR", description = "Thick-slice NIfTI.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR", description = "Output folder.")
    Path output;

    @picocli.CommandLine.Mixin
    PipelineSettings settings;

    @Option(names = "--lr-axis", paramLabel = "A", description = "Slice axis (default: largest spacing).")
    Integer lrAxis;

    @Option(names = "--from", paramLabel = "STAGE", description = "Redo from this stage: estimate, sr or measure.")
    String from;

    @Option(names = "--truth", paramLabel = "HR", description = "Isotropic truth (for simulated inputs): adds PSNR/SSIM to the report.")
    Path truthFile;

    @Option(names = "--true-profile", paramLabel = "FILE", description = "True profile (.npy/.json) to draw beside the estimate.")
    Path trueProfile;

    @Option(names = "--force", description = "Delete an existing OUTDIR and start over.")
    boolean force;

    @picocli.CommandLine.Mixin
    VolumeOption volume;

    @Override
    public Integer call() throws Exception {
        Pipeline.Stage fromStage = null;
        if (from != null) {
            try {
                fromStage = Pipeline.Stage.valueOf(from.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--from must be estimate, sr or measure");
            }
        }
        if (lrAxis != null && (lrAxis < 0 || lrAxis > 2)) {
            throw new ParameterException(spec.commandLine(), "--lr-axis must be 0, 1 or 2");
        }
        SrKernel.Mode kernelMode = settings.kernel(spec);
        Map<String, String> estOverrides = settings.estimatorOverrides();
        Map<String, String> srOverrides = settings.srOverrides();
        var estCfg = settings.estimator(spec);
        var srCfg = settings.smore(spec);
        try (var lock = org.espreso.core.io.OutputLock.acquire(output, "espreso pipeline")) {
            return run(fromStage, kernelMode, estOverrides, srOverrides, estCfg, srCfg);
        }
    }

    private int run(Pipeline.Stage fromStage, SrKernel.Mode kernelMode, Map<String, String> estOverrides,
            Map<String, String> srOverrides, org.espreso.estimator.EstimatorConfig estCfg,
            org.espreso.smore.SmoreConfig srCfg) throws Exception {
        if (Files.exists(output) && force) {
            OutputFiles.deleteTree(output);
        } else if (Files.exists(output) && !Files.exists(output.resolve(Pipeline.Stage.ESTIMATE.dir()))
                && !Files.exists(output.resolve("pipeline.json"))) {
            try (var s = Files.list(output)) {
                if (s.findAny().isPresent()) {
                    throw new OutputFiles.OutputExistsException(output + ": exists and is not a pipeline folder (use --force to replace it)");
                }
            }
        }
        Volume lr = Inputs.image(input, volume.index);
        int axis = lrAxis != null ? lrAxis : lr.lrAxis();
        if (lr.scale(axis) < 1.01) {
            throw InvalidInputException.of(input, "is isotropic along axis " + axis + "; nothing to super-resolve (use 'measure' to measure its resolution)");
        }
        try {
            org.espreso.smore.SrGeometry.checkScale(lr, axis, lr.scale(axis));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(input, e.getMessage());
        }
        String digest = org.espreso.core.volume.ContentDigest.of(lr) + "/axis" + axis;
        checkSameInput(digest, fromStage);
        Profile truthProfile = trueProfile == null ? null : Inputs.profile(trueProfile);
        Volume truth = truthFile == null ? null : Inputs.image(truthFile, null);
        if (truth != null) {
            // Check against the SR grid now, not after hours of compute.
            int[] d = lr.dims();
            d[axis] = (int) Math.round(lr.dim(axis) * lr.scale(axis));
            try {
                ImageMetrics.truthOnSrGrid(truth, d, axis);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of(truthFile, e.getMessage());
            }
        }
        GlobalOptions.initBackend(org.espreso.compute.Backend.srHeapBytes(lr.voxelCount(), lr.scale(axis)));
        boolean created = !Files.exists(output);
        Files.createDirectories(output);
        var marker = org.espreso.core.profile.ProfileJson.MAPPER.createObjectNode().put("input", input.toAbsolutePath().toString())
                .put("input_sha256", digest);
        OutputFiles.writeString(output.resolve("pipeline.json"), true,
                org.espreso.core.profile.ProfileJson.MAPPER.writeValueAsString(marker) + "\n");
        PrintWriter err = spec.commandLine().getErr();
        boolean tty = System.console() != null;
        Pipeline p = new Pipeline(new EspresoEstimator(estCfg, () -> new Progress(err, tty), GlobalOptions.threads()),
                new SmoreSuperResolver(srCfg, new SmoreProgress(err, tty)), kernelMode, err);
        Pipeline.Request req = new Pipeline.Request(input, lr, axis, output, fromStage);
        Pipeline.Result res;
        try {
            res = p.run(req);
        } catch (Exception | Error e) {
            removeIfNothingFinished(created);
            throw e;
        }

        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        if (truth != null) {
            Volume t = ImageMetrics.truthOnSrGrid(truth, res.sr().dims(), axis);
            Mask mask = HeadMask.of(t);
            metrics.put("SR (estimated profile)", ImageMetrics.of(t, res.sr(), mask).asMap());
            metrics.put("cubic interpolation", ImageMetrics.of(t, Pipeline.cubicBaseline(lr, axis), mask).asMap());
        }
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("espreso version", VersionProvider.version());
        prov.put("input", input.toAbsolutePath().toString());
        prov.put("estimator", settings.presetEstimate + " " + estOverrides);
        prov.put("SR", settings.presetSr + " " + srOverrides + ", kernel: estimated " + settings.srKernel);
        prov.put("seed", Long.toString(settings.seed));
        prov.put("threads", Integer.toString(GlobalOptions.threads()));
        Path report = PipelineReport.write(req, res, new PipelineReport.Extras(truthProfile == null ? null
                : new Profile(truthProfile.taps(), res.estimate().tapSpacingMm()), truth == null ? null : ImageMetrics.truthOnSrGrid(truth, res.sr().dims(), axis), metrics, prov), output);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "estimated FWHM      %s%s%n", Pipeline.describe(res.estimate(), res.estimateSummary()),
                truthProfile == null ? "" : String.format(Locale.ROOT, " (truth %.2f mm)", truthProfile.fwhmTaps() * res.estimate().tapSpacingMm()));
        if (truth != null) {
            out.printf(Locale.ROOT, "SR PSNR / SSIM      %.2f dB / %.4f (cubic %.2f dB / %.4f)%n",
                    metrics.get("SR (estimated profile)").get("PSNR"), metrics.get("SR (estimated profile)").get("SSIM"),
                    metrics.get("cubic interpolation").get("PSNR"), metrics.get("cubic interpolation").get("SSIM"));
        }
        out.printf(Locale.ROOT, "FWHM after SR       %s%n", Pipeline.describe(res.measured(), res.measuredSummary()));
        out.println("SR image            " + res.srFile());
        out.println("report              " + report);
        return 0;
    }

    /**
     * Finished stages are reused only for the image they were computed from: a folder whose marker names another
     * input's content (or an older marker without one, another path) is refused unless everything is redone.
     */
    private void checkSameInput(String digest, Pipeline.Stage fromStage) throws java.io.IOException {
        Path marker = output.resolve("pipeline.json");
        if (force || fromStage == Pipeline.Stage.ESTIMATE || !Files.isRegularFile(marker) || !anyStageDone()) {
            return;
        }
        var m = org.espreso.core.profile.ProfileJson.MAPPER.readTree(marker.toFile());
        String old = m.path("input_sha256").asText("");
        boolean same = old.isEmpty() ? m.path("input").asText("").equals(input.toAbsolutePath().toString()) : old.equals(digest);
        if (!same) {
            throw InvalidInputException.of(output, "holds finished stages of another input (" + m.path("input").asText("?")
                    + "); reuse them only with the same image, or redo all with --from estimate or --force");
        }
    }

    private boolean anyStageDone() {
        for (Pipeline.Stage s : Pipeline.Stage.values()) {
            if (Files.exists(output.resolve(s.dir()).resolve("done.json"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a failure: a pipeline folder holding no finished stage holds nothing worth keeping, so it goes
     * (the whole folder when this run created it, else the marker this run wrote).
     */
    private void removeIfNothingFinished(boolean created) {
        try {
            if (anyStageDone()) {
                return;
            }
            if (created) {
                OutputFiles.deleteTree(output);
            } else {
                Files.deleteIfExists(output.resolve("pipeline.json"));
            }
        } catch (java.io.IOException ignored) {
            // the error being reported matters more
        }
    }
}
