package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

class SsimTest {
    private final Volume ref = OracleAgreementTest.phantom(new int[] {16, 12, 10}, 5);

    private static Volume times(Volume v, float c) {
        float[] s = v.data(), d = new float[s.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = s[i] * c;
        }
        return v.withData(d);
    }

    @Test
    void identicalImagesGiveOne() {
        assertEquals(1.0, Ssim.masked(ref, ref, HeadMask.of(ref)), 1e-12);
        assertEquals(1.0, Ssim.of(ref, ref), 1e-12);
    }

    @Test
    void aGlobalGainIsScaledAway() {
        // The test image is scaled to the reference's mean inside the mask, so 2 * ref matches ref.
        assertEquals(1.0, Ssim.masked(ref, times(ref, 2f), HeadMask.of(ref)), 1e-12);
        assertEquals(1.0, Ssim.masked(times(ref, 0.3f), ref, HeadMask.of(ref)), 1e-6);
    }

    @Test
    void noiseLowersSsimAndMoreNoiseLowersItMore() {
        Mask m = HeadMask.of(ref);
        double a = Ssim.masked(ref, OracleAgreementTest.degraded(ref, 1), m);
        double b = Ssim.masked(ref, OracleAgreementTest.degraded(OracleAgreementTest.degraded(ref, 2), 3), m);
        assertTrue(a < 1 && b < a && b > -1, a + ", " + b);
    }

    @Test
    void mapAveragesToTheMaskedValueAndRepeatsExactly() {
        Volume t = OracleAgreementTest.degraded(ref, 4);
        Mask m = HeadMask.of(ref);
        double s = Ssim.masked(ref, t, m);
        assertEquals(s, Ssim.masked(ref, t, m), 0.0, "deterministic despite parallel chunks");
        float[] map = Ssim.map(ref, t, m).data();
        double sum = 0;
        for (int i = 0; i < map.length; i++) {
            if (m.contains(i)) {
                sum += map[i];
            }
            assertTrue(map[i] >= -1 && map[i] <= 1);
        }
        assertEquals(s, sum / m.count(), 1e-6);
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Ssim.of(ref, Volume.of(new int[] {16, 12, 11}, new double[] {1, 1, 1}, new float[16 * 12 * 11])));
        assertTrue(e.getMessage().contains("[16, 12, 10]") && e.getMessage().contains("[16, 12, 11]"), e.getMessage());
        Volume thin = Volume.of(new int[] {16, 6, 10}, new double[] {1, 1, 1}, new float[16 * 6 * 10]);
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(thin, thin));
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(times(ref, -1f), ref), "non-positive maximum");
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(ref, times(ref, 0f)), "zero test mean");
        assertThrows(IllegalArgumentException.class, () -> Ssim.masked(ref, ref, Mask.of(ref.dims(), new boolean[ref.voxelCount()])));
    }
}
