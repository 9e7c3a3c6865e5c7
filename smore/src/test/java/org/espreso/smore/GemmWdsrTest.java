package org.espreso.smore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.espreso.compute.Backend;
import org.espreso.core.train.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The GEMM engine against the SameDiff graph of the same network (its autodiff is the oracle). */
class GemmWdsrTest {
    private static final int B = 3, ROWS = 7, COLS = 9;

    @BeforeAll
    static void init() {
        Backend.init(Backend.defaultThreads());
    }

    private static Wdsr net(int f) {
        Wdsr net = new Wdsr(8, 2, f).initialise(Rng.ofState(11));
        // Move g away from ||v|| so that the weight-norm gradient is not degenerate.
        Rng rng = Rng.ofState(5);
        for (Map.Entry<String, INDArray> e : net.params().entrySet()) {
            if (e.getKey().endsWith("_g")) {
                INDArray g = e.getValue();
                for (int i = 0; i < g.length(); i++) {
                    g.putScalar(i, g.getDouble(i) * (0.5 + rng.uniform(1) * 0.4 + 0.5));
                }
            }
        }
        return net;
    }

    private static float[] random(int len, long seed) {
        Rng rng = Rng.ofState(seed);
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = (float) (0.5 + 0.5 * rng.uniform(1));
        }
        return a;
    }

    @Test
    void forwardMatchesTheGraph() {
        for (int f : new int[] {1, 3}) {
            Wdsr net = net(f);
            float[] lr = random(B * ROWS * COLS, 1);
            float[] sr = new float[B * ROWS * f * COLS];
            new GemmWdsr(net, ROWS, COLS, 2, false).forward(lr, B, sr);
            SameDiff sd = net.graph(B, ROWS, COLS, false);
            float[] ref = sd.output(Map.of("lr", Nd4j.create(lr, new long[] {B, 1, ROWS, COLS}, 'c')), "sr")
                    .get("sr").data().asFloat();
            double max = 0;
            for (int i = 0; i < sr.length; i++) {
                max = Math.max(max, Math.abs(sr[i] - ref[i]));
            }
            assertTrue(max < 1e-5, "f=" + f + " max difference " + max);
        }
    }

    @Test
    void lossAndGradientsMatchTheGraph() {
        int f = 3;
        Wdsr net = net(f);
        float[] lr = random(B * ROWS * COLS, 2);
        float[] hr = random(B * ROWS * f * COLS, 3);
        GemmWdsr engine = new GemmWdsr(net, ROWS, COLS, 2, true);
        GemmWdsr.Gradients g = engine.newGradients();
        double loss = engine.lossAndGradients(lr, hr, B, g);

        SameDiff sd = net.graph(B, ROWS, COLS, true);
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("lr", Nd4j.create(lr, new long[] {B, 1, ROWS, COLS}, 'c'));
        ph.put("hr", Nd4j.create(hr, new long[] {B, 1, ROWS * f, COLS}, 'c'));
        assertEquals(sd.output(ph, "loss").get("loss").getDouble(0), loss, 1e-6);
        Map<String, INDArray> ref = new HashMap<>();
        Quiet.run(() -> ref.putAll(sd.calculateGradients(ph, net.paramNames())));
        List<Wdsr.Conv> convs = net.convs();
        for (int k = 0; k < convs.size(); k++) {
            String name = convs.get(k).name();
            compare(name + "_v", g.v()[k], ref.get(name + "_v").data().asFloat());
            compare(name + "_g", g.g()[k], ref.get(name + "_g").data().asFloat());
            compare(name + "_b", g.b()[k], ref.get(name + "_b").data().asFloat());
        }
    }

    @Test
    void shardCountChangesOnlyTheSummationOrder() {
        Wdsr net = net(2);
        float[] lr = random(B * ROWS * COLS, 4);
        float[] hr = random(B * ROWS * 2 * COLS, 5);
        GemmWdsr one = new GemmWdsr(net, ROWS, COLS, 1, true), three = new GemmWdsr(net, ROWS, COLS, 3, true);
        GemmWdsr.Gradients a = one.newGradients(), b = three.newGradients();
        assertEquals(one.lossAndGradients(lr, hr, B, a), three.lossAndGradients(lr, hr, B, b), 1e-7);
        for (int k = 0; k < a.v().length; k++) {
            compare("v" + k, a.v()[k], b.v()[k]);
        }
    }

    private static void compare(String name, float[] got, float[] want) {
        assertEquals(want.length, got.length, name);
        double scale = 0, max = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            max = Math.max(max, Math.abs(got[i] - want[i]));
        }
        assertTrue(scale > 0, name + " has an all-zero reference gradient");
        assertTrue(max <= 1e-4 * scale + 1e-7, name + ": max difference " + max + " of scale " + scale);
    }
}
