package org.espreso.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.compute.Backend;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping on convergence, the learning-rate levels, the ensemble and their checkpoints. */
class ConvergenceTest {
    static Volume lr;

    @BeforeAll
    static void init() {
        Backend.init(1);
        lr = Phantoms.lowRes(96, 4, 4, 1);
    }

    /** A tiny calibrated configuration: window 8 (checks every 2 iterations), at most 60 iterations. */
    static EstimatorConfig tiny() {
        return EstimatorConfig.calibrated().with(java.util.Map.of("iterations", "60", "warmupIterations", "3",
                "batchSize", "4", "genChannels", "16", "convergenceWindow", "8", "checkpointEvery", "5"));
    }

    @Test
    void aLooseToleranceStopsAtTheFirstPossibleCheckOfEachLevel() {
        // Tolerances no drift can exceed: each level passes at its first possible check (2 windows = 16 iterations),
        // the lr halves from 1e-3 to the floor 1.25e-4 (3 times), and the fourth pass ends the run: 4 × 16 = 64.
        EstimatorConfig cfg = tiny().with("members", "1").with("fwhmTolerance", "100").with("profileTolerance", "1")
                .with("iterations", "100").with("lr", "1e-3").with("lrDecay", "0.5").with("lrFloor", "1.25e-4");
        EstimatorResult r = Estimator.run(cfg, lr, Estimator.Options.defaults(), Estimator.Listener.NONE);
        assertTrue(r.converged());
        assertEquals(64, r.ganIterations());
        assertEquals(3 + 64, r.lossRows().size());
        // the lr column (after the member column): 1e-3 for the first level, the floor at the end
        assertEquals(1e-3, r.lossRows().get(3)[4], 1e-12);
        assertEquals(1.25e-4, r.lossRows().get(r.lossRows().size() - 1)[4], 1e-12);
    }

