package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

class PsnrTest {
    private static final double[] ONE = {1, 1, 1};

    /** 4x5x6 voxels with values i mod 10: range [0, 9]. */
    private static Volume ramp() {
        float[] d = new float[4 * 5 * 6];
        for (int i = 0; i < d.length; i++) {
            d[i] = i % 10;
        }
        return Volume.of(new int[] {4, 5, 6}, ONE, d);
    }

    private static Volume plus(Volume v, float c) {
        float[] s = v.data(), d = new float[s.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = s[i] + c;
        }
        return v.withData(d);
    }

    @Test
    void identicalImagesArePositiveInfinity() {
        Volume r = ramp();
        assertEquals(Double.POSITIVE_INFINITY, Psnr.masked(r, r, Mask.all(r.dims())));
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(r, r.withData(r.data().clone())));
    }

    @Test
    void constantOffsetByHand() {
        Volume r = ramp(), t = plus(r, 0.5f);
        // Inside the voxels with r <= 8 every error is 0.5: MSE 0.25, range 9: 10 log10(81 / 0.25).
        boolean[] b = new boolean[r.voxelCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = r.data()[i] <= 8;
        }
        assertEquals(10 * Math.log10(324), Psnr.masked(r, t, Mask.of(r.dims(), b)), 1e-12);
        // Everywhere: the 12 voxels with r = 9 are clipped back to 9 (error 0), the other 108 err by 0.5.
        assertEquals(10 * Math.log10(81 / (0.25 * 108 / 120)), Psnr.of(r, t), 1e-12);
    }

    @Test
    void testImageIsClippedToTheReferenceRangeFromBelowToo() {
        Volume r = ramp(), t = plus(r, -100f);
        // Everything clips to 0, the error is r itself: mean of (i mod 10)^2 = 28.5.
        assertEquals(10 * Math.log10(81 / 28.5), Psnr.of(r, t), 1e-12);
    }

    @Test
    void voxelsOutsideTheMaskDoNotCount() {
        Volume r = ramp();
        float[] d = r.data().clone();
        boolean[] b = new boolean[d.length];
        Arrays.fill(b, true);
        d[17] += 3;
        b[17] = false;
        assertEquals(Double.POSITIVE_INFINITY, Psnr.masked(r, r.withData(d), Mask.of(r.dims(), b)));
    }

    @Test
    void badArgumentsAreNamed() {
        Volume r = ramp();
        Volume other = Volume.of(new int[] {4, 5, 7}, ONE, new float[4 * 5 * 7]);
        var e = assertThrows(IllegalArgumentException.class, () -> Psnr.masked(r, other, Mask.all(r.dims())));
        assertTrue(e.getMessage().contains("[4, 5, 6]") && e.getMessage().contains("[4, 5, 7]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Psnr.masked(r, r, Mask.all(new int[] {4, 5, 7})));
        assertThrows(IllegalArgumentException.class, () -> Psnr.masked(r, r, Mask.of(r.dims(), new boolean[120])));
        Volume flat = r.withData(new float[120]);
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(flat, r));
        float[] nan = r.data().clone();
        nan[5] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(r, r.withData(nan)));
    }
}
