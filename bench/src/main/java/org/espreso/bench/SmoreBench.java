package org.espreso.bench;

import org.espreso.core.train.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import org.espreso.compute.Backend;
import org.espreso.core.runtime.ProcessStats;
import org.espreso.core.volume.Volume;
import org.espreso.smore.BlurKernel;
import org.espreso.smore.Engine;
import org.espreso.smore.Inference;
import org.espreso.smore.SmoreModel;
import org.espreso.smore.WdsrForward;
import org.espreso.smore.PairSampler;
import org.espreso.smore.SmoreConfig;
import org.espreso.smore.Trainer;
import org.espreso.smore.Wdsr;

/**
 * The SMORE benchmark (bench/smore): seconds per training step (batch 32 of 48x48 LR patches, s = 4, the
 * reference's shape) and per inference slice (64 x 256 LR slices, batched), GFLOP/s, peak RSS. Prints
 * {@code key value} lines and writes them to a results file.
 *
 * <p>Each engine given with {@code --engines} (default {@code gemm,samediff}: this build's CPU engine, then the
 * SameDiff graph for the ratio in the same run) prints its figures prefixed {@code <engine>.}; the unprefixed
 * {@code sec_per_step} and {@code sec_per_slice} are those of the first engine.
 *
 * <p>Usage: {@code SmoreBench [--threads T] [--steps N] [--warmup N] [--slices N] [--batch B] [--patch P]
 * [--engines E1,E2] [--out FILE]}
 */
public final class SmoreBench {
    private SmoreBench() {
    }

    public static void main(String[] args) throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        int steps = 5, warmup = 2, slices = 64, batch = 32, patch = 48, inferencePixels = 1 << 18;
        Path out = Path.of("bench-results/smore.txt");
        String engines = "gemm,samediff";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--slices" -> slices = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--patch" -> patch = Integer.parseInt(args[++i]);
                case "--inference-pixels" -> inferencePixels = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--engines" -> engines = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Backend.init(threads);
        StringBuilder report = new StringBuilder();
        double load = ProcessStats.loadAverage();
        line(report, "date", LocalDate.now().toString());
        line(report, "threads", Integer.toString(threads));
        line(report, "load_before", String.format(Locale.ROOT, "%.2f", load));
        line(report, "backend", Backend.platformBuild());

