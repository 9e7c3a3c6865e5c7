package org.espreso.smore.bench;

import org.espreso.core.volume.Volume;

/**
 * A simple foreground-masked PSNR for SMORE's own tests and tuning runs (the paper's head mask and SSIM live in
 * the evaluation module, which this module cannot depend on): mask = truth above 10 % of its maximum; both images
 * clipped to the truth's range inside the mask; {@code 10 log10(range² / MSE)} over the mask.
 */
public final class Quality {
    private Quality() {
    }

    public static boolean[] foreground(Volume truth) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : truth.data()) {
            max = Math.max(max, v);
        }
        boolean[] m = new boolean[truth.voxelCount()];
        for (int i = 0; i < m.length; i++) {
            m[i] = truth.data()[i] > 0.1f * max;
        }
        return m;
    }

    public static double maskedPsnr(Volume truth, Volume test, boolean[] mask) {
        if (truth.voxelCount() != test.voxelCount()) {
            throw new IllegalArgumentException("sizes differ: " + truth + " vs " + test);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                lo = Math.min(lo, truth.data()[i]);
                hi = Math.max(hi, truth.data()[i]);
            }
        }
        double se = 0;
        long n = 0;
        for (int i = 0; i < mask.length; i++) {
            if (mask[i]) {
                double a = Math.min(hi, Math.max(lo, truth.data()[i]));
                double b = Math.min(hi, Math.max(lo, test.data()[i]));
                se += (a - b) * (a - b);
                n++;
            }
        }
        return 10 * Math.log10((hi - lo) * (hi - lo) / (se / n));
    }

    /** The first {@code n} slices of {@code v} along {@code axis} (the truth for a same-FOV SR output). */
    public static Volume firstSlices(Volume v, int axis, int n) {
        return crop(v, axis == 0 ? new int[] {0, 0, 0} : new int[] {0, 0, 0},
                axis == 0 ? new int[] {n, v.dim(1), v.dim(2)} : axis == 1 ? new int[] {v.dim(0), n, v.dim(2)}
                        : new int[] {v.dim(0), v.dim(1), n});
    }

    /** A box of {@code size} voxels starting at {@code start}; the affine origin moves to the box's corner. */
    public static Volume crop(Volume v, int[] start, int[] size) {
        float[] d = new float[size[0] * size[1] * size[2]];
        for (int z = 0; z < size[2]; z++) {
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    d[x + size[0] * (y + size[1] * z)] = v.get(start[0] + x, start[1] + y, start[2] + z);
                }
            }
        }
        double[] o = v.affine().apply(start[0], start[1], start[2]);
        double[] m = v.affine().toRowMajor();
        m[3] = o[0];
        m[7] = o[1];
        m[11] = o[2];
        return v.withGeometry(size, v.spacing(), org.espreso.core.volume.Affine.of(m), d);
    }
}
