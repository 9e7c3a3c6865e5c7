package org.espreso.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.List;
import org.espreso.compute.Backend;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.core.train.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Analytic gradients (SameDiff generator graph, hand-written discriminator and degradation) vs central differences. */
class GradientCheckTest {
    /** Step sizes: float32 noise favours large steps, (leaky) ReLU kinks small ones; a wrong gradient fails all. */
    private static final double[] STEPS = {1e-2, 3e-3, 1e-3};

    /** Central difference of {@code f} w.r.t. one float element, the one of the STEPS closest to {@code analytic}. */
    private static void checkFd(FloatBuffer buf, int idx, java.util.function.DoubleSupplier f, double analytic, String what) {
        float old = buf.get(idx);
        double best = Double.NaN;
        for (double h : STEPS) {
            buf.put(idx, (float) (old + h));
            double lp = f.getAsDouble();
            buf.put(idx, (float) (old - h));
            double lm = f.getAsDouble();
            buf.put(idx, old);
            double fd = (lp - lm) / (2 * h);
            if (Double.isNaN(best) || Math.abs(fd - analytic) < Math.abs(best - analytic)) {
                best = fd;
            }
        }
        check(analytic, best, what);
    }
    @BeforeAll
    static void init() {
        Backend.init(1);
    }

    private static void fillRandom(INDArray a, Rng r, double scale) {
        FloatBuffer b = a.data().asNioFloat();
        for (int i = 0; i < a.length(); i++) {
            b.put(i, (float) (scale * r.nextGaussian()));
        }
    }

    private static void check(double analytic, double numeric, String what) {
        double tol = 3e-4 + 3e-2 * Math.max(Math.abs(analytic), Math.abs(numeric));
        assertEquals(numeric, analytic, tol, what);
    }

    private static EstimatorConfig small(String preset) {
        return EstimatorConfig.preset(preset).with("genChannels", "6").with("discChannels", "5");
    }

    @Test
    void discriminatorWeightAndInputGradients() {
        for (String preset : new String[] {"release", "ipmi2021"}) {
          for (int threads : new int[] {1, 2}) {
            EstimatorConfig cfg = small(preset);
            Rng r = new Rng(9);
            Discriminator d = new Discriminator(cfg.discWidths(), cfg.discChannels(), cfg.leakySlope(), 6, 16, r, threads);
            assertEquals(threads, d.threads());
            fillRandom(d.input(), r, 1.0);
            d.step(true, true);
            List<INDArray> grads = d.gradients().stream().map(INDArray::dup).toList();
            INDArray gin = d.inputGradient().dup();
            List<INDArray> params = d.parameters();
            int checked = 0;
            for (int pi = 0; pi < params.size(); pi++) {
                INDArray p = params.get(pi);
                FloatBuffer pb = p.data().asNioFloat();
                for (int e = 0; e < Math.min(p.length(), 6); e++) {
                    int idx = (int) ((e * 7919L) % p.length());
                    checkFd(pb, idx, () -> {
                        d.normaliseFrozen();
                        return d.forward();
                    }, grads.get(pi).getDouble(idx), preset + " param " + pi + "[" + idx + "]");
                    checked++;
                }
            }
            d.normaliseFrozen();
            FloatBuffer ib = d.input().data().asNioFloat();
            for (int idx = 0; idx < d.input().length(); idx += 13) {
                checkFd(ib, idx, d::forward, gin.getDouble(idx), preset + " input " + idx);
                checked++;
            }
            assertTrue(checked > 40);
          }
        }
    }

    /** Column blocks on concurrent threads (uneven split across the fake/real boundary) = one pass. */
    @Test
    void shardedDiscriminatorMatchesOnePass() {
        EstimatorConfig cfg = EstimatorConfig.preset("release");
        Discriminator one = new Discriminator(cfg.discWidths(), 16, cfg.leakySlope(), 70, 16, new Rng(3), 1);
        // 3 threads × 4 blocks of 5–6 columns: 24 columns per thread, 6 of length 16 × 16 channels per block
        Discriminator three = new Discriminator(cfg.discWidths(), 16, cfg.leakySlope(), 70, 16, new Rng(3), 3, 16 * 16 * 4 * 6);
        assertEquals(3, three.threads());
        assertEquals(12, three.blocks());
        Rng r = new Rng(5);
        fillRandom(one.input(), r, 1.0);
        three.input().assign(one.input());
        for (boolean weights : new boolean[] {true, false}) {
            double l1 = one.step(weights, true), l3 = three.step(weights, true);
            assertEquals(l1, l3, 1e-6 * Math.abs(l1));
            assertTrue(l1 > 0.1, "a real loss " + l1);
            assertTrue(one.inputGradient().equalsWithEps(three.inputGradient(), 1e-6), "input gradient");
            if (weights) {
                for (int i = 0; i < one.gradients().size(); i++) {
                    INDArray a = one.gradients().get(i), b = three.gradients().get(i);
                    double scale = a.norm2Number().doubleValue();
                    assertTrue(scale > 0 && a.sub(b).norm2Number().doubleValue() < 1e-5 * scale, "gradient " + i);
                }
            }
        }
    }

    @Test
    void profileGradientThroughDegradation() {
        EstimatorConfig cfg = small("release");
        PatchGeometry g = PatchGeometry.of(2, 9, 16, 100);
        int batch = 2;
        Rng r = new Rng(4);
        Degradation deg = new Degradation(g, batch);
        Discriminator d = new Discriminator(cfg.discWidths(), cfg.discChannels(), cfg.leakySlope(), 2 * batch * g.lr(), g.lr(), r);
        fillRandom(deg.fakeInput(), r, 1);
        fillRandom(deg.realInput(), r, 1);
        float[] k = new float[9];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (0.05 + 0.2 * r.nextDouble());
        }
        deg.setProfile(k);
        deg.forward(d.input());
        d.step(false, true);
        float[] dk = deg.backward(d.inputGradient());
        d.normaliseFrozen();
        FloatBuffer kb = FloatBuffer.wrap(k);
        for (int i = 0; i < k.length; i++) {
            checkFd(kb, i, () -> {
                deg.setProfile(k);
                deg.forward(d.input());
                return d.forward();
            }, dk[i], "dL/dk[" + i + "]");
        }
    }

    @Test
    void generatorGradientsMatchFiniteDifferences() {
        for (String preset : new String[] {"release", "ipmi2021"}) {
            EstimatorConfig cfg = small(preset).with("profileLength", "9");
            PatchGeometry geo = PatchGeometry.of(2, 9, 16, 100);
            Rng r = new Rng(21);
            EspresoModel m = new EspresoModel(cfg, geo, 2, r);
            fillRandom(m.warmupInput(), r, 1);
            float[] g = new float[9];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) r.nextGaussian();
            }
            double[] w = {10, 1, 1, 1, 1};
            List<INDArray> grads = m.generatorGradients(g, w);
            List<INDArray> params = m.generatorParameters();
            for (int pi = 0; pi < params.size(); pi++) {
                INDArray p = params.get(pi);
                FloatBuffer pb = p.data().asNioFloat();
                for (int e = 0; e < Math.min(p.length(), 5); e++) {
                    int idx = (int) ((e * 104729L) % p.length());
                    checkFd(pb, idx, () -> m.generatorLoss(g, w), grads.get(pi).getDouble(idx),
                            preset + " " + m.generatorParameterNames().get(pi) + "[" + idx + "]");
                }
            }
        }
    }
}
