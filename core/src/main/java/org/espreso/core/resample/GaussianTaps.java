package org.espreso.core.resample;

/**
 * The taps of a sampled Gaussian for smoothing before a gradient (the estimator's and SMORE's patch samplers):
 * {@code exp(-i²/2σ²)} for |i| ≤ ceil(4σ) (at least 1), normalised to sum 1. The metrics use scipy's kernel
 * instead (another radius rule, float64 throughout), to agree with scipy.ndimage to the last bit.
 */
public final class GaussianTaps {
    private GaussianTaps() {
    }

    public static double[] of(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        int rad = Math.max(1, (int) Math.ceil(4 * sigma));
        double[] k = new double[2 * rad + 1];
        double s = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = Math.exp(-i * i / (2 * sigma * sigma));
            s += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        return k;
    }
}
