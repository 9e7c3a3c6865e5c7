package org.espreso.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.espreso.compute.Backend;
import org.espreso.core.runtime.ProcessStats;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.Estimator;
import org.espreso.estimator.EstimatorConfig;

/**
 * Benchmark harness for {@code bench/espreso}: times GAN iterations of each preset on a simulated case
 * (Gaussian FWHM 4 mm, scale 4, along z) and prints {@code sec_per_iter}, GFLOP/s and peak RSS.
 *
 * <p>Usage: {@code EspresoBench [--input HR.nii.gz] [--threads T] [--warm N] [--iters N] [--presets a,b]
 * [--out FILE]}. Without {@code --input} (or if no NIfTI reader is on the class path) a synthetic 181×217×181
 * phantom is used; timings do not depend on the image content, only on the shapes.
 */
public final class EspresoBench {
    /** GFLOP per GAN iteration at the preset's default batch (docs/espreso.md). */
    static double gflop(String preset, int batch) {
        return preset.equals(EstimatorConfig.RELEASE) ? 18.4 * batch / 128.0 : 7.8 * batch / 64.0;
    }

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors(), warm = 5, iters = 20;
        String presets = "release,ipmi2021";
        Path input = null, out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--warm" -> warm = Integer.parseInt(args[++i]);
                case "--iters" -> iters = Integer.parseInt(args[++i]);
                case "--presets" -> presets = args[++i];
                case "--input" -> input = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Backend.init(threads);
        Volume hr = input != null ? readNifti(input) : phantom();
        Volume lr = Acquisition.simulate(hr, 2, Profiles.gaussian(4), 4);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("# espreso bench: threads=%d warm=%d iters=%d input=%s load=%s", threads, warm, iters,
                input == null ? "phantom181x217x181" : input, ProcessStats.loadAverage()));
        System.out.println(lines.get(0));
        for (String p : presets.split(",")) {
            EstimatorConfig cfg = EstimatorConfig.preset(p).with("warmupIterations", "0")
                    .with("iterations", Integer.toString(warm + iters));
            Estimator.Prepared prep = Estimator.prepare(cfg, lr, Estimator.Options.defaults());
            Estimator.Session s = new Estimator.Session(cfg, prep, Estimator.Options.defaults());
            for (int i = 0; i < warm; i++) {
                s.oneStep();
            }
            long t0 = System.nanoTime();
            long c0 = ProcessStats.cpuNanos();
            for (int i = 0; i < iters; i++) {
                s.oneStep();
            }
            double sec = (System.nanoTime() - t0) / 1e9 / iters;
            double cpu = (ProcessStats.cpuNanos() - c0) / 1e9 / iters;
            double gf = gflop(p, cfg.batchSize()) / sec;
            String line = String.format("%s batch=%d sec_per_iter %.4f gflops %.1f cpu_sec_per_iter %.4f peak_rss_mb %.0f "
                    + "(full run %.1f min)", p, cfg.batchSize(), sec, gf, cpu, ProcessStats.peakRssMb(),
                    sec * EstimatorConfig.preset(p).totalSteps() / 60);
            System.out.println(line);
            System.out.println("sec_per_iter " + String.format("%.4f", sec));
            lines.add(line);
        }
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, lines);
        }
    }

    static Volume readNifti(Path p) {
        return org.espreso.core.nifti.NiftiReader.read(p);
    }

    /** Smooth random blobs in an ellipsoid, Colin27-sized. */
    static Volume phantom() {
        int nx = 181, ny = 217, nz = 181;
        float[] d = new float[nx * ny * nz];
        java.util.Random r = new java.util.Random(7);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double ex = (x - nx / 2.0) / (nx * 0.42), ey = (y - ny / 2.0) / (ny * 0.42), ez = (z - nz / 2.0) / (nz * 0.42);
                    if (ex * ex + ey * ey + ez * ez < 1) {
                        d[x + nx * (y + ny * z)] = (float) (100 + 50 * Math.sin(x * 0.3) * Math.cos(y * 0.23) * Math.sin(z * 0.17)
                                + 20 * r.nextDouble());
                    }
                }
            }
        }
        return Volume.of(new int[] {nx, ny, nz}, new double[] {1, 1, 1}, d);
    }


}
