package org.espreso.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.compute.Backend;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepeatabilityTest {
    static Volume lr;

    @BeforeAll
    static void init() {
        Backend.init(1);
        lr = Phantoms.lowRes(96, 4, 4, 1);
    }

    static EstimatorConfig small(long seed) {
        return EstimatorConfig.release().with("iterations", "12").with("warmupIterations", "3").with("batchSize", "4")
                .with("genChannels", "16").with("checkpointEvery", "6").with("seed", Long.toString(seed));
    }

    @Test
    void sameSeedSameProfileOtherSeedOther() {
        EstimatorResult a = Estimator.run(small(1), lr, Estimator.Options.defaults(), Estimator.Listener.NONE);
        EstimatorResult b = Estimator.run(small(1), lr, Estimator.Options.defaults(), Estimator.Listener.NONE);
        EstimatorResult c = Estimator.run(small(2), lr, Estimator.Options.defaults(), Estimator.Listener.NONE);
        assertArrayEquals(a.ema(), b.ema(), 0.0);
        assertArrayEquals(a.last(), b.last(), 0.0);
        assertEquals(15, a.lossRows().size());
        assertEquals(1, a.members().size());
        for (int i = 0; i < a.lossRows().size(); i++) {
            assertArrayEquals(a.lossRows().get(i), b.lossRows().get(i), 0.0);
        }
        assertFalse(java.util.Arrays.equals(a.ema(), c.ema()));
        double s = java.util.Arrays.stream(a.ema()).sum();
        assertEquals(1, s, 1e-5);
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        EstimatorConfig cfg = small(3);
        EstimatorResult full = Estimator.run(cfg, lr, Estimator.Options.defaults(), Estimator.Listener.NONE);
        Estimator.Options opt = new Estimator.Options(Path.of("mem"), -1, false, dir, true);
        Estimator.Prepared prep = Estimator.prepare(cfg, lr, opt);
        // "killed" after 10 of 15 steps: the last checkpoint is at step 6
        new Estimator.Session(cfg, prep, opt).train(Estimator.Listener.NONE, 10);
        assertTrue(Checkpoint.existsIn(dir));
        assertEquals(6, Checkpoint.read(dir).step());
        Estimator.Session resumed = new Estimator.Session(cfg, prep, opt);
        assertEquals(6, resumed.step());
        EstimatorResult r = resumed.train(Estimator.Listener.NONE, Integer.MAX_VALUE);
        assertEquals(6, r.resumedFrom());
        assertArrayEquals(full.ema(), r.ema(), 0.0);
        assertEquals(full.lossRows().size(), r.lossRows().size());
        for (int i = 0; i < full.lossRows().size(); i++) {
            assertArrayEquals(full.lossRows().get(i), r.lossRows().get(i), 0.0, "row " + i);
        }
        // a checkpoint from another configuration is refused
        EstimatorConfig other = cfg.with("batchSize", "5");
        assertThrows(InvalidInputException.class, () -> new Estimator.Session(other,
                Estimator.prepare(other, lr, opt), opt));
    }
}
