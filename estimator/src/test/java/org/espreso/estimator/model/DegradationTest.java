package org.espreso.estimator.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.espreso.compute.Backend;
import org.espreso.core.resample.Keys;
import org.espreso.core.train.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DegradationTest {
    @BeforeAll
    static void init() {
        Backend.init(1);
    }

    private static final double[] S4 = {-0.09375, 0.59375, 0.59375, -0.09375};

    @Test
    void patchShapesMatchSpec() {
        assertEquals(84, PatchGeometry.of(4, 21, 16, 100).patchLength());
        assertEquals(52, PatchGeometry.of(2, 21, 16, 100).patchLength());
        assertEquals(148, PatchGeometry.of(8, 21, 16, 100).patchLength());
        assertEquals(36, PatchGeometry.of(1, 21, 16, 100).patchLength());
        PatchGeometry g = PatchGeometry.of(4.8 / 0.9375, 21, 16, 100);   // s = 5.12: hr = 81, lr = floor(15.8) = 15
        assertEquals(81, g.hr());
        assertEquals(15, g.lr());
        assertEquals(10, PatchGeometry.of(4, 21, 16, 10).lr());
    }

    @Test
    void cubicTapsForIntegerScales() {
        for (int s : new int[] {2, 4, 8}) {
            PatchGeometry g = PatchGeometry.of(s, 21, 16, 100);
            double[][] d = g.downsampling();
            assertEquals(16, d.length);
            for (int i = 1; i < 15; i++) {          // interior rows (no border clamping)
                int first = s * i + s / 2 - 2;      // src = s i + (s-1)/2, taps floor(src) - 1 .. floor(src) + 2
                for (int j = 0; j < g.hr(); j++) {
                    double expect = j >= first && j < first + 4 ? S4[j - first] : 0;
                    assertEquals(expect, d[i][j], 1e-12, "s=" + s + " row " + i + " col " + j);
                }
            }
            if (s == 4) {
                assertArrayEquals(new double[] {-0.09375, 0.59375, 0.59375, -0.09375, 0, 0}, java.util.Arrays.copyOf(d[0], 6), 1e-12);
            }
            if (s == 2) {  // first row: src 0.5, tap -1 clamps onto 0
                assertEquals(-0.09375 + 0.59375, d[0][0], 1e-12);
            }
        }
    }

    @Test
    void cubicTapsForFractionalScale() {
        double s = 2.5;
        PatchGeometry g = PatchGeometry.of(s, 21, 16, 100);   // hr = 40, lr = 16
        double[][] d = g.downsampling();
        for (int i = 1; i < g.lr() - 1; i++) {
            double src = (i + 0.5) * s - 0.5;
            int f = (int) Math.floor(src);
            double t = src - f;
            double[] w = {Keys.weight(t + 1), Keys.weight(t), Keys.weight(1 - t), Keys.weight(2 - t)};
            // independent check of the Keys weights themselves (a = -0.75)
            double a = -0.75;
            double x = t;
            assertEquals(((a + 2) * x - (a + 3)) * x * x + 1, w[1], 1e-12);
            for (int q = 0; q < 4; q++) {
                assertEquals(w[q], d[i][f - 1 + q], 1e-12);
            }
            double sum = 0;
            for (double v : d[i]) {
                sum += v;
            }
            assertEquals(1, sum, 1e-12);
        }
        // s = 2.5: i = 2 sits at 5.75 -> t = 0.75; weights W(1.75), W(0.75), W(0.25), W(1.25)
        assertEquals(-0.03515625, d[2][4], 1e-12);
        assertEquals(0.26171875, d[2][5], 1e-12);
        assertEquals(0.87890625, d[2][6], 1e-12);
        assertEquals(-0.10546875, d[2][7], 1e-12);
    }

    /** Reference: valid cross-correlation with k along the column, then cubic downsampling. */
    private static double[] reference(double[] col, float[] k, double[][] down) {
        int hr = col.length - k.length + 1;
        double[] c = new double[hr];
        for (int i = 0; i < hr; i++) {
            for (int j = 0; j < k.length; j++) {
                c[i] += k[j] * col[i + j];
            }
        }
        double[] out = new double[down.length];
        for (int r = 0; r < down.length; r++) {
            for (int i = 0; i < hr; i++) {
                out[r] += down[r][i] * c[i];
            }
        }
        return out;
    }

    @Test
    void validCorrelationIsExactAtScaleOne() {
        PatchGeometry g = PatchGeometry.of(1, 5, 16, 100);   // P = 20, hr = lr = 16
        Degradation deg = new Degradation(g, 1);
        float[] k = {0.1f, 0.2f, 0.4f, 0.2f, 0.1f};
        deg.setProfile(k);
        INDArray m = deg.matrix();
        // row i of M is k placed at columns i..i+4: out[i] = sum_j k_j x[i + j]
        for (int i = 0; i < 16; i++) {
            for (int c = 0; c < 20; c++) {
                double expect = c - i >= 0 && c - i < 5 ? k[c - i] : 0;
                assertEquals(expect, m.getDouble(i, c), 1e-7);
            }
        }
        // an asymmetric k is correlated, not convolved
        float[] ka = {1, 0, 0, 0, 0};
        deg.setProfile(ka);
        assertEquals(1, deg.matrix().getDouble(3, 3), 0);
        assertEquals(0, deg.matrix().getDouble(3, 7), 0);
    }

    @Test
    void fakeAndRealPathsMatchReference() {
        int batch = 3;
        PatchGeometry g = PatchGeometry.of(4, 21, 16, 100);
        int lr = g.lr(), p = g.patchLength();
        Degradation deg = new Degradation(g, batch);
        Rng rng = new Rng(3);
        float[] k = new float[21];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) rng.nextDouble();
        }
        deg.setProfile(k);
        float[][][] fake = new float[batch][p][lr], real = new float[batch][p][lr];
        FloatBuffer fb = deg.fakeInput().data().asNioFloat(), rb = deg.realInput().data().asNioFloat();
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < p; q++) {
                for (int z = 0; z < lr; z++) {
                    fake[b][q][z] = (float) rng.nextGaussian();
                    real[b][q][z] = (float) rng.nextGaussian();
                    fb.put(q * batch * lr + b * lr + z, fake[b][q][z]);
                    rb.put((b * lr + z) * p + q, real[b][q][z]);
                }
            }
        }
        int n = 2 * batch * lr;
        INDArray x = Nd4j.create(DataType.FLOAT, (long) lr * n, 1);
        deg.forward(x);
        double[][] down = g.downsampling();
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < lr; z++) {
                double[] col = new double[p], colR = new double[p];
                for (int q = 0; q < p; q++) {
                    col[q] = fake[b][q][z];
                    colR[q] = real[b][q][z];
                }
                double[] yf = reference(col, k, down), yr = reference(colR, k, down);
                for (int h = 0; h < lr; h++) {
                    // fake: D runs along the degraded axis h (position), column (b, z)
                    assertEquals(yf[h], x.getDouble((long) h * n + b * lr + z, 0), 1e-3);
                    // real, transposed: D runs along z (position), column (b, h)
                    assertEquals(yr[h], x.getDouble((long) z * n + batch * lr + b * lr + h, 0), 1e-3);
                }
            }
        }
    }
}
