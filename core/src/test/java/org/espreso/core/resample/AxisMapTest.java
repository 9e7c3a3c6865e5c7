package org.espreso.core.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AxisMapTest {
    @Test
    void cubicDownsamplingByFourHasTheSpecTaps() {
        AxisMap m = AxisMap.cubic(16, Grid.downsampling(16, 4));
        assertEquals(4, m.outLength());
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(new int[] {4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3}, m.rowIndices(k));
            assertArrayEquals(new double[] {-0.09375, 0.59375, 0.59375, -0.09375}, m.rowWeights(k), 1e-12);
        }
    }

    @Test
    void cubicDownsamplingByTwoClampsTheFirstNeighbour() {
        // Position 0.5: neighbours -1 (clamped to 0), 0, 1, 2.
        AxisMap m = AxisMap.cubic(8, Grid.downsampling(8, 2));
        assertArrayEquals(new int[] {0, 1, 2}, m.rowIndices(0));
        assertArrayEquals(new double[] {-0.09375 + 0.59375, 0.59375, -0.09375}, m.rowWeights(0), 1e-12);
        assertArrayEquals(new int[] {1, 2, 3, 4}, m.rowIndices(1));
    }

    @Test
    void oddIntegerScaleSamplesOnVoxels() {
        AxisMap m = AxisMap.cubic(9, Grid.downsampling(9, 3));
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(new int[] {3 * k + 1}, m.rowIndices(k));
            assertArrayEquals(new double[] {1.0}, m.rowWeights(k), 0);
        }
    }

    @Test
    void constantsArePreservedEverywhere() {
        for (double s : new double[] {2, 3, 4, 8, 2.5, 5.12}) {
            int n = 64;
            for (Grid g : new Grid[] {Grid.downsampling(n, s), Grid.sameFovUpsampling(n, s)}) {
                double[] c = new double[n];
                java.util.Arrays.fill(c, 7.5);
                for (double v : AxisMap.cubic(n, g).apply(c)) {
                    assertEquals(7.5, v, 1e-9, "s=" + s);
                }
            }
        }
    }

    @Test
    void linearSignalsArePreservedByIntegerDownsampling() {
        // With a = -0.75 Keys reproduces a ramp only where the taps are symmetric (half-way points, as in
        // integer downsampling) or on voxels; a = -0.5 would be needed for arbitrary offsets.
        for (int s : new int[] {2, 3, 4, 8}) {
            int n = 64;
            Grid g = Grid.downsampling(n, s);
            double[] lin = new double[n];
            for (int i = 0; i < n; i++) {
                lin[i] = 3 + 0.25 * i;
            }
            double[] out = AxisMap.cubic(n, g).apply(lin);
            for (int k = 1; k < g.length() - 1; k++) {
                assertEquals(3 + 0.25 * g.position(k), out[k], 1e-9, "s=" + s + " k=" + k);
            }
        }
    }

    @Test
    void upsamplingInterpolatesARampClosely() {
        int n = 32;
        double[] lin = new double[n];
        for (int i = 0; i < n; i++) {
            lin[i] = i;
        }
        Grid g = Grid.sameFovUpsampling(n, 4);
        double[] out = AxisMap.cubic(n, g).apply(lin);
        for (int k = 8; k < g.length() - 8; k++) {
            // The worst deviation of Keys a = -0.75 on a unit ramp is 0.0481 (at t ~ 0.4 and 0.6).
            assertEquals(g.position(k), out[k], 0.0482, "k=" + k);
        }
    }

    @Test
    void sameFovUpsamplingGrid() {
        Grid g = Grid.sameFovUpsampling(10, 4);
        assertEquals(40, g.length());
        assertEquals(-3.0 / 8, g.position(0), 1e-12);
        assertEquals(0.25, g.step(), 1e-12);
        assertEquals(9 + 3.0 / 8, g.position(39), 1e-12);
        // Fractional: the outputs stay centred in the input field of view [-0.5, n - 0.5].
        Grid f = Grid.sameFovUpsampling(10, 2.5);
        assertEquals(25, f.length());
        assertEquals(-0.5 + 0.2, f.position(0), 1e-12);
        assertEquals(9.5 - 0.2, f.position(24), 1e-12);
    }

    @Test
    void downsamplingGridCentresSlices() {
        Grid g = Grid.downsampling(181, 4);
        assertEquals(45, g.length());
        assertEquals(1.5, g.position(0), 1e-12);
        assertEquals(1.5 + 44 * 4, g.position(44), 1e-12);
        Grid f = Grid.downsampling(100, 5.12);
        assertEquals(19, f.length());
        assertEquals((5.12 - 1) / 2, f.position(0), 1e-12);
    }

    @Test
    void correlationModes() {
        double[] x = {1, 2, 3, 4};
        double[] taps = {1, 10, 100};
        assertArrayEquals(new double[] {321, 432}, AxisMap.correlation(4, taps, EdgeMode.VALID).apply(x), 1e-12);
        assertArrayEquals(new double[] {211, 321, 432, 443}, AxisMap.correlation(4, taps, EdgeMode.REPLICATE).apply(x), 1e-12);
        assertArrayEquals(new double[] {210, 321, 432, 43}, AxisMap.correlation(4, taps, EdgeMode.ZERO).apply(x), 1e-12);
        assertArrayEquals(new double[] {211, 321, 432, 443}, AxisMap.correlation(4, taps, EdgeMode.REFLECT).apply(x), 1e-12);
        // Asymmetric taps: correlation, not convolution (no flip).
        assertArrayEquals(new double[] {3}, AxisMap.correlation(3, new double[] {0, 0, 1}, EdgeMode.VALID).apply(new double[] {1, 2, 3}), 0);
        assertThrows(IllegalArgumentException.class, () -> AxisMap.correlation(2, taps, EdgeMode.VALID));
    }

    @Test
    void reflectIsHalfSampleSymmetric() {
        assertEquals(0, EdgeMode.REFLECT.map(-1, 4));
        assertEquals(1, EdgeMode.REFLECT.map(-2, 4));
        assertEquals(3, EdgeMode.REFLECT.map(4, 4));
        assertEquals(2, EdgeMode.REFLECT.map(5, 4));
        assertEquals(3, EdgeMode.REFLECT.map(-5, 4));
    }

    @Test
    void compositionEqualsSequentialApplication() {
        double[] x = new double[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.7) + i;
        }
        AxisMap blur = AxisMap.correlation(40, new double[] {0.25, 0.5, 0.25}, EdgeMode.VALID);
        AxisMap down = AxisMap.cubic(38, Grid.downsampling(38, 4));
        assertArrayEquals(down.apply(blur.apply(x)), down.after(blur).apply(x), 1e-12);
    }
}
