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
}
