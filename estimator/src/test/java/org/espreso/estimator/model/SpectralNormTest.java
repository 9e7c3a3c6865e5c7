package org.espreso.estimator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.espreso.core.train.Rng;
import org.junit.jupiter.api.Test;

class SpectralNormTest {
    private static float[] randomMatrix(Rng r, int rows, int cols) {
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }

    private static double largestSingularValue(float[] w, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = w[i * cols + j];
            }
        }
        return new SingularValueDecomposition(new Array2DRowRealMatrix(m)).getSingularValues()[0];
    }

    @Test
    void powerIterationConvergesToLargestSingularValue() {
        Rng r = new Rng(11);
        for (int[] shape : new int[][] {{192, 64}, {3, 64}, {192, 1}, {64, 64}}) {
            int rows = shape[0], cols = shape[1];
            float[] w = randomMatrix(r, rows, cols);
            float[] u = new float[cols], v = new float[rows];
            for (int i = 0; i < cols; i++) {
                u[i] = (float) r.nextGaussian();
            }
            SpectralNorm.normalise(u);
            double sigma = 0;
            // persistent u: one iteration per "forward", as in training
            for (int it = 0; it < 300; it++) {
                sigma = SpectralNorm.powerIteration(FloatBuffer.wrap(w), rows, cols, u, v);
            }
            double svd = largestSingularValue(w, rows, cols);
            assertEquals(svd, sigma, 1e-3 * svd, "shape " + rows + "x" + cols);
        }
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Rng r = new Rng(5);
        int rows = 12, cols = 5;
        float[] w = randomMatrix(r, rows, cols), g = randomMatrix(r, rows, cols);
        float[] u = new float[cols], v = new float[rows];
        for (int i = 0; i < cols; i++) {
            u[i] = (float) r.nextGaussian();
        }
        SpectralNorm.normalise(u);
        double sigma = SpectralNorm.powerIteration(FloatBuffer.wrap(w), rows, cols, u, v);
        float[] wsn = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            wsn[i] = (float) (w[i] / sigma);
        }
        float[] out = new float[w.length];
        SpectralNorm.backward(FloatBuffer.wrap(g), FloatBuffer.wrap(wsn), u, v, sigma, FloatBuffer.wrap(out));
        // f(W) = <G, W / sigma(W)>, sigma(W) = u^T Wm^T v with u, v fixed
        for (int i = 0; i < w.length; i++) {
            double h = 1e-3;
            double fp = f(w, g, u, v, i, h), fm = f(w, g, u, v, i, -h);
            assertEquals((fp - fm) / (2 * h), out[i], 1e-3, "element " + i);
        }
    }

    private static double f(float[] w, float[] g, float[] u, float[] v, int idx, double h) {
        int cols = u.length, rows = v.length;
        double[] wd = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            wd[i] = w[i] + (i == idx ? h : 0);
        }
        double sigma = 0;
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < cols; b++) {
                sigma += v[a] * wd[a * cols + b] * u[b];
            }
        }
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += g[i] * wd[i] / sigma;
        }
        return s;
    }
}
