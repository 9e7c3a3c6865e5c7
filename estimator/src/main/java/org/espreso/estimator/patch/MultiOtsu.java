package org.espreso.estimator.patch;

/** Multi-level Otsu thresholds on a 256-bin histogram (as scikit-image's {@code threshold_multiotsu}). */
public final class MultiOtsu {
    public static final int BINS = 256;

    private MultiOtsu() {
    }

    /** The two thresholds of a 3-class multi-Otsu (bin centres), ascending. */
    public static double[] threeClass(float[] data) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float f : data) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        if (!(max > min)) {
            return new double[] {min, min};
        }
        double[] hist = new double[BINS];
        double width = (max - min) / BINS;
        for (float f : data) {
            int b = (int) ((f - min) / width);
            hist[Math.min(b, BINS - 1)]++;
        }
        double[] centres = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            centres[i] = min + (i + 0.5) * width;
        }
        // Prefix sums of weights and first moments; maximise sum_c w_c mu_c^2 over thresholds i < j.
        double[] w = new double[BINS + 1], mu = new double[BINS + 1];
        for (int i = 0; i < BINS; i++) {
            w[i + 1] = w[i] + hist[i];
            mu[i + 1] = mu[i] + hist[i] * centres[i];
        }
        double best = -1;
        int bi = 0, bj = 1;
        for (int i = 0; i < BINS - 2; i++) {
            double w0 = w[i + 1], m0 = mu[i + 1];
            if (w0 == 0) {
                continue;
            }
            double t0 = m0 * m0 / w0;
            for (int j = i + 1; j < BINS - 1; j++) {
                double w1 = w[j + 1] - w[i + 1], m1 = mu[j + 1] - mu[i + 1];
                double w2 = w[BINS] - w[j + 1], m2 = mu[BINS] - mu[j + 1];
                if (w1 == 0 || w2 == 0) {
                    continue;
                }
                double v = t0 + m1 * m1 / w1 + m2 * m2 / w2;
                if (v > best) {
                    best = v;
                    bi = i;
                    bj = j;
                }
            }
        }
        return new double[] {centres[bi], centres[bj]};
    }
}
