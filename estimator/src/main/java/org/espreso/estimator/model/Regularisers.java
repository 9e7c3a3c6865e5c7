package org.espreso.estimator.model;

import org.espreso.compute.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The regularisers of docs/espreso.md and the warm-up loss on a profile k ([K], m = K/2), with their
 * gradients w.r.t. k, in float64:
 * <ul>
 * <li>boundary {@code Σ k_i, i ∈ {0, 1, K−2, K−1}}; with a free mass b > 0 its gradient is zero while the sum is at
 * most b (a hinge);</li>
 * <li>centre {@code (Σ i·k_i − m)²};</li>
 * <li>peak {@code Σ_{i<m} relu(d_i − τ) + Σ_{i≥m} relu(−d_i − τ)}, d_i = k_i − k_{i+1}, k_K = 0 (relu' (0) = 0),
 * with the tolerance τ ≥ 0 (0 as published);</li>
 * <li>smoothness {@code sqrt(Σ_{i<K−1} (k_i − k_{i+1})² + 1e-12)} (the epsilon keeps the gradient finite for a
 * perfectly flat k, where PyTorch would give NaN);</li>
 * <li>warm-up MSE: the mean of {@code (x⋆k − x⋆δ_m)²} over the rows x of the warm-up patches (valid
 * correlation, hr = P − K + 1 outputs per row).</li>
 * </ul>
 */
final class Regularisers {
    static final int BOUNDARY = 0, CENTRE = 1, PEAK = 2, SMOOTH = 3, WARMUP = 4;

    private Regularisers() {
    }

    /**
     * Values of the first four regularisers; adds {@code Σ weights[r] · ∂reg_r/∂k} to {@code dk} when it is not
     * null.
     */
    static double[] apply(float[] k, double[] weights, double[] dk) {
        return apply(k, weights, dk, 0, 0);
    }

    /**
     * As {@link #apply(float[], double[], double[])} with the boundary term's free mass and the peak term's tolerance
     * (both 0 as published). Both values count only the excess over the free mass or the tolerance.
     */
    static double[] apply(float[] k, double[] weights, double[] dk, double boundaryFreeMass, double peakTolerance) {
        int n = k.length, m = n / 2;
        double boundary = 0, centroid = 0, peak = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            if (i < 2 || i >= n - 2) {
                boundary += k[i];
            }
            centroid += i * (double) k[i];
        }
        centroid -= m;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = k[i] - (i + 1 < n ? (double) k[i + 1] : 0);
            double s = (i < m ? d[i] : -d[i]) - peakTolerance;
            if (s > 0) {
                peak += s;
            }
            if (i < n - 1) {
                sq += d[i] * d[i];
            }
        }
        double smooth = Math.sqrt(sq + 1e-12);
        if (dk != null) {
            boolean boundaryActive = boundary > boundaryFreeMass;
            for (int i = 0; i < n; i++) {
                if (boundaryActive && (i < 2 || i >= n - 2)) {
                    dk[i] += weights[BOUNDARY];
                }
                dk[i] += weights[CENTRE] * 2 * centroid * i;
                double sign = i < m ? 1 : -1;
                if (sign * d[i] - peakTolerance > 0) {
                    dk[i] += weights[PEAK] * sign;
                    if (i + 1 < n) {
                        dk[i + 1] -= weights[PEAK] * sign;
                    }
                }
                if (i < n - 1) {
                    double g = weights[SMOOTH] * d[i] / smooth;
                    dk[i] += g;
                    dk[i + 1] -= g;
                }
            }
        }
        return new double[] {Math.max(0, boundary - boundaryFreeMass), centroid * centroid, peak, smooth};
    }

    /**
     * Negative entropy {@code Σ k_i log k_i} of the profile; adds {@code weight · (log k_i + 1)} to {@code dk} when it
     * is not null. Among profiles of one variance the Gaussian has the largest entropy, so a small weight breaks the
     * adversarial loss's indifference to shape toward it (docs/espreso.md, "What moves the FWHM").
     */
    static double negativeEntropy(float[] k, double weight, double[] dk) {
        double h = 0;
        for (int i = 0; i < k.length; i++) {
            double v = Math.max(k[i], 1e-30);
            h += v * Math.log(v);
            if (dk != null) {
                dk[i] += weight * (Math.log(v) + 1);
            }
        }
        return h;
    }

    /** The warm-up MSE on patches x [rows, P] (row-major, float32) and its weighted gradient added to dk. */
    /**
     * The warm-up target: a sampled Gaussian of {@code fwhm} taps centred on tap K/2 (normalised), or the impulse
     * δ at K/2 when {@code fwhm <= 1}.
     */
    public static float[] startProfile(int k, double fwhm) {
        float[] t = new float[k];
        int m = k / 2;
        if (fwhm <= 1) {
            t[m] = 1f;
            return t;
        }
        double sigma = fwhm / org.espreso.core.profile.Profiles.FWHM_PER_SIGMA, sum = 0;
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            g[i] = Math.exp(-0.5 * (i - m) * (i - m) / (sigma * sigma));
            sum += g[i];
        }
        for (int i = 0; i < k; i++) {
            t[i] = (float) (g[i] / sum);
        }
        return t;
    }

    static final class Warmup {
        private final int rows, p, hr;
        private final INDArray diff, y, dD;
        private final float[] target;

        /** @param target the profile the warm-up pulls k toward (K taps) */
        Warmup(int rows, int p, float[] target) {
            this.rows = rows;
            this.p = p;
            this.target = target.clone();
            this.hr = p - target.length + 1;
            diff = Nd4j.create(DataType.FLOAT, hr, p);
            y = Nd4j.create(DataType.FLOAT, rows, hr);
            dD = Nd4j.create(DataType.FLOAT, hr, p);
        }

        double apply(INDArray x, float[] k, double weight, double[] dk) {
            int n = k.length;
            // D = Corr(k) − Corr(t) as an [hr, P] matrix: row i holds k − t at columns i … i+K−1.
            float[] dm = new float[hr * p];
            for (int i = 0; i < hr; i++) {
                for (int j = 0; j < n; j++) {
                    dm[i * p + i + j] = k[j] - target[j];
                }
            }
            diff.data().asNioFloat().put(0, dm, 0, dm.length);
            Blas.gemm(false, true, rows, hr, p, 1f, x, 0, p, diff, 0, p, 0f, y, 0, hr);
            float[] yf = y.data().asFloat();
            double sum = 0;
            for (float v : yf) {
                sum += (double) v * v;
            }
            double count = (double) rows * hr;
            if (dk != null && weight != 0) {
                float scale = (float) (2 * weight / count);
                for (int i = 0; i < yf.length; i++) {
                    yf[i] *= scale;
                }
                y.data().asNioFloat().put(0, yf, 0, yf.length);
                Blas.gemm(true, false, hr, p, rows, 1f, y, 0, hr, x, 0, p, 0f, dD, 0, p);
                float[] g = dD.data().asFloat();
                for (int i = 0; i < hr; i++) {
                    for (int j = 0; j < n; j++) {
                        dk[j] += g[i * p + i + j];
                    }
                }
            }
            return sum / count;
        }
    }
}
