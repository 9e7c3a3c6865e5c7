package org.espreso.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The regularisers on hand-made profiles (values computed by hand). */
class RegularisersTest {
    private static double[] eval(float[] k) {
        return Regularisers.apply(k, new double[5], null);
    }

    @Test
    void unimodalCentredProfile() {
        float[] k = {0.0f, 0.05f, 0.15f, 0.6f, 0.15f, 0.05f, 0.0f};   // K = 7, m = 3
        double[] r = eval(k);
        assertEquals(0.1, r[0], 1e-6);            // k0 + k1 + k5 + k6
        assertEquals(0.0, r[1], 1e-6);            // centroid exactly 3
        assertEquals(0.0, r[2], 1e-6);            // rises to m, falls after
        double sq = 0.05 * 0.05 + 0.1 * 0.1 + 0.45 * 0.45 + 0.45 * 0.45 + 0.1 * 0.1 + 0.05 * 0.05;
        assertEquals(Math.sqrt(sq), r[3], 1e-5);
    }

    @Test
    void offCentreBumpyProfile() {
        float[] k = {0.1f, 0.05f, 0.1f, 0.4f, 0.2f, 0.1f, 0.05f};
        double[] r = eval(k);
        assertEquals(0.1 + 0.05 + 0.1 + 0.05, r[0], 1e-6);
        double centroid = 0 * 0.1 + 1 * 0.05 + 2 * 0.1 + 3 * 0.4 + 4 * 0.2 + 5 * 0.1 + 6 * 0.05;   // 3.05
        assertEquals((centroid - 3) * (centroid - 3), r[1], 1e-6);
        // d = k_i - k_{i+1}, k_7 = 0: i<3: relu(0.05) + relu(-0.05) + relu(-0.3); i>=3: relu(-0.2) + relu(-0.1) + relu(-0.05) + relu(-0.05)
        assertEquals(0.05, r[2], 1e-6);
        // a profile that rises after the centre is penalised on the right
        float[] rising = {0f, 0f, 0.2f, 0.3f, 0.2f, 0.3f, 0f};
        assertEquals(0.1, eval(rising)[2], 1e-6);    // i = 4: d = -0.1 -> relu(0.1)
    }

    @Test
    void boundaryOfImpulseIsZeroAndOfFlatIsFourOverK() {
        float[] impulse = new float[21];
        impulse[10] = 1;
        double[] r = eval(impulse);
        assertEquals(0, r[0], 0);
        assertEquals(0, r[1], 1e-6);
        assertEquals(Math.sqrt(2), r[3], 1e-5);
        float[] flat = new float[21];
        java.util.Arrays.fill(flat, 1f / 21);
        assertEquals(4.0 / 21, eval(flat)[0], 1e-6);
        assertEquals(1e-6, eval(flat)[3], 1e-6);      // sqrt(0 + 1e-12)
    }

    @Test
    void theWarmUpTargetIsAGaussianOfTheStartFwhmOrTheImpulse() {
        float[] g = Regularisers.startProfile(21, 6);
        double[] d = new double[g.length];
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            d[i] = g[i];
            sum += g[i];
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, sum, 1e-6);
        org.junit.jupiter.api.Assertions.assertEquals(6, org.espreso.core.profile.Fwhm.of(d), 0.05);
        org.junit.jupiter.api.Assertions.assertEquals(1f, Regularisers.startProfile(21, 1)[10]);
    }

    @Test
    void negativeEntropyGradientMatchesFiniteDifferences() {
        float[] k = {0.05f, 0.1f, 0.2f, 0.3f, 0.2f, 0.1f, 0.05f};
        double[] dk = new double[k.length];
        double w = 0.7;
        Regularisers.negativeEntropy(k, w, dk);
        for (int i = 0; i < k.length; i++) {
            float[] p = k.clone(), m = k.clone();
            p[i] += 1e-3f;
            m[i] -= 1e-3f;
            double fd = w * (Regularisers.negativeEntropy(p, 0, null) - Regularisers.negativeEntropy(m, 0, null))
                    / (p[i] - m[i]);
            org.junit.jupiter.api.Assertions.assertEquals(fd, dk[i], 1e-3, "tap " + i);
        }
        // the uniform profile has the least negative entropy, −log K
        float[] u = new float[4];
        java.util.Arrays.fill(u, 0.25f);
        org.junit.jupiter.api.Assertions.assertEquals(-Math.log(4), Regularisers.negativeEntropy(u, 0, null), 1e-6);
    }

    @Test
    void theBoundaryHingeAndThePeakToleranceLeaveAFeasibleProfileAlone() {
        // tails of mass 0.004 (below the free mass 0.01) and a floor step of 0.002 against unimodality (below 0.005)
        float[] k = {0.001f, 0.003f, 0.002f, 0.2f, 0.588f, 0.2f, 0.002f, 0.003f, 0.001f};   // K = 9, m = 4
        double[] w = {10, 0, 1, 0, 0};
        double[] dk = new double[k.length];
        double[] r = Regularisers.apply(k, w, dk, 0.01, 0.005);
        assertEquals(0, r[0], 1e-9, "boundary mass 0.008 is under the free mass");
        assertEquals(0, r[2], 1e-9, "a floor step of 0.001 is under the tolerance");
        for (double g : dk) {
            assertEquals(0, g, 0, "no pull inside the feasible set");
        }
        // as published the same profile is pulled: boundary gradient 10 on the outer taps, the peak term on the floor
        double[] published = new double[k.length];
        double[] r0 = Regularisers.apply(k, w, published);
        assertEquals(0.008, r0[0], 1e-6);
        assertEquals(0.002, r0[2], 1e-6);     // i = 1: d = 0.001 and i = 6: −d = 0.001
        assertEquals(10, published[0], 1e-9);
        // outside the feasible set the hinge and the tolerance act with the published gradient
        float[] heavy = {0.05f, 0.05f, 0.1f, 0.2f, 0.2f, 0.2f, 0.1f, 0.05f, 0.05f};
        float[] bumpy = {0f, 0f, 0.1f, 0.05f, 0.5f, 0.05f, 0.3f, 0f, 0f};
        for (float[] x : new float[][] {heavy, bumpy}) {
            double[] a = new double[x.length];
            double[] vals = Regularisers.apply(x, w, a, 0.01, 0.005);
            for (int i = 0; i < x.length; i++) {
                float[] p = x.clone(), m = x.clone();
                p[i] += 1e-4f;
                m[i] -= 1e-4f;
                double fp = 10 * Regularisers.apply(p, w, null, 0.01, 0.005)[0] + Regularisers.apply(p, w, null, 0.01, 0.005)[2];
                double fm = 10 * Regularisers.apply(m, w, null, 0.01, 0.005)[0] + Regularisers.apply(m, w, null, 0.01, 0.005)[2];
                assertEquals((fp - fm) / (p[i] - m[i]), a[i], 1e-2, "tap " + i);
            }
            org.junit.jupiter.api.Assertions.assertTrue(vals[0] > 0 || vals[2] > 0);
        }
    }
}
