package org.espreso.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;
import org.espreso.evaluation.metrics.HeadMask;
import org.espreso.evaluation.metrics.ImageMetrics;
import org.espreso.evaluation.metrics.Mask;
import org.espreso.evaluation.simulate.Simulation;
import org.espreso.evaluation.simulate.SimulationSpec;

/**
 * Times the foundation's hot paths on Colin27: NIfTI read and write (.nii.gz), one simulation, head mask and
 * masked SSIM. Prints "name median_s min_s" lines; run through bench/foundation.
 */
public final class FoundationBench {
    private FoundationBench() {
    }

    public static void main(String[] args) throws Exception {
        Path colin = Path.of(args.length > 0 ? args[0] : "/usr/share/mricron/templates/ch2.nii.gz");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path tmp = Files.createTempDirectory("espreso-bench");
        Volume hr = NiftiReader.read(colin);
        List<String> lines = new ArrayList<>();
        lines.add(time("read_colin27_nii_gz", reps, () -> NiftiReader.read(colin)));
        Path out = tmp.resolve("w.nii.gz");
        lines.add(time("write_colin27_nii_gz_float32", reps, () -> {
            try {
                NiftiWriter.write(hr, out, true);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        }));
        SimulationSpec spec = SimulationSpec.gaussian(4, 4);
        lines.add(time("simulate_gaussian4mm_x4", reps, () -> Simulation.run(hr, spec, null)));
        Volume lr = Simulation.run(hr, spec, null).lr();
        Volume cubic = Resampling.upsampleCubic(lr, 2, 4);
        Volume truth = Resampling.crop(hr, 2, 0, cubic.dim(2));
        lines.add(time("cubic_upsample_x4", reps, () -> Resampling.upsampleCubic(lr, 2, 4)));
        lines.add(time("head_mask", reps, () -> HeadMask.of(truth)));
        Mask mask = HeadMask.of(truth);
        lines.add(time("masked_psnr_ssim", reps, () -> ImageMetrics.of(truth, cubic, mask)));
        for (String l : lines) {
            System.out.println(l);
        }
        try (var s = Files.list(tmp)) {
            s.forEach(p -> p.toFile().delete());
        }
        Files.delete(tmp);
    }

    private static String time(String name, int reps, Supplier<?> work) {
        work.get(); // warm-up: JIT and page cache
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.get();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return String.format("%-30s median %.3f s  min %.3f s  (%d runs)", name, t[reps / 2], t[0], reps);
    }
}
