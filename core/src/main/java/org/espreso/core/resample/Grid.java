package org.espreso.core.resample;

/**
 * Sample positions along one axis, in input voxel indices: output k sits at {@code offset + k * step}.
 * Input voxel i covers [i - 0.5, i + 0.5].
 */
public record Grid(double offset, double step, int length) {
    public Grid {
        if (length < 1 || !(step > 0)) {
            throw new IllegalArgumentException("bad grid: offset " + offset + " step " + step + " length " + length);
        }
    }

    public double position(int k) {
        return offset + k * step;
    }

    /**
     * Downsampling by factor {@code s} (integer or fractional): floor(n / s) outputs, output k centred at
     * (s - 1) / 2 + k s, i.e. {@code (k + 0.5) s - 0.5}. Used for slice acquisition and the estimator's
     * cubic downsampling.
     */
    public static Grid downsampling(int n, double s) {
        int m = (int) Math.floor(n / s + 1e-9);
        if (m < 1) {
            throw new IllegalArgumentException(n + " samples cannot be downsampled by " + s);
        }
        return new Grid((s - 1) / 2, s, m);
    }

    /**
     * Upsampling by factor {@code s} on the same field of view (docs/smore.md): round(n s) outputs spread over the
     * input's extent [-0.5, n - 0.5], centred; for n s integral the first output sits at -(s - 1) / (2 s).
     */
    public static Grid sameFovUpsampling(int n, double s) {
        int m = (int) Math.round(n * s);
        double step = 1 / s;
        double l = -0.5 + (n - m * step) / 2;
        return new Grid(l + step / 2, step, m);
    }
}