    @Test
    void aToleranceNoRunMeetsReachesTheMaximumAndSaysSo() {
        EstimatorConfig cfg = tiny().with("members", "1").with("fwhmTolerance", "1e-12").with("profileTolerance", "1e-12");
        EstimatorResult r = Estimator.run(cfg, lr, Estimator.Options.defaults(), Estimator.Listener.NONE);
        assertFalse(r.converged());
        assertEquals(60, r.ganIterations());
        assertTrue(r.summary().contains("NOT CONVERGED"));
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        EstimatorConfig c = EstimatorConfig.calibrated();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("fwhmTolerance", "0")).getMessage()
                .contains("fwhmTolerance"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("profileTolerance", "-1")).getMessage()
                .contains("profileTolerance"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("members", "0")).getMessage()
                .contains("members"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.with("iterations", "150")).getMessage()
                .contains("maximum budget of 150"));
        // a fixed count needs no tolerance
        assertEquals(150, c.with("convergenceWindow", "0").with("iterations", "150").iterations());
    }

    @Test
    void theGeneratorsLearningRateScaleSetsItsStepAndNotTheDiscriminators() {
        // With a fresh Adam state, no weight decay and beta1 = 0, the first GAN step moves every weight whose gradient
        // is not 0 by exactly its lr (m / sqrt(v) = ±1 after bias correction, up to eps): lr · genLrScale for the
        // generator, lr for the discriminator.
        EstimatorConfig base = tiny().with(java.util.Map.of("members", "1", "genWeightDecay", "0", "beta1", "0", "lr", "1e-3", "lrFloor", "1e-4"));
        for (double scale : new double[] {1, 0.25}) {
            EstimatorConfig cfg = base.with("genLrScale", Double.toString(scale));
            Estimator.Session s = new Estimator.Session(cfg, Estimator.prepare(cfg, lr, Estimator.Options.defaults()),
                    Estimator.Options.defaults(), 1);
            s.train(Estimator.Listener.NONE, cfg.warmupIterations());
            float[][] g0 = snapshot(s.model().generatorParameters()), d0 = snapshot(s.model().discriminatorParameters());
            s.train(Estimator.Listener.NONE, cfg.warmupIterations() + 1);
            assertEquals(1e-3 * scale, largestChange(g0, s.model().generatorParameters()), 1e-3 * scale * 0.01,
                    "generator step at genLrScale " + scale);
            assertEquals(1e-3, largestChange(d0, s.model().discriminatorParameters()), 1e-5,
                    "discriminator step at genLrScale " + scale);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.with("genLrScale", "0")).getMessage()
                .contains("genLrScale"));
    }

    private static float[][] snapshot(java.util.List<org.nd4j.linalg.api.ndarray.INDArray> ps) {
        float[][] out = new float[ps.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).dup().data().asFloat();
        }
        return out;
    }

    private static double largestChange(float[][] before, java.util.List<org.nd4j.linalg.api.ndarray.INDArray> ps) {
        double max = 0;
        for (int i = 0; i < before.length; i++) {
            float[] now = ps.get(i).data().asFloat();
            for (int j = 0; j < now.length; j++) {
                max = Math.max(max, Math.abs(now[j] - before[i][j]));
            }
        }
        return max;
    }

    @Test
    void medianProfileIsTapWiseAndNormalised() {
        double[] m = Ensemble.medianProfile(new double[][] {{0, 1, 0}, {0.2, 0.6, 0.2}, {0.1, 0.8, 0.1}});
        assertArrayEquals(new double[] {0.1, 0.8, 0.1}, m, 1e-12);
        double[] e = Ensemble.medianProfile(new double[][] {{0, 1, 0}, {0.2, 0.6, 0.2}});
        assertArrayEquals(new double[] {0.1, 0.8, 0.1}, e, 1e-12);
    }

    @Test
    void ensembleMembersDoNotDependOnTheThreadCountAndStartNarrowAndWide() {
        EstimatorConfig cfg = tiny().with("members", "3").with("fwhmTolerance", "100").with("profileTolerance", "1");
        Estimator.Prepared prep = Estimator.prepare(cfg, lr, Estimator.Options.defaults());
        EstimatorResult one = Estimator.run(cfg, prep, Estimator.Options.defaults(), Estimator.Listener.NONE, 1);
        EstimatorResult two = Estimator.run(cfg, prep, Estimator.Options.defaults(), Estimator.Listener.NONE, 2);
        assertArrayEquals(one.ema(), two.ema(), 0.0);
        assertEquals(3, one.members().size());
        assertEquals(cfg.startFwhm(), one.members().get(0).startFwhm());
        assertEquals(cfg.wideStartFwhm(), one.members().get(1).startFwhm());
        assertEquals(cfg.seed() + 2, one.members().get(2).seed());
        // member j is the single run of configuration member(j)
        EstimatorResult single = Estimator.run(cfg.member(1), prep, Estimator.Options.defaults(), Estimator.Listener.NONE, 1);
        assertArrayEquals(single.ema(), one.members().get(1).ema(), 0.0);
        assertFalse(java.util.Arrays.equals(one.members().get(0).ema(), one.members().get(1).ema()));
        double[] iv = one.fwhmIntervalMm();
        for (double f : one.memberFwhmMm()) {
            assertTrue(f >= iv[0] && f <= iv[1]);
        }
        // the combined uncertainty: members' SD and the systematic part in quadrature
        double sys = cfg.systematicFraction() * one.fwhmMm();
        assertEquals(Math.sqrt(one.fwhmSdMm() * one.fwhmSdMm() + sys * sys), one.fwhmUncertaintyMm(), 1e-12);
        assertTrue(iv[1] >= one.fwhmMm() + 2 * one.fwhmUncertaintyMm() - 1e-12);
    }

    @Test
    void aResumedEnsembleEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        EstimatorConfig cfg = tiny().with("members", "2").with("fwhmTolerance", "100").with("profileTolerance", "1")
                .with("iterations", "100").with("lr", "1e-3").with("lrDecay", "0.5").with("lrFloor", "1.25e-4");
        Estimator.Options mem = Estimator.Options.defaults();
        Estimator.Prepared prep = Estimator.prepare(cfg, lr, mem);
        EstimatorResult full = Estimator.run(cfg, prep, mem, Estimator.Listener.NONE, 2);
        Estimator.Options opt = new Estimator.Options(Path.of("mem"), -1, false, dir, true);
        // member 0 finished (final checkpoint), member 1 "killed" after 40 steps (last checkpoint at step 40)
        Estimator.Session m0 = new Estimator.Session(cfg.member(0), prep,
                new Estimator.Options(Path.of("mem"), -1, false, dir.resolve("member-0"), true), 1);
        m0.train(Estimator.Listener.NONE, Integer.MAX_VALUE);
        m0.checkpoint();
        new Estimator.Session(cfg.member(1), prep,
                new Estimator.Options(Path.of("mem"), -1, false, dir.resolve("member-1"), true), 1)
                .train(Estimator.Listener.NONE, 42);
        assertEquals(40, Checkpoint.read(dir.resolve("member-1")).step());
        EstimatorResult r = Estimator.run(cfg, prep, opt, Estimator.Listener.NONE, 2);
        assertArrayEquals(full.ema(), r.ema(), 0.0);
        assertEquals(full.lossRows().size(), r.lossRows().size());
        for (int i = 0; i < full.lossRows().size(); i++) {
            assertArrayEquals(full.lossRows().get(i), r.lossRows().get(i), 0.0, "row " + i);
        }
        assertTrue(Checkpoint.existsIn(dir.resolve("member-1")));
    }
}
