package org.espreso.estimator.model;

import java.nio.FloatBuffer;

/**
 * Spectral normalisation of a weight stored as Wm = [in·w, out] (the transpose of PyTorch's [out, in·w] view),
 * as {@code torch.nn.utils.spectral_norm}: one power iteration v = n(Wm u), u = n(Wmᵀ v) with n(x) = x / max(|x|,
 * 1e-12), σ = uᵀ Wmᵀ v; u and v are constants for the gradient.
 */
public final class SpectralNorm {
    private SpectralNorm() {
    }

    static void normalise(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        double n = Math.max(Math.sqrt(s), 1e-12);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] / n);
        }
    }

    /** One power iteration on {@code w} ([rows = in·w][cols = out], row-major); updates u and v; returns σ. */
    public static double powerIteration(FloatBuffer w, int rows, int cols, float[] u, float[] v) {
        for (int a = 0; a < rows; a++) {
            double s = 0;
            for (int b = 0; b < cols; b++) {
                s += w.get(a * cols + b) * u[b];
            }
            v[a] = (float) s;
        }
        normalise(v);
        double[] wv = new double[cols];
        for (int a = 0; a < rows; a++) {
            float va = v[a];
            for (int b = 0; b < cols; b++) {
                wv[b] += w.get(a * cols + b) * va;
            }
        }
        for (int b = 0; b < cols; b++) {
            u[b] = (float) wv[b];
        }
        normalise(u);
        double sg = 0;
        for (int b = 0; b < cols; b++) {
            sg += u[b] * wv[b];
        }
        return sg;
    }

    /** Gradient w.r.t. the raw W from the gradient G w.r.t. W/σ: (G − ⟨G, W/σ⟩ v uᵀ) / σ. */
    public static void backward(FloatBuffer g, FloatBuffer wsn, float[] u, float[] v, double sigma, FloatBuffer out) {
        int cols = u.length, n = cols * v.length;
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += g.get(i) * wsn.get(i);
        }
        double inv = 1 / sigma;
        for (int i = 0; i < n; i++) {
            out.put(i, (float) ((g.get(i) - dot * v[i / cols] * u[i % cols]) * inv));
        }
    }
}
