package org.espreso.smore;

import org.espreso.core.train.Rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PairSamplerTest {
    /** 0 in slice z = 0 (so min and max differ), {@code value} everywhere else. */
    private static Volume flat(int nx, int ny, int nz, float value) {
        float[] d = new float[nx * ny * nz];
        java.util.Arrays.fill(d, nx * ny, d.length, value);
        return Volume.of(new int[] {nx, ny, nz}, new double[] {1, 1, 4}, d);
    }

    @Test
    void shapesForIntegerAndFractionalScale() {
        Volume v = flat(120, 100, 8, 1);
        PairSampler s4 = new PairSampler(v, 2, BlurKernel.gaussian(4), 4, 16, false);
        assertEquals(16, s4.patch());
        assertEquals(64, s4.hrRows());
        assertEquals(16, s4.inRows());
        assertEquals(4, s4.factor());
        PairSampler s25 = new PairSampler(v, 2, BlurKernel.gaussian(2.5), 2.5, 16, false);
        assertEquals(40, s25.hrRows()); // round(16 * 2.5 / 2) * 2
        assertEquals(20, s25.inRows()); // network input: 40 / f
        assertEquals(2, s25.factor());
        float[] lr = new float[3 * 20 * 16], hr = new float[3 * 40 * 16];
        s25.fill(Rng.ofState(1), 3, lr, hr);
    }

    @Test
    void patchShrinksToFitSmallSlices() {
        Volume v = flat(60, 50, 8, 1);
        PairSampler s = new PairSampler(v, 2, BlurKernel.gaussian(4), 4, 48, false);
        assertTrue(s.patch() < 48);
        assertTrue(s.hrRows() + 2 * (BlurKernel.gaussian(4).halfWidth() + 2) <= 60);
    }

    @ParameterizedTest
    @ValueSource(doubles = {4.0, 2.5, 3.0, 1.5})
    void flatImageStaysFlatIncludingEdgeRows(double s) {
        // A wide kernel: with the reference's zero padding the first and last LR rows would come out darker.
        Volume v = flat(140, 90, 6, 5);
        PairSampler ps = new PairSampler(v, 2, BlurKernel.gaussian(2 * s), s, 16, false);
        int in = ps.inRows(), h = ps.hrRows(), p = ps.patch();
        float[] lr = new float[8 * in * p], hr = new float[8 * h * p];
        ps.fill(Rng.ofState(7), 8, lr, hr);
        // Slice 0 may be drawn (it is 0 everywhere); each patch must be constant either way.
        for (int b = 0; b < 8; b++) {
            float ref = hr[b * h * p];
            for (int i = 0; i < h * p; i++) {
                assertEquals(ref, hr[b * h * p + i], 0f);
            }
            for (int i = 0; i < in * p; i++) {
                assertEquals(ref, lr[b * in * p + i], 1e-5f, "LR row " + i / p + " of patch " + b);
            }
        }
        // And a patch from a flat slice is 1 (normalised) in its first and last rows.
        float[] lr1 = new float[in * p], hr1 = new float[h * p];
        ps.pair(3, 0, 0, 0, false, false, lr1, 0, hr1, 0);
        assertEquals(1f, lr1[0], 1e-5f);
        assertEquals(1f, lr1[(in - 1) * p], 1e-5f);
    }

    /**
     * A ramp along the rows: blur (symmetric) and Keys cubic both reproduce linear functions, so each LR row must
     * equal the HR coordinate of its sample: network-input row j sits at the centre of SR rows j f .. j f + f - 1.
     */
    @ParameterizedTest
    @ValueSource(doubles = {4.0, 2.5, 2.0, 3.3})
    void lrRowsSitOnTheSameFovGrid(double s) {
        int na = 200, nb = 40, nz = 3;
        float[] d = new float[na * nb * nz];
        for (int z = 0; z < nz; z++) {
            for (int j = 0; j < nb; j++) {
                for (int i = 0; i < na; i++) {
                    d[i + na * (j + nb * z)] = i;
                }
            }
        }
        Volume v = Volume.of(new int[] {na, nb, nz}, new double[] {1, 1, s}, d);
        BlurKernel k = BlurKernel.gaussian(s);
        PairSampler ps = new PairSampler(v, 2, k, s, 12, true);
        int in = ps.inRows(), h = ps.hrRows(), p = ps.patch(), f = ps.factor();
        int margin = k.halfWidth() + 2;
        float[] lr = new float[in * p], hr = new float[h * p];
        int r0 = 10;
        ps.pair(1, 0, r0, 5, false, false, lr, 0, hr, 0);
        double norm = na - 1;
        for (int r = 0; r < h; r++) {
            assertEquals((r0 + margin + r) / norm, hr[r * p + 3], 1e-6);
        }
        // Keys cubic with a = -0.75 reproduces a line exactly only at half-way positions (integer s here); for
        // fractional s it wobbles by up to ~0.1 LR pixel, so there we bound the error and require no net shift (a
        // grid misplaced by even half a pixel would shift every row the same way).
        boolean integer = s == Math.rint(s);
        int nLr = (int) Math.round(h / s);
        double sum = 0;
        int count = 0;
        for (int j = 0; j < in; j++) {
            double expected = r0 + margin + j * f + (f - 1) / 2.0;
            double got = lr[j * p + 3] * norm;
            double u = (j * f + (f - 1) / 2.0 - (-0.5 + (h - nLr * s) / 2 + s / 2)) / s;
            boolean interior = u >= 1 && u <= nLr - 2;
            double tol = integer ? 5e-3 : interior ? 0.35 : 1.0;
            assertEquals(expected, got, tol, "row " + j);
            if (interior) {
                sum += got - expected;
                count++;
            }
        }
        assertEquals(0, sum / count, integer ? 5e-3 : 0.05, "mean offset of the LR rows");
        // Flipping the rows mirrors the ramp: the first target row is now the last row of the extended patch.
        ps.pair(1, 0, r0, 5, true, false, lr, 0, hr, 0);
        int ext = h + 2 * margin;
        assertEquals((r0 + ext - 1 - margin) / norm, hr[0], 1e-6);
    }

    @Test
    void gradientSamplingPrefersEdgesAndStaysInside() {
        int na = 120, nb = 120, nz = 10;
        float[] d = new float[na * nb * nz];
        for (int z = 0; z < nz; z++) {
            for (int j = 0; j < nb; j++) {
                for (int i = 0; i < na; i++) {
                    d[i + na * (j + nb * z)] = (z >= 5 && ((i / 4 + j / 4) % 2 == 0)) ? 1 : 0;
                }
            }
        }
        Volume v = Volume.of(new int[] {na, nb, nz}, new double[] {1, 1, 4}, d);
        PairSampler ps = new PairSampler(v, 2, BlurKernel.gaussian(4), 4, 12, false);
        int in = ps.inRows(), p = ps.patch();
        float[] lr = new float[64 * in * p], hr = new float[64 * ps.hrRows() * p];
        ps.fill(Rng.ofState(3), 64, lr, hr);
        int textured = 0;
        for (int b = 0; b < 64; b++) {
            float mx = 0;
            for (int i = 0; i < ps.hrRows() * p; i++) {
                mx = Math.max(mx, hr[b * ps.hrRows() * p + i]);
            }
            if (mx > 0) {
                textured++;
            }
        }
        // Slices 0-4 are empty: gradient weighting draws (almost) only from slices 5-9.
        assertTrue(textured >= 60, "textured patches: " + textured);
    }

    @Test
    void kernelFromProfileIsNormalisedAndCentred() {
        BlurKernel k = BlurKernel.of(org.espreso.core.profile.Profile.ofTaps(1, 2, 1));
        assertEquals(0.5, k.taps()[1], 1e-12);
        BlurKernel even = BlurKernel.of(org.espreso.core.profile.Profile.ofTaps(1, 1));
        assertEquals(3, even.length());
        BlurKernel g = BlurKernel.gaussian(4.0);
        assertEquals(9, g.length()); // 2 round(4) + 1
        assertEquals(5, BlurKernel.gaussian(2.5).length()); // round half to even: 2
        assertEquals(1.0, java.util.Arrays.stream(g.taps()).sum(), 1e-12);
    }
}
