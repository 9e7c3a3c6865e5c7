package org.espreso.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OneCycleTest {
    /** PyTorch OneCycleLR (cos): phase 1 over steps 0..599 (= 0.3·2000 − 1), phase 2 over 599..1999. */
    private static double expectedLr(int t) {
        double max = 1e-3, start = max / 25, end = start / 1e4;
        if (t <= 599) {
            double pct = t / 599.0;
            return max + (start - max) / 2 * (1 + Math.cos(Math.PI * pct));
        }
        double pct = (t - 599) / 1400.0;
        return end + (max - end) / 2 * (1 + Math.cos(Math.PI * pct));
    }

    private static double expectedBeta1(int t) {
        if (t <= 599) {
            double pct = t / 599.0;
            return 0.85 + (0.95 - 0.85) / 2 * (1 + Math.cos(Math.PI * pct));
        }
        double pct = (t - 599) / 1400.0;
        return 0.95 + (0.85 - 0.95) / 2 * (1 + Math.cos(Math.PI * pct));
    }

    @Test
    void matchesPyTorchOneCycle() {
        OneCycle c = new OneCycle(2000, 1e-3, 0.3, 25, 1e4, 0.95, 0.85);
        for (int t : new int[] {0, 100, 300, 599, 1000, 1500, 1999}) {
            assertEquals(expectedLr(t), c.lr(t), 1e-15, "lr at " + t);
            assertEquals(expectedBeta1(t), c.beta1(t), 1e-15, "beta1 at " + t);
        }
        assertEquals(4e-5, c.lr(0), 1e-15);
        assertEquals(1e-3, c.lr(599), 1e-15);
        assertEquals(4e-9, c.lr(1999), 1e-15);
        assertEquals(0.95, c.beta1(0), 1e-15);
        assertEquals(0.85, c.beta1(599), 1e-15);
        assertEquals(0.95, c.beta1(1999), 1e-15);
        // spot values computed by hand: t = 300 is half-way up (pct = 300/599)
        assertEquals(5.2e-4, c.lr(300), 1.5e-6);
        assertEquals(0.9, c.beta1(300), 3e-4);
    }
}
