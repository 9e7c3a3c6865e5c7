package org.espreso.core.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.espreso.core.profile.Profiles;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

class ResamplingTest {
    private static Volume ramp(int nx, int ny, int nz, double[] spacing, Affine affine) {
        float[] d = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    d[x + nx * (y + ny * z)] = x + 10 * y + 100 * z;
                }
            }
        }
        return Volume.of(new int[] {nx, ny, nz}, spacing, affine, d);
    }

    @Test
    void upsamplingMovesTheOriginByThreeEighthsOfASliceForScaleFour() {
        Affine a = Affine.of(1, 0, 0, -90, 0, 1, 0, -126, 0, 0, 4, -72, 0, 0, 0, 1);
        Volume lr = ramp(3, 4, 10, new double[] {1, 1, 4}, a);
        Volume up = Resampling.upsampleCubic(lr, 2, 4);
        assertArrayEquals(new int[] {3, 4, 40}, up.dims());
        assertEquals(1.0, up.spacing(2), 1e-12);
        assertEquals(-72 - 3.0 / 8 * 4, up.affine().get(2, 3), 1e-12);
        assertEquals(1.0, up.affine().get(2, 2), 1e-12);
        // The world position of every output voxel is where the grid says it is.
        double[] w = up.affine().apply(0, 0, 5);
        assertArrayEquals(lr.affine().apply(0, 0, -3.0 / 8 + 5 * 0.25), w, 1e-12);
    }

    @Test
    void resamplingAlongAnyAxisTouchesOnlyThatAxis() {
        Volume v = ramp(8, 12, 16, new double[] {1, 1, 1}, Affine.scaling(1, 1, 1));
        for (int axis = 0; axis < 3; axis++) {
            Volume d = Resampling.cubic(v, axis, Grid.downsampling(v.dim(axis), 4));
            int[] dims = v.dims();
            dims[axis] /= 4;
            assertArrayEquals(dims, d.dims());
            assertEquals(4, d.spacing(axis), 1e-12);
            // A linear ramp resampled at interior positions p gives the ramp at p.
            int[] idx = {1, 1, 1};
            double[] coef = {1, 10, 100};
            double p = 1.5 + 4 * idx[axis];
            double expected = 0;
            for (int a = 0; a < 3; a++) {
                expected += coef[a] * (a == axis ? p : idx[a]);
            }
            assertEquals(expected, d.get(idx[0], idx[1], idx[2]), 1e-3, "axis " + axis);
        }
    }

    @Test
    void rectThreeAcquisitionAveragesThreeSlices() {
        Volume v = ramp(2, 2, 12, new double[] {1, 1, 1}, Affine.scaling(1, 1, 1));
        Volume lr = Acquisition.simulate(v, 2, Profiles.rect(3), 3);
        assertArrayEquals(new int[] {2, 2, 4}, lr.dims());
        // Slice k is centred on voxel 3k + 1 and averages voxels 3k, 3k+1, 3k+2 equally.
        for (int k = 0; k < 4; k++) {
            float expected = (v.get(1, 0, 3 * k) + v.get(1, 0, 3 * k + 1) + v.get(1, 0, 3 * k + 2)) / 3f;
            assertEquals(expected, lr.get(1, 0, k), 1e-4);
        }
        assertEquals(1.0, lr.affine().get(2, 3), 1e-12);
        assertEquals(3.0, lr.spacing(2), 1e-12);
    }

    @Test
    void acquisitionAtScaleFourPlacesSlicesBetweenVoxelsAndRepeatsEdges() {
        float[] d = new float[8];
        for (int i = 0; i < 8; i++) {
            d[i] = i * i;
        }
        Volume v = Volume.of(new int[] {1, 1, 8}, new double[] {1, 1, 1}, d);
        Volume lr = Acquisition.simulate(v, 2, Profiles.gaussian(4), 4);
        assertEquals(2, lr.dim(2));
        // Slice 0 is centred at 1.5; weights exp(-(i-1.5)^2/(2 sigma^2)) over the support, edges clamped.
        double sigma = 4 / Profiles.FWHM_PER_SIGMA;
        double r = Profiles.gaussian(4).supportRadius();
        double num = 0, den = 0;
        for (int i = (int) Math.ceil(1.5 - r); i <= Math.floor(1.5 + r); i++) {
            double w = Math.exp(-(i - 1.5) * (i - 1.5) / (2 * sigma * sigma));
            int j = Math.max(0, Math.min(7, i));
            num += w * j * j;
            den += w;
        }
        assertEquals(num / den, lr.get(0, 0, 0), 1e-4);
        assertEquals(1.5, lr.affine().get(2, 3), 1e-12);
        assertTrue(lr.get(0, 0, 1) > lr.get(0, 0, 0));
    }
}
