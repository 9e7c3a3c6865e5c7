package org.espreso.smore;

import org.espreso.core.train.Rng;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FbaTest {
    @Test
    void weightsFollowMagnitudePower() {
        double[] w = Fba.weights(3, 4, 0, 1, 2); // |a| = 5, |b| = 1
        assertEquals(25.0 / 26, w[0], 1e-12);
        assertEquals(1.0 / 26, w[1], 1e-12);
        double[] mean = Fba.weights(3, 4, 0, 1, 0);
        assertEquals(0.5, mean[0], 1e-12);
        double[] zero = Fba.weights(0, 0, 0, 0, 2);
        assertEquals(0.5, zero[0], 1e-12);
        assertEquals(0.5, zero[1], 1e-12);
    }

    @Test
    void fftMatchesTheDftForAnyLength() {
        for (int n : new int[] {1, 2, 5, 6, 8, 12, 17}) {
            double[] re = new double[n], im = new double[n];
            Rng rng = Rng.ofState(n);
            for (int i = 0; i < n; i++) {
                re[i] = rng.uniform(1);
                im[i] = rng.uniform(1);
            }
            double[] r2 = re.clone(), i2 = im.clone();
            new Fft(n).transform(r2, i2, false);
            for (int k = 0; k < n; k++) {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * k * t / n;
                    sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
                assertEquals(sr, r2[k], 1e-9, "n=" + n);
                assertEquals(si, i2[k], 1e-9, "n=" + n);
            }
            new Fft(n).transform(r2, i2, true);
            for (int t = 0; t < n; t++) {
                assertEquals(re[t], r2[t], 1e-9);
            }
        }
    }

    @Test
    void combiningIsTheMeanForPowerZeroAndKeepsIdenticalVolumes() {
        int[] dims = {5, 6, 3};
        int n = 90;
        float[] a = new float[n], b = new float[n];
        Rng rng = Rng.ofState(2);
        for (int i = 0; i < n; i++) {
            a[i] = (float) rng.nextDouble();
            b[i] = (float) rng.nextDouble();
        }
        float[] a0 = a.clone();
        Fba.combine(a, b.clone(), dims, 0);
        for (int i = 0; i < n; i++) {
            assertEquals((a0[i] + b[i]) / 2, a[i], 1e-5);
        }
        float[] c = a0.clone();
        Fba.combine(c, a0.clone(), dims, 2);
        for (int i = 0; i < n; i++) {
            assertEquals(a0[i], c[i], 1e-5);
        }
    }

    @Test
    void sharperVolumeDominatesItsFrequencies() {
        // a has energy at one frequency that b lacks: FBA keeps (nearly) all of it, the mean only half.
        int[] dims = {8, 1, 1};
        float[] a = new float[8], b = new float[8];
        for (int i = 0; i < 8; i++) {
            a[i] = (float) (1 + Math.cos(2 * Math.PI * 2 * i / 8));
            b[i] = 1;
        }
        float[] c = a.clone();
        Fba.combine(c, b, dims, 4);
        for (int i = 0; i < 8; i++) {
            assertEquals(a[i], c[i], 1e-4);
        }
    }
}
