package org.espreso.smore;

import org.espreso.core.train.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.espreso.compute.Backend;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class WdsrTest {
    @BeforeAll
    static void init() {
        Backend.init(Backend.defaultThreads());
    }

    @Test
    void parameterCountMatchesTheSpec() {
        Wdsr net = new Wdsr(32, 16, 4);
        // docs/smore.md: about 239 k parameters, 233 k MACs per LR pixel.
        assertEquals(239_000, net.parameterCount(), 1_500);
        assertEquals(233_000, net.macsPerPixel(), 1_500);
    }

    @Test
    void pixelShuffleInterleavesChannelsIntoRows() {
        int b = 2, f = 3, r = 4, c = 5;
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("t", DataType.FLOAT, b, f, r, c);
        Wdsr.shuffle(sd, in, b, f, r, c).rename("out");
        float[] t = new float[b * f * r * c];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        INDArray arr = Nd4j.create(t, new long[] {b, f, r, c}, 'c');
        INDArray out = sd.output(Map.of("t", arr), "out").get("out");
        assertArrayEquals(new long[] {b, 1, r * f, c}, out.shape());
        for (int n = 0; n < b; n++) {
            for (int h = 0; h < r; h++) {
                for (int ch = 0; ch < f; ch++) {
                    for (int x = 0; x < c; x++) {
                        // output row = h * f + channel
                        assertEquals(arr.getFloat(n, ch, h, x), out.getFloat(n, 0, h * f + ch, x), 0f);
                    }
                }
            }
        }
    }

    @Test
    void weightNormIsGTimesUnitDirectionPerOutputChannel() {
        Rng rng = Rng.ofState(3);
        int k = 3, in = 2, out = 4;
        float[] v = new float[k * k * in * out];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.uniform(1);
        }
        float[] g = {0.5f, 2f, -1f, 3f};
        SameDiff sd = SameDiff.create();
        SDVariable vv = sd.var("v", Nd4j.create(v, new long[] {k, k, in, out}, 'c'));
        SDVariable gg = sd.var("g", Nd4j.create(g, new long[] {out}, 'c'));
        Wdsr.weightNorm(vv, gg).rename("w");
        INDArray w = sd.output(Map.of(), "w").get("w");
        for (int o = 0; o < out; o++) {
            double norm = 0;
            for (int i = 0; i < k * k * in; i++) {
                norm += v[i * out + o] * v[i * out + o];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < k * k * in; i++) {
                assertEquals(g[o] * v[i * out + o] / norm, w.data().getFloat(i * out + o), 1e-5);
            }
        }
        // Scaling v leaves w unchanged.
        sd.getVariable("v").getArr().muli(7);
        INDArray w2 = sd.output(Map.of(), "w").get("w");
        assertTrue(w.equalsWithEps(w2, 1e-5));
    }

    @Test
    void freshNetworkHasUnitDirectionWeightsAndRuns() {
        Wdsr net = new Wdsr(8, 2, 4).initialise(Rng.ofState(1));
        SameDiff sd = net.graph(2, 6, 7, false);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 6, 7);
        INDArray y = sd.output(Map.of("lr", x), "sr").get("sr");
        assertArrayEquals(new long[] {2, 1, 24, 7}, y.shape());
    }
}
