package org.espreso.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.espreso.core.InvalidInputException;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;
import org.espreso.evaluation.metrics.HeadMask;
import org.espreso.evaluation.metrics.ImageMetrics;
import org.espreso.evaluation.metrics.Mask;
import org.espreso.evaluation.simulate.Simulation;
import org.espreso.evaluation.simulate.SimulationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the toolkit on the bundled default: Colin27 acquired with 4 mm Gaussian slices at 4 mm spacing. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Simulate a thick-slice acquisition of Colin27 (Gaussian FWHM 4 mm, scale 4) and score",
            "cubic interpolation of it against the truth. Needs Debian's mricron-data."})
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
        Files.createDirectories(dir);
        Path lr = dir.resolve("lr.nii.gz");
        out.println("== 1. simulate: Gaussian FWHM 4 mm, slice spacing 4 mm, from " + hrPath);
        int rc = Main.run(out, spec.commandLine().getErr(), "simulate", "-i", hrPath.toString(), "-o", lr.toString(),
                "--profile", "gaussian", "--fwhm", "4", "--scale", "4", forceFlag());
        if (rc != 0) {
            return rc;
        }
        out.println();
        out.println("== 2. info of the simulated image");
        Main.run(out, spec.commandLine().getErr(), "info", "-i", lr.toString());

        out.println();
        out.println("== 3. cubic interpolation back to 1 mm vs. the truth (masked, paper conventions)");
        Volume lrVol = Inputs.image(lr, null);
        Volume hr = Inputs.image(hrPath, null);
        Volume cubic = Resampling.upsampleCubic(lrVol, 2, 4);
        Volume truth = Resampling.crop(hr, 2, 0, cubic.dim(2));
        Path cubicPath = dir.resolve("cubic.nii.gz");
        org.espreso.core.nifti.NiftiWriter.write(cubic, cubicPath, force);
        Mask mask = HeadMask.of(truth);
        ImageMetrics m = ImageMetrics.of(truth, cubic, mask);
        out.printf("cubic interpolation: PSNR %.2f dB, SSIM %.4f  (%s)%n", m.psnr(), m.ssim(), cubicPath);
        out.println("outputs in " + dir.toAbsolutePath());
        return 0;
    }

    private String forceFlag() {
        return force ? "--force" : "--threads=" + GlobalOptions.threads();
    }
}
