package org.espreso.evaluation.metrics;

import org.espreso.core.volume.Volume;

/**
 * PSNR inside a mask, the authors' {@code calc_psnr_3d}: both images are clipped to [min, max] of the reference
 * (over the whole volume), then PSNR = 10 log10((max - min)^2 / MSE) with the MSE over the mask voxels, in float64.
 * Identical images inside the mask (MSE = 0) give {@link Double#POSITIVE_INFINITY}; no epsilon is added.
 */
public final class Psnr {
    private Psnr() {
    }

    /**
     * @throws IllegalArgumentException if the dims differ, the mask is empty, a voxel is not finite, or the
     *     reference is constant (its range is zero, so PSNR is undefined)
     */
    public static double masked(Volume ref, Volume test, Mask mask) {
        Checks.pair(ref, test, mask);
        float[] r = ref.data(), t = test.data();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float v : r) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("the reference is constant (" + min + "): PSNR is undefined");
        }
        boolean[] m = mask.flags();
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            if (m[i]) {
                // The reference is within its own range already; only the test image needs clipping.
                double e = r[i] - Math.min(max, Math.max(min, t[i]));
                sum += e * e;
            }
        }
        double mse = sum / mask.count();
        return 10 * Math.log10((max - min) * (max - min) / mse);
    }

    /** PSNR over the whole volume. */
    public static double of(Volume ref, Volume test) {
        Checks.sameDims("reference", ref.dims(), "test image", test.dims());
        return masked(ref, test, Mask.all(ref.dims()));
    }
}
