package org.espreso.smore;

import org.espreso.core.train.Rng;
import org.espreso.core.train.OneCycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.compute.Backend;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
    @BeforeAll
    static void init() {
        Backend.init(Backend.defaultThreads());
    }

    static Volume blobs() {
        int nx = 72, ny = 64, nz = 8;
        float[] d = new float[nx * ny * nz];
        Rng rng = Rng.ofState(9);
        double[][] c = new double[12][4];
        for (double[] b : c) {
            b[0] = rng.nextDouble() * nx;
            b[1] = rng.nextDouble() * ny;
            b[2] = rng.nextDouble() * nz * 4;
            b[3] = 4 + 12 * rng.nextDouble();
        }
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double s = 0;
                    for (double[] b : c) {
                        double dx = x - b[0], dy = y - b[1], dz = 4 * z - b[2];
                        s += Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * b[3] * b[3]));
                    }
                    d[x + nx * (y + ny * z)] = (float) (100 * s);
                }
            }
        }
        return Volume.of(new int[] {nx, ny, nz}, new double[] {1, 1, 4}, d);
    }

    static SmoreConfig tiny(int steps) {
        return SmoreConfig.defaults().withSteps(steps).withBatchSize(4).withPatchSize(12).withNetwork(8, 2)
                .withSeed(11);
    }

    static float[] params(SmoreModel m) {
        Wdsr n = m.network();
        int total = 0;
        for (String p : n.paramNames()) {
            total += (int) n.params().get(p).length();
        }
        float[] all = new float[total];
        int o = 0;
        for (String p : n.paramNames()) {
            float[] a = n.params().get(p).dup('c').data().asFloat();
            System.arraycopy(a, 0, all, o, a.length);
            o += a.length;
        }
        return all;
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        Volume v = blobs();
        BlurKernel k = BlurKernel.gaussian(4);
        float[] a = params(Smore.train(tiny(8), v, 2, 4, k, SmoreListener.NONE, false));
        float[] b = params(Smore.train(tiny(8), v, 2, 4, k, SmoreListener.NONE, false));
        assertArrayEquals(a, b, 1e-6f);
        float[] c = params(Smore.train(tiny(8).withSeed(12), v, 2, 4, k, SmoreListener.NONE, false));
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void bothEnginesFollowTheSameTrajectory() {
        Volume v = blobs();
        BlurKernel k = BlurKernel.gaussian(4);
        SmoreConfig cfg = tiny(6);
        float[][] p = new float[2][];
        double[][] loss = new double[2][6];
        Engine[] engines = {Engine.GEMM, Engine.SAMEDIFF};
        for (int e = 0; e < 2; e++) {
            Trainer t = new Trainer(cfg, new PairSampler(v, 2, k, 4, cfg.patchSize(), false), k, engines[e]);
            for (int i = 0; i < 6; i++) {
                t.trainStep();
                loss[e][i] = t.lastLoss();
            }
            p[e] = params(t.model());
            t.close();
        }
        assertEquals(loss[1][0], loss[0][0], 1e-6, "loss of the first batch");
        double maxDiff = 0, maxStep = 0;
        float[] init = params(new Trainer(cfg, new PairSampler(v, 2, k, 4, cfg.patchSize(), false), k,
                Engine.GEMM).model());
        for (int i = 0; i < p[0].length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(p[0][i] - p[1][i]));
            maxStep = Math.max(maxStep, Math.abs(p[1][i] - init[i]));
        }
        // Six Adam steps move parameters by up to ~1e-3; the engines agree to float rounding of that.
        assertTrue(maxStep > 1e-5, "parameters moved by " + maxStep);
        assertTrue(maxDiff < 0.02 * maxStep, "engines differ by " + maxDiff + " after moves of " + maxStep);
    }

    @Test
    void lossDecreases() {
        Volume v = blobs();
        double[] first = {Double.NaN};
        double[] last = {Double.NaN};
        SmoreListener l = new SmoreListener() {
            @Override
            public void stepDone(int step, int total, double loss, double lr) {
                if (step == 1) {
                    first[0] = loss;
                }
                last[0] = loss;
            }
        };
        Smore.train(tiny(60).withMaxLr(3e-3), v, 2, 4, BlurKernel.gaussian(4), l, false);
        assertTrue(last[0] < 0.7 * first[0], "loss " + first[0] + " -> " + last[0]);
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        Volume v = blobs();
        BlurKernel k = BlurKernel.gaussian(4);
        SmoreConfig cfg = tiny(10).withCheckpoints(dir.resolve("ckpt"), 1000);
        float[] straight = params(Smore.train(cfg, v, 2, 4, k, SmoreListener.NONE, false));

        PairSampler sampler = new PairSampler(v, 2, k, 4, cfg.patchSize(), cfg.uniformSampling());
        Trainer first = new Trainer(cfg, sampler, k);
        for (int i = 0; i < 4; i++) {
            first.trainStep();
        }
        first.saveCheckpoint(dir.resolve("ckpt"));
        first.close();
        // A new process would start here: resume and finish.
        float[] resumed = params(Smore.train(cfg, v, 2, 4, k, SmoreListener.NONE, true));
        assertArrayEquals(straight, resumed, 1e-5f);

        SmoreConfig other = cfg.withSteps(12);
        assertThrows(InvalidInputException.class, () -> Smore.train(other, v, 2, 4, k, SmoreListener.NONE, true));
    }

    @Test
    void savedModelAppliesToAnotherVolumeIdentically(@TempDir Path dir) throws Exception {
        Volume v = blobs();
        SmoreModel m = Smore.train(tiny(3), v, 2, 4, BlurKernel.gaussian(4), SmoreListener.NONE, false);
        m.save(dir.resolve("model"));
        SmoreModel loaded = SmoreModel.load(dir.resolve("model"));
        assertEquals(4.0, loaded.scale());
        assertArrayEquals(params(m), params(loaded), 0f);
        Volume other = Volume.of(new int[] {20, 24, 6}, new double[] {1, 1, 4}, new float[20 * 24 * 6]);
        for (int i = 0; i < other.voxelCount(); i++) {
            other.data()[i] = (i * 37) % 101;
        }
        Volume a = m.superResolve(other), b = loaded.superResolve(other);
        assertArrayEquals(new int[] {20, 24, 24}, b.dims());
        assertArrayEquals(a.data(), b.data(), 0f);
        assertThrows(InvalidInputException.class, () -> SmoreModel.load(dir));
    }

    @Test
    void oneCycleShape() {
        OneCycle oc = OneCycle.standard(100, 1e-3);
        assertEquals(1e-3 / 25, oc.lr(0), 1e-12);
        assertEquals(1e-3, oc.lr(29), 1e-9);
        assertEquals(1e-3 / 25 / 1e4, oc.lr(99), 1e-12);
        assertEquals(0.95, oc.beta1(0), 1e-12);
        assertEquals(0.85, oc.beta1(29), 1e-9);
        assertEquals(0.95, oc.beta1(99), 1e-12);
        assertTrue(oc.lr(50) < oc.lr(40));
    }

    @Test
    void inputChecks() {
        Volume iso = Volume.of(new int[] {8, 8, 8}, new double[] {1, 1, 1}, new float[512]);
        assertThrows(InvalidInputException.class, () -> Smore.resolveScale(iso, 2, Double.NaN));
        assertEquals(2.0, Smore.resolveScale(iso, 2, 2.0));
        Volume aniso = Volume.of(new int[] {8, 8, 8}, new double[] {1, 1.5, 4}, new float[512]);
        assertThrows(InvalidInputException.class, () -> Smore.resolveAxis(aniso, -1));
        Volume v = Volume.of(new int[] {8, 8, 8}, new double[] {1, 3.2, 1}, new float[512]);
        assertEquals(1, Smore.resolveAxis(v, -1));
        assertEquals(3.2, Smore.resolveScale(v, 1, Double.NaN), 1e-12);
        assertEquals(7, Smore.gaussianKernel(v, 1, Double.NaN).length()); // FWHM 3.2 px -> 2 round(3.2) + 1
    }
}
