package org.espreso.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Npy;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.volume.Volume;
import org.espreso.evaluation.simulate.Simulation;
import org.espreso.evaluation.simulate.SimulationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Simulates a thick-slice acquisition from an isotropic image and writes the LR image and its true profile. */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Simulate a multi-slice (thick-slice) acquisition of an isotropic image.",
            "Writes OUT.nii[.gz] plus OUT_profile.npy and OUT_profile.json (the true profile, one tap per input voxel)."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "HR", description = "Isotropic input NIfTI.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "LR", description = "Output NIfTI (.nii or .nii.gz).")
    Path output;

    @Option(names = "--profile", defaultValue = "gaussian", paramLabel = "gaussian|rect|FILE",
            description = "Profile shape, or a .npy/.json profile with one tap per input voxel (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--fwhm", paramLabel = "MM", description = "FWHM of the gaussian/rect profile in mm.")
    Double fwhm;

    @Option(names = "--scale", required = true, paramLabel = "S",
            description = "Slice spacing over input spacing (integer or fractional, >= 1).")
    double scale;

    @Option(names = "--lr-axis", defaultValue = "2", paramLabel = "A", description = "Slice axis 0, 1 or 2 (default: ${DEFAULT-VALUE}).")
    int lrAxis;

    @picocli.CommandLine.Mixin
    VolumeOption volume;

    @Option(names = "--force", description = "Overwrite existing outputs.")
    boolean force;

    private boolean shape() {
        return profile.equalsIgnoreCase("gaussian") || profile.equalsIgnoreCase("rect");
    }

    @Override
    public Integer call() throws Exception {
        boolean shape = shape();
        if (shape && fwhm == null) {
            throw new ParameterException(spec.commandLine(), "--fwhm is required for a " + profile + " profile");
        }
        if (!shape && fwhm != null) {
            throw new ParameterException(spec.commandLine(), "--fwhm does not apply to a profile file (its taps define it)");
        }
        if (!Inputs.isNifti(output)) {
            throw new ParameterException(spec.commandLine(), "output must end in .nii or .nii.gz: " + output);
        }
        if (lrAxis < 0 || lrAxis > 2) {
            throw new ParameterException(spec.commandLine(), "--lr-axis must be 0, 1 or 2");
        }
        OptionChecks.finiteAbove(spec, "--scale", scale, 1, true);
        if (shape) {
            OptionChecks.finiteAbove(spec, "--fwhm", fwhm, 0, false);
        }
        Path npy = Inputs.sibling(output, "_profile.npy");
        Path json = Inputs.sibling(output, "_profile.json");
        for (Path p : new Path[] {output, npy, json}) {
            OutputFiles.checkWritable(p, force);
        }
        try (var lock = org.espreso.core.io.OutputLock.acquire(output, "espreso simulate")) {
            return simulate(npy, json);
        }
    }

    private int simulate(Path npy, Path json) throws java.io.IOException {
        boolean shape = shape();
        Profile file = shape ? null : Inputs.profile(Path.of(profile));
        Volume hr = Inputs.image(input, volume.index);
        SimulationSpec s = new SimulationSpec(shape ? profile : "file", shape ? fwhm : 0, scale, lrAxis);
        Simulation.Result r;
        try {
            r = Simulation.run(hr, s, file);
        } catch (IllegalArgumentException e) {
            throw org.espreso.core.InvalidInputException.of(input, e.getMessage());
        }

        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("kind", s.kind().label());
        meta.put("nominal_fwhm_mm", shape ? fwhm : r.truth().fwhmMm());
        meta.put("scale", scale);
        meta.put("lr_axis", lrAxis);
        meta.put("slice_spacing_mm", r.lr().spacing(lrAxis));
        meta.put("source", input.toAbsolutePath().toString());
        meta.put("espreso_version", VersionProvider.version());
        NiftiWriter.write(r.lr(), output, force);
        OutputFiles.write(npy, force, out -> Npy.write(out, r.truth().taps()));
        OutputFiles.writeString(json, force, ProfileJson.toJson(r.truth(), meta));

        var out = spec.commandLine().getOut();
        int[] d = r.lr().dims();
        out.printf("wrote %s  %d x %d x %d, spacing %.4g x %.4g x %.4g mm%n", output, d[0], d[1], d[2],
                r.lr().spacing(0), r.lr().spacing(1), r.lr().spacing(2));
        out.printf("true profile %s: %d taps, FWHM %.3f mm (%s)%n", npy.getFileName(), r.truth().length(), r.truth().fwhmMm(), s.label());
        return 0;
    }
}
