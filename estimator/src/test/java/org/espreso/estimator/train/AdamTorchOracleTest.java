package org.espreso.estimator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.espreso.core.TestData;
import org.espreso.core.profile.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Adam} against {@code torch.optim.Adam} (Debian's python3-torch as the oracle): the same parameters and
 * gradients, a learning rate and beta1 changed every step as the one-cycle schedule changes them, coupled weight
 * decay and gradient clipping by value ({@code clip_grad_value_} before {@code step()}), 40 steps.
 */
class AdamTorchOracleTest {
    private static final int N = 257, STEPS = 40;
    private static final double BETA2 = 0.999, DECAY = 1e-3, CLIP = 0.02;

    @TempDir
    Path dir;

    @Test
    void matchesTorchOptimAdamStepByStep() throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        double[] p0 = new double[N];
        for (int i = 0; i < N; i++) {
            p0[i] = (float) rng.nextGaussian();
        }
        double[] grads = new double[STEPS * N], lrs = new double[STEPS], beta1s = new double[STEPS];
        for (int t = 0; t < STEPS; t++) {
            lrs[t] = 1e-3 + 4e-3 * Math.sin(Math.PI * t / STEPS);
            beta1s[t] = 0.95 - 0.1 * Math.sin(Math.PI * t / STEPS);
            for (int i = 0; i < N; i++) {
                // Some gradients beyond the clip, some tiny: both branches of the clip, and v near eps.
                grads[t * N + i] = (float) (rng.nextGaussian() * (i % 3 == 0 ? 0.05 : 1e-4));
            }
        }
        write("p0.npy", p0);
        write("grads.npy", grads);
        write("lrs.npy", lrs);
        write("beta1s.npy", beta1s);

        INDArray p = Nd4j.createFromArray(toFloat(p0));
        Adam adam = new Adam(List.of(p), BETA2, DECAY, CLIP);
        double[] ours = new double[STEPS * N];
        for (int t = 0; t < STEPS; t++) {
            float[] g = new float[N];
            for (int i = 0; i < N; i++) {
                g[i] = (float) grads[t * N + i];
            }
            adam.step(List.of(Nd4j.createFromArray(g).castTo(DataType.FLOAT)), lrs[t], beta1s[t]);
            float[] now = p.toFloatVector();
            for (int i = 0; i < N; i++) {
                ours[t * N + i] = now[i];
            }
        }

        String py = String.join("\n",
                "import sys, numpy as np, torch",
                "d = sys.argv[1]; n = " + N + "; steps = " + STEPS,
                "p = torch.tensor(np.load(d + '/p0.npy'), dtype=torch.float32, requires_grad=True)",
                "g = np.load(d + '/grads.npy').reshape(steps, n); lrs = np.load(d + '/lrs.npy'); b1 = np.load(d + '/beta1s.npy')",
                "opt = torch.optim.Adam([p], lr=1.0, betas=(0.9, " + BETA2 + "), eps=1e-8, weight_decay=" + DECAY + ")",
                "out = np.zeros((steps, n))",
                "for t in range(steps):",
                "    opt.param_groups[0]['lr'] = float(lrs[t]); opt.param_groups[0]['betas'] = (float(b1[t]), " + BETA2 + ")",
                "    p.grad = torch.tensor(g[t], dtype=torch.float32)",
                "    torch.nn.utils.clip_grad_value_([p], " + CLIP + ")",
                "    opt.step()",
                "    out[t] = p.detach().numpy()",
                "np.save(d + '/torch.npy', out.reshape(-1))");
        Process pr = new ProcessBuilder(TestData.PYTHON, "-c", py, dir.toString()).redirectErrorStream(true).start();
        String log = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pr.waitFor(), "python3-torch is the oracle (apt-get install python3-torch): " + log);
        double[] torch = Npy.read(dir.resolve("torch.npy"));
        assertEquals(ours.length, torch.length);
        double worst = 0, moved = 0;
        for (int k = 0; k < ours.length; k++) {
            worst = Math.max(worst, Math.abs(ours[k] - torch[k]));
        }
        for (int i = 0; i < N; i++) {
            moved = Math.max(moved, Math.abs(torch[(STEPS - 1) * N + i] - p0[i]));
        }
        assertTrue(moved > 0.05, "the steps move the parameters (by " + moved + ")");
        // Parameters are O(1) and each step moves them by up to lr ≈ 5e-3: a different rule (bias correction with a
        // fixed beta1, decay after the moments, clipping after the decay, eps inside the root) differs by ≥ 1e-4
        // within a few steps; float32 rounding accumulates to about 2e-6 over the 40 steps.
        assertTrue(worst < 1e-5, "largest difference from torch over all steps: " + worst);
    }

    private void write(String name, double[] v) throws Exception {
        try (OutputStream o = Files.newOutputStream(dir.resolve(name))) {
            Npy.write(o, v);
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
