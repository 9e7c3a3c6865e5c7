package org.espreso.cli;

import org.espreso.smore.SmoreProgress;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiDatatype;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;
import org.espreso.smore.BlurKernel;
import org.espreso.smore.Combine;
import org.espreso.smore.Preset;
import org.espreso.smore.Smore;
import org.espreso.smore.SmoreConfig;
import org.espreso.smore.SmoreListener;
import org.espreso.smore.SmoreModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code espreso sr}: SMORE through-plane super-resolution (docs/smore.md). The work is in the smore module. */
@Command(name = "sr", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Super-resolve a thick-slice image through-plane with SMORE: train on its own in-plane slices,",
            "degraded by the slice profile, then apply the network to both through-plane stacks.",
            "The output has round(n s) slices on the same field of view (origin shifted by -(s-1)/(2s) slices)."})
final class SrCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "LR", description = "Thick-slice input NIfTI.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SR", description = "Output NIfTI (.nii or .nii.gz).")
    Path output;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Blur kernel: a slice profile (.npy, e.g. ESPRESO's output, or our .json), one tap per in-plane pixel.")
    Path profile;

    @Option(names = "--slice-thickness", paramLabel = "MM",
            description = "Without --profile: FWHM of a Gaussian kernel in mm (default: the slice spacing).")
    Double thickness;

    @Option(names = "--preset", defaultValue = "fast", paramLabel = "fast|paper|reference",
            description = "Training budget (default: ${DEFAULT-VALUE}; reference = 26,000 steps, a GPU job).")
    String preset;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps (overrides the preset).")
    Integer steps;

    @Option(names = "--batch-size", paramLabel = "B", description = "Patches per step (overrides the preset).")
    Integer batch;

    @Option(names = "--patch-size", paramLabel = "P", description = "LR patch size (overrides the preset).")
    Integer patch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lr-axis", paramLabel = "A", description = "Slice axis 0, 1 or 2 (default: the largest spacing).")
    Integer lrAxis;

    @Option(names = "--scale", paramLabel = "S",
            description = "Scale factor (default: slice spacing / in-plane spacing; required for an isotropic input).")
    Double scale;

    @Option(names = "--combine", defaultValue = "mean", paramLabel = "mean|fba",
            description = "Combine the two stacks by the mean or Fourier burst accumulation (default: ${DEFAULT-VALUE}).")
    String combine;

    @Option(names = "--fba-power", defaultValue = "2", paramLabel = "P", description = "FBA exponent (default: ${DEFAULT-VALUE}).")
    double fbaPower;

    @Option(names = "--save-model", paramLabel = "DIR", description = "Also save the trained model to DIR.")
    Path saveModel;

    @Option(names = "--load-model", paramLabel = "DIR",
            description = "Skip training: apply a saved model (trained at the same scale).")
    Path loadModel;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N",
            description = "Steps between checkpoints in OUTPUT's .smore-ckpt directory (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue an interrupted training from its checkpoint.")
    boolean resume;

    @Option(names = "--keep-datatype", description = "Store the input's datatype instead of float32.")
    boolean keepDatatype;

    @Option(names = "--force", description = "Overwrite existing outputs.")
    boolean force;

    @picocli.CommandLine.Mixin
    VolumeOption volume;

    /** The largest FBA exponent accepted: beyond it the weights are a hard maximum selection already. */
    static final double MAX_FBA_POWER = 100;

    @Override
    public Integer call() throws Exception {
        if (!Inputs.isNifti(output)) {
            throw new ParameterException(spec.commandLine(), "output must end in .nii or .nii.gz: " + output);
        }
        if (profile != null && thickness != null) {
            throw new ParameterException(spec.commandLine(), "give --profile or --slice-thickness, not both");
        }
        if (loadModel != null && (profile != null || thickness != null || steps != null || resume || saveModel != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--load-model applies a trained model: training options do not apply");
        }
        if (lrAxis != null && (lrAxis < 0 || lrAxis > 2)) {
            throw new ParameterException(spec.commandLine(), "--lr-axis must be 0, 1 or 2");
        }
        Preset p;
        try {
            p = Preset.parse(preset);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "unknown preset '" + preset + "' (fast, paper, reference)");
        }
        Combine comb = switch (combine.toLowerCase(Locale.ROOT)) {
            case "mean" -> Combine.MEAN;
            case "fba" -> Combine.FBA;
            default -> throw new ParameterException(spec.commandLine(), "--combine must be mean or fba");
        };
        OptionChecks.atLeast(spec, "--steps", steps, 1);
        OptionChecks.atLeast(spec, "--batch-size", batch, 1);
        OptionChecks.atLeast(spec, "--patch-size", patch, org.espreso.smore.SrGeometry.MIN_PATCH);
        OptionChecks.atLeast(spec, "--checkpoint-every", checkpointEvery, 1);
        OptionChecks.finiteAbove(spec, "--scale", scale, 1, false);
        OptionChecks.finiteAbove(spec, "--slice-thickness", thickness, 0, false);
        OptionChecks.finiteIn(spec, "--fba-power", fbaPower, 0, MAX_FBA_POWER);
        OptionChecks.exclusive(spec, "--resume", resume, "--force", force,
                "--resume continues an interrupted training, --force starts over");
        OutputFiles.checkWritable(output, force);
        try (var lock = org.espreso.core.io.OutputLock.acquire(output, "espreso sr")) {
            return run(p, comb);
        }
    }

    private int run(Preset p, Combine comb) throws Exception {
        if (saveModel != null && Files.exists(saveModel) && !force) {
            throw new OutputFiles.OutputExistsException(saveModel + ": output exists (use --force to overwrite)");
        }
        Path ckpt = Inputs.sibling(output, ".smore-ckpt");
        if (resume && !Files.isDirectory(ckpt)) {
            throw InvalidInputException.of(ckpt, "no checkpoint to resume from");
        }

        Volume lr = Inputs.image(input, volume.index);
        int axis;
        double s;
        try {
            axis = Smore.resolveAxis(lr, lrAxis == null ? -1 : lrAxis);
            s = Smore.resolveScale(lr, axis, scale == null ? Double.NaN : scale);
        } catch (InvalidInputException e) {
            throw InvalidInputException.of(input, e.getMessage());
        }
        // Fail now, not after the training, when the output cannot be written (read-only place, full disk).
        long bytes = 4L * (long) Math.ceil(lr.voxelCount() * s);
        OutputFiles.checkCanCreate(output, output.getFileName().toString().endsWith(".gz") ? bytes / 2 : bytes);
        if (saveModel != null) {
            OutputFiles.checkCanCreate(saveModel, 4L << 20); // ~1 MB of parameters (4 MB with room)
        }
        if (GlobalOptions.verbosity() == 0) {
            // SameDiff's op-mapping registry warns about duplicate TensorFlow mappings when it loads: not ours to fix.
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping", "error");
        }
        GlobalOptions.initBackend(org.espreso.compute.Backend.srHeapBytes(lr.voxelCount(), s));
        SmoreConfig cfg = p.config().withSeed(seed).withCombine(comb, fbaPower).withCheckpoints(ckpt, checkpointEvery);
        if (steps != null) {
            cfg = cfg.withSteps(steps);
        }
        if (batch != null) {
            cfg = cfg.withBatchSize(batch);
        }
        if (patch != null) {
            cfg = cfg.withPatchSize(patch);
        }
        PrintWriter err = spec.commandLine().getErr();
        SmoreProgress progress = new SmoreProgress(err, System.console() != null);
        long t0 = System.nanoTime();
        SmoreModel model;
        if (loadModel != null) {
            model = SmoreModel.load(loadModel);
            if (Math.abs(model.scale() - s) > 0.01 * s) {
                throw InvalidInputException.of(input, String.format(Locale.ROOT,
                        "scale %.4g does not match the model's %.4g (%s)", s, model.scale(), loadModel));
            }
        } else {
            BlurKernel kernel = kernel(lr, axis);
            try {
                model = Smore.train(cfg, lr, axis, s, kernel, progress, resume);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of(input, e.getMessage());
            }
            if (saveModel != null) {
                model.save(saveModel);
            }
        }
        double trainS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Volume sr = model.superResolve(lr, axis, cfg, progress);
        double inferS = (System.nanoTime() - t1) / 1e9;
        progress.finish();
        NiftiDatatype type = NiftiDatatype.FLOAT32;
        if (keepDatatype) {
            NiftiDatatype src = NiftiDatatype.fromCodeOrNull(lr.codes().sourceDatatype());
            type = src != null ? src : NiftiDatatype.FLOAT32;
        }
        NiftiWriter.write(sr, output, force, type);
        if (Files.isDirectory(ckpt)) {
            OutputFiles.deleteTree(ckpt);
        }
        int[] d = sr.dims();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "wrote %s  %d x %d x %d, spacing %.4g x %.4g x %.4g mm (scale %.4g along axis %d; training %.0f s, inference %.0f s)%n",
                output, d[0], d[1], d[2], sr.spacing(0), sr.spacing(1), sr.spacing(2), s, axis, trainS, inferS);
        if (saveModel != null) {
            spec.commandLine().getOut().println("model saved to " + saveModel);
        }
        return 0;
    }

    private BlurKernel kernel(Volume lr, int axis) {
        if (profile == null) {
            return Smore.gaussianKernel(lr, axis, thickness == null ? Double.NaN : thickness);
        }
        Profile prof = Inputs.profile(profile);
        String name = profile.getFileName().toString().toLowerCase(Locale.ROOT);
        double inPlane = lr.spacing(Volume.inPlaneAxes(axis)[0]);
        if (name.endsWith(".json") && Math.abs(prof.tapSpacingMm() - inPlane) > 0.01 * inPlane) {
            throw InvalidInputException.of(profile, String.format(Locale.ROOT,
                    "taps are %.4g mm apart but the in-plane spacing is %.4g mm", prof.tapSpacingMm(), inPlane));
        }
        return BlurKernel.of(prof);
    }
}
