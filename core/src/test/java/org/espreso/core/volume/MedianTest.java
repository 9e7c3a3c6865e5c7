package org.espreso.core.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MedianTest {
    @Test
    void medianIsNumpysQuantileHalf() {
        assertEquals(2.0, Median.of(new double[] {3, 1, 2}));
        assertEquals(2.5, Median.of(new double[] {4, 1, 3, 2}));
        assertEquals(7.0, Median.of(new double[] {7}));
        assertEquals(5.0, Median.of(new double[] {5, 5, 5, 5}));
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(trial < 100 ? 20 : 5000);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = trial % 2 == 0 ? rnd.nextInt(4) : rnd.nextGaussian(); // many ties, or none
            }
            double[] s = a.clone();
            Arrays.sort(s);
            double lo = s[(n - 1) / 2], hi = s[n / 2];
            double[] before = a.clone();
            assertEquals(hi - (hi - lo) * 0.5, Median.of(a), "n = " + n);
            assertTrue(Arrays.equals(before, a), "median must not reorder its input");
            assertEquals(hi - (hi - lo) * 0.5, Median.inPlace(a), "in place, n = " + n);
        }
    }

    @Test
    void anEmptyArrayHasNoMedian() {
        assertThrows(IllegalArgumentException.class, () -> Median.of(new double[0]));
    }
}