        // Training: a smooth random 256 x 256 x 64 volume at 1 x 1 x 4 mm.
        Volume v = syntheticVolume(256, 256, 64, 4.0);
        boolean first = true;
        for (String name : engines.split(",")) {
            Engine engine = Engine.parse(name);
            String pre = engine.label() + ".";
            // The inference path picks the process's engine.
            System.setProperty("espreso.smore.engine", engine.label());
            SmoreConfig cfg = SmoreConfig.defaults().withSteps(warmup + steps).withBatchSize(batch).withPatchSize(patch);
            PairSampler sampler = new PairSampler(v, 2, BlurKernel.gaussian(4.0), 4.0, patch, false);
            Trainer t = new Trainer(cfg, sampler, BlurKernel.gaussian(4.0), engine);
            for (int i = 0; i < warmup; i++) {
                t.trainStep();
            }
            long t0 = System.nanoTime();
            long c0 = ProcessStats.cpuNanos();
            for (int i = 0; i < steps; i++) {
                t.trainStep();
            }
            double secStep = (System.nanoTime() - t0) / 1e9 / steps;
            double cpuStep = (ProcessStats.cpuNanos() - c0) / 1e9 / steps;
            Wdsr net = t.network();
            double flopStep = 3.0 * 2 * net.macsPerPixel() * batch * sampler.inRows() * (double) sampler.patch();
            if (first) {
                line(report, "sec_per_step", String.format(Locale.ROOT, "%.3f", secStep));
                line(report, "train_gflop_per_step", String.format(Locale.ROOT, "%.1f", flopStep / 1e9));
            }
            line(report, pre + "sec_per_step", String.format(Locale.ROOT, "%.3f", secStep));
            line(report, pre + "train_gflops", String.format(Locale.ROOT, "%.1f", flopStep / 1e9 / secStep));
            // CPU seconds of the process: on a shared machine wall time inflates, CPU time much less; wall time on
            // an idle machine is about cpu / threads.
            line(report, pre + "cpu_sec_per_step", String.format(Locale.ROOT, "%.3f", cpuStep));

            // Inference: 64 x 256 LR slices (the through-plane slices of a 256 x 256 x 64 volume at s = 4).
            var model = t.model();
            long c1 = ProcessStats.cpuNanos();
            double secSlice = timeSlices(model, 64, 256, slices, inferencePixels, warmup > 0);
            double cpuSlice = (ProcessStats.cpuNanos() - c1) / 1e9 / (slices + (warmup > 0 ? Inference.batchSize(slices, 64 * 256,
                    inferencePixels) : 0));
            double flopSlice = 2.0 * net.macsPerPixel() * 64 * 256;
            if (first) {
                line(report, "sec_per_slice", String.format(Locale.ROOT, "%.4f", secSlice));
            }
            line(report, pre + "sec_per_slice", String.format(Locale.ROOT, "%.4f", secSlice));
            line(report, pre + "infer_gflops", String.format(Locale.ROOT, "%.1f", flopSlice / 1e9 / secSlice));
            line(report, pre + "cpu_sec_per_slice", String.format(Locale.ROOT, "%.4f", cpuSlice));
            t.close();
            first = false;
        }
        line(report, "peak_rss_mb", String.format(Locale.ROOT, "%.0f", ProcessStats.peakRssMb()));
        line(report, "load_after", String.format(Locale.ROOT, "%.2f", ProcessStats.loadAverage()));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
        System.out.println("results written to " + out);
    }

    private static void line(StringBuilder sb, String k, String v) {
        String l = k + " " + v;
        System.out.println(l);
        sb.append(l).append('\n');
    }

    static Volume syntheticVolume(int nx, int ny, int nz, double dz) {
        float[] d = new float[nx * ny * nz];
        Rng rng = Rng.ofState(42);
        double[][] c = new double[40][5];
        for (double[] b : c) {
            b[0] = rng.nextDouble() * nx;
            b[1] = rng.nextDouble() * ny;
            b[2] = rng.nextDouble() * nz * dz;
            b[3] = 5 + 30 * rng.nextDouble();
            b[4] = rng.nextDouble();
        }
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double s = 0;
                    for (double[] b : c) {
                        double dx = x - b[0], dy = y - b[1], dd = z * dz - b[2];
                        if (dx * dx + dy * dy + dd * dd < b[3] * b[3]) {
                            s += b[4];
                        }
                    }
                    d[x + nx * (y + ny * z)] = (float) s;
                }
            }
        }
        return Volume.of(new int[] {nx, ny, nz}, new double[] {1, 1, dz}, d);
    }





    /**
     * Seconds per slice to super-resolve {@code slices} random LR slices of rows x cols, batched
     * as inference batches them (one warm-up batch first when {@code warm}).
     */
    static double timeSlices(SmoreModel model, int rows, int cols, int slices, int pixels, boolean warm) {
        int batch = Inference.batchSize(slices, rows * cols, pixels);
        WdsrForward net = Engine.current().forward(model.network(), batch, rows, cols);
        float[] in = new float[batch * rows * cols];
        float[] out = new float[batch * rows * model.network().factor() * cols];
        java.util.Random r = new java.util.Random(0);
        for (int i = 0; i < in.length; i++) {
            in[i] = r.nextFloat();
        }
        if (warm) {
            net.apply(in, batch, out);
        }
        int runs = (slices + batch - 1) / batch;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            net.apply(in, batch, out);
        }
        return (System.nanoTime() - t0) / 1e9 / (runs * (double) batch);
    }
}
