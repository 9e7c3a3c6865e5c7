package org.espreso.core.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeTest {
    private static Volume withSpacing(double... s) {
        return Volume.of(new int[] {2, 2, 2}, s, new float[8]);
    }

    @Test
    void lrAxisIsTheLargestSpacingFirstOnTies() {
        assertEquals(2, withSpacing(1, 1, 4).lrAxis());
        assertEquals(0, withSpacing(5, 1, 1).lrAxis());
        assertEquals(1, withSpacing(1, 3, 3).lrAxis());
        assertEquals(0, withSpacing(1, 1, 1).lrAxis());
    }

    @Test
    void inPlaneIsotropyWithinOnePercent() {
        assertTrue(withSpacing(0.9375, 0.94, 4.8).isInPlaneIsotropic(2));
        assertFalse(withSpacing(0.9, 1.0, 4).isInPlaneIsotropic(2));
        assertTrue(withSpacing(4, 1, 1.005).isInPlaneIsotropic(0));
        assertEquals(5.12, withSpacing(0.9375, 0.9375, 4.8).scale(2), 1e-12);
    }

    @Test
    void indexingIsXFastest() {
        float[] d = new float[24];
        for (int i = 0; i < 24; i++) {
            d[i] = i;
        }
        Volume v = Volume.of(new int[] {2, 3, 4}, new double[] {1, 1, 1}, d);
        assertEquals(1 + 2 * (2 + 3 * 3), v.get(1, 2, 3), 0);
        assertEquals(6, v.stride(2));
    }

    @Test
    void rejectsMismatchedData() {
        assertThrows(IllegalArgumentException.class, () -> Volume.of(new int[] {2, 2, 2}, new double[] {1, 1, 1}, new float[7]));
        assertThrows(IllegalArgumentException.class, () -> Volume.of(new int[] {2, 2, 2}, new double[] {1, 0, 1}, new float[8]));
    }

    @Test
    void affineResampledAlongAnAxis() {
        Affine a = Affine.of(0, 0, 2, 10, -1, 0, 0, 20, 0, 1, 0, 30, 0, 0, 0, 1);
        Affine b = a.resampledAlong(2, 1.5, 4);
        assertEquals(8, b.get(0, 2), 1e-12);
        assertEquals(13, b.get(0, 3), 1e-12);
        assertEquals(20, b.get(1, 3), 1e-12);
        assertEquals(8, b.columnNorm(2), 1e-12);
    }
}
