package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

class HeadMaskTest {
    private static Mask box(int[] dims, int lo, int hi) {
        boolean[] b = new boolean[dims[0] * dims[1] * dims[2]];
        for (int z = 0; z < dims[2]; z++) {
            for (int y = 0; y < dims[1]; y++) {
                for (int x = 0; x < dims[0]; x++) {
                    b[x + dims[0] * (y + dims[1] * z)] = x >= lo && x <= hi && y >= lo && y <= hi && z >= lo && z <= hi;
                }
            }
        }
        return Mask.of(dims, b);
    }

    /** The surface of the cube [lo, hi]^3. */
    private static boolean[] shell(int[] dims, int lo, int hi) {
        boolean[] full = box(dims, lo, hi).toArray(), inner = box(dims, lo + 1, hi - 1).toArray();
        for (int i = 0; i < full.length; i++) {
            full[i] &= !inner[i];
        }
        return full;
    }

    @Test
    void fillsAHollowCube() {
        int[] dims = {9, 10, 11};
        Mask hollow = Mask.of(dims, shell(dims, 2, 6));
        assertEquals(125 - 27, hollow.count());
        Mask filled = HeadMask.fillHoles(hollow);
        assertEquals(box(dims, 2, 6), filled);
        assertEquals(125, filled.count());
    }

    @Test
    void aCavityOpenToTheBorderIsNotAHole() {
        int[] dims = {9, 9, 9};
        boolean[] b = shell(dims, 2, 6);
        // A tunnel from the cavity at (4, 4, 5) through the face z = 6 and the background to the border.
        b[4 + 9 * (4 + 9 * 6)] = false;
        Mask open = Mask.of(dims, b);
        assertEquals(open, HeadMask.fillHoles(open));
    }

    @Test
    void holesTouchingTheBorderOnlyDiagonallyAreFilled() {
        // scipy's default structure is 6-connectivity: (1,1,1) meets the border background (0,0,1) only along an edge.
        int[] dims = {4, 4, 3};
        boolean[] b = new boolean[48];
        Arrays.fill(b, true);
        int hole = 1 + 4 * (1 + 4 * 1), border = 0 + 4 * (0 + 4 * 1);
        b[hole] = false;
        b[border] = false;
        Mask filled = HeadMask.fillHoles(Mask.of(dims, b));
        assertTrue(filled.contains(hole));
        assertFalse(filled.contains(border));
        assertEquals(47, filled.count());
    }

    @Test
    void fillHolesOnDegenerateShapes() {
        for (int[] dims : new int[][] {{1, 1, 1}, {1, 5, 1}, {2, 2, 2}, {3, 3, 3}}) {
            int n = dims[0] * dims[1] * dims[2];
            assertEquals(0, HeadMask.fillHoles(Mask.of(dims, new boolean[n])).count(), Arrays.toString(dims));
            assertEquals(n, HeadMask.fillHoles(Mask.all(dims)).count(), Arrays.toString(dims));
        }
        // 3x3x3 with only the centre off: a hole.
        boolean[] b = new boolean[27];
        Arrays.fill(b, true);
        b[13] = false;
        assertEquals(27, HeadMask.fillHoles(Mask.of(new int[] {3, 3, 3}, b)).count());
    }

    @Test
    void gaussianKernelIsScipys() {
        double[] w = Filters.gaussianKernel(2.0, 4.0);
        assertEquals(17, w.length);
        double sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += w[i];
            assertEquals(w[i], w[16 - i]);
            assertEquals(Math.exp(-(i - 8) * (i - 8) / 8.0) / Math.exp(0), w[i] / w[8], 1e-15);
        }
        assertEquals(1.0, sum, 1e-15);
        // scipy.ndimage._gaussian_kernel1d(2, 0, 8)[8] printed with repr().
        assertEquals(0.199474647864745, w[8], 1e-16);
    }

    @Test
    void smoothingKeepsAConstantAndMass() {
        int[] dims = {11, 6, 9};
        float[] c = new float[11 * 6 * 9];
        Arrays.fill(c, 7.25f);
        for (double v : HeadMask.smoothed(Volume.of(dims, new double[] {1, 1, 1}, c), 2)) {
            assertEquals(7.25, v, 1e-12);
        }
    }

    @Test
    void maskOfABrightBallInNoise() {
        int[] dims = {40, 36, 32};
        Random rnd = new Random(1);
        float[] d = new float[40 * 36 * 32];
        for (int z = 0; z < 32; z++) {
            for (int y = 0; y < 36; y++) {
                for (int x = 0; x < 40; x++) {
                    double r = Math.sqrt(Math.pow(x - 19.5, 2) + Math.pow(y - 17.5, 2) + Math.pow(z - 15.5, 2));
                    // A noisy hollow ball (a dark core) in an empty field of view.
                    double v = r < 6 ? 0 : r < 14 ? 100 + 10 * rnd.nextGaussian() : 0;
                    d[x + 40 * (y + 36 * z)] = (float) v;
                }
            }
        }
        Mask m = HeadMask.of(Volume.of(dims, new double[] {1, 1, 1}, d));
        assertTrue(m.contains(20, 18, 16), "the dark core is inside");
        assertTrue(m.contains(29, 18, 16) && m.contains(20, 8, 16) && m.contains(20, 18, 25), "the ball is inside");
        assertFalse(m.contains(0, 0, 0));
        assertFalse(m.contains(39, 35, 31));
        assertTrue(m.fraction() <= 0.5 + 1e-3, "at most half is above the median: " + m.fraction());
    }

    @Test
    void rejectsNonFiniteVoxels() {
        float[] d = new float[8 * 8 * 8];
        d[3 + 8 * (2 + 8 * 1)] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> HeadMask.of(Volume.of(new int[] {8, 8, 8}, new double[] {1, 1, 1}, d)));
        assertTrue(e.getMessage().contains("(3, 2, 1)"), e.getMessage());
    }
}
