package org.espreso.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.espreso.compute.Backend;
import org.espreso.core.runtime.ProcessStats;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;
import org.espreso.evaluation.metrics.HeadMask;
import org.espreso.evaluation.metrics.Mask;
import org.espreso.evaluation.metrics.Psnr;
import org.espreso.smore.BlurKernel;
import org.espreso.smore.Smore;
import org.espreso.smore.SmoreConfig;
import org.espreso.smore.SmoreListener;
import org.espreso.smore.SmoreModel;

/**
 * The tuning run behind the {@code fast} preset (docs/smore.md): Colin27 simulated with a Gaussian FWHM 4 mm at
 * scale 4 along z, SMORE trained for each budget in {@code --steps} (each a full one-cycle run), masked PSNR of SR
 * and of cubic interpolation against the truth, wall time of training and inference. Appends CSV lines to
 * {@code --out}.
 */
public final class SmoreCurve {
    private SmoreCurve() {
    }

    public static void main(String[] args) throws IOException {
        String steps = "100,200,400,800";
        int batch = 16, patch = 32, threads = Runtime.getRuntime().availableProcessors();
        double fwhm = 4, scale = 4;
        Path in = Path.of("/usr/share/mricron/templates/ch2.nii.gz");
        Path out = Path.of("bench-results/smore-curve.csv");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = args[++i];
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--patch" -> patch = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--input" -> in = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Backend.init(threads);
        Volume hr = NiftiReader.read(in);
        Volume lr = Acquisition.simulate(hr, 2, Profiles.gaussian(fwhm / hr.spacing(2)), scale);
        int m = (int) Math.round(lr.dim(2) * scale);
        Volume truth = Resampling.crop(hr, 2, 0, m);
        Mask mask = HeadMask.of(truth);
        double cubic = Psnr.masked(truth, Resampling.upsampleCubic(lr, 2, scale), mask);
        Files.createDirectories(out.toAbsolutePath().getParent());
        if (!Files.exists(out)) {
            Files.writeString(out, "steps,batch,patch,threads,train_s,infer_s,psnr_sr,psnr_cubic,load,train_cpu_s,infer_cpu_s\n");
        }
        BlurKernel k = Smore.gaussianKernel(lr, 2, Double.NaN);
        for (String s : steps.split(",")) {
            int n = Integer.parseInt(s.trim());
            SmoreConfig cfg = SmoreConfig.defaults().withSteps(n).withBatchSize(batch).withPatchSize(patch);
            long t0 = System.nanoTime();
            long c0 = ProcessStats.cpuNanos();
            SmoreModel model = Smore.train(cfg, lr, 2, scale, k, SmoreListener.NONE, false);
            double train = (System.nanoTime() - t0) / 1e9;
            double trainCpu = (ProcessStats.cpuNanos() - c0) / 1e9;
            t0 = System.nanoTime();
            c0 = ProcessStats.cpuNanos();
            Volume sr = model.superResolve(lr, 2, cfg, SmoreListener.NONE);
            double infer = (System.nanoTime() - t0) / 1e9;
            double inferCpu = (ProcessStats.cpuNanos() - c0) / 1e9;
            double psnr = Psnr.masked(truth, sr, mask);
            String line = String.format(Locale.ROOT, "%d,%d,%d,%d,%.1f,%.1f,%.3f,%.3f,%.2f,%.1f,%.1f%n", n, batch,
                    patch, threads, train, infer, psnr, cubic, ProcessStats.loadAverage(), trainCpu, inferCpu);
            System.out.print(line);
            Files.writeString(out, line, StandardOpenOption.APPEND);
        }
    }
}
