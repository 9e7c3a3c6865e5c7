package org.espreso.core.resample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaussianTapsTest {
    @Test
    void normalisedSymmetricAndFourSigmaWide() {
        double[] k = GaussianTaps.of(1.5);
        assertEquals(2 * 6 + 1, k.length, "radius ceil(4 sigma) = 6");
        double sum = 0;
        for (int i = 0; i < k.length; i++) {
            sum += k[i];
            assertEquals(k[i], k[k.length - 1 - i], 0);
        }
        assertEquals(1, sum, 1e-15);
        assertEquals(Math.exp(-1 / (2 * 1.5 * 1.5)), k[7] / k[6], 1e-15, "the Gaussian's ratio one tap from the centre");
        assertEquals(3, GaussianTaps.of(0.1).length, "at least one tap each side");
        assertThrows(IllegalArgumentException.class, () -> GaussianTaps.of(0));
    }
}
