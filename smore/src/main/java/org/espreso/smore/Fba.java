package org.espreso.smore;

/**
 * Fourier burst accumulation of two volumes (docs/smore.md, after Delbracio and Sapiro): per 3-D frequency,
 * {@code F = Σ w_i F_i / Σ w_i} with {@code w_i = |F_i|^p}; where both weights vanish the mean is used. With
 * p = 0 it reduces to the mean. Works in place on the first array; holds the two spectra as float pairs (16 bytes
 * per voxel in all) while it runs.
 */
public final class Fba {
    private Fba() {
    }

    /** Combines {@code a} and {@code b} (same dims, x fastest) into {@code a}. */
    public static void combine(float[] a, float[] b, int[] dims, double power) {
        int n = a.length;
        float[] aIm = new float[n];
        float[] bIm = new float[n];
        fft3(a, aIm, dims, false);
        fft3(b, bIm, dims, false);
        for (int i = 0; i < n; i++) {
            double[] w = weights(a[i], aIm[i], b[i], bIm[i], power);
            a[i] = (float) (w[0] * a[i] + w[1] * b[i]);
            aIm[i] = (float) (w[0] * aIm[i] + w[1] * bIm[i]);
        }
        fft3(a, aIm, dims, true);
    }

    /** Normalised weights (w_a, w_b) of one frequency: |F_i|^p over their sum, (1/2, 1/2) when both vanish. */
    public static double[] weights(double aRe, double aIm, double bRe, double bIm, double power) {
        double wa = Math.pow(Math.hypot(aRe, aIm), power);
        double wb = Math.pow(Math.hypot(bRe, bIm), power);
        double s = wa + wb;
        if (!(s > 0) || !Double.isFinite(s)) {
            return new double[] {0.5, 0.5};
        }
        return new double[] {wa / s, wb / s};
    }

    /** In-place 3-D FFT of (re, im) along all axes. */
    static void fft3(float[] re, float[] im, int[] dims, boolean inverse) {
        for (int axis = 0; axis < 3; axis++) {
            int len = dims[axis];
            int stride = org.espreso.core.volume.Volume.stride(dims, axis);
            int[] other = org.espreso.core.volume.Volume.inPlaneAxes(axis);
            int na = dims[other[0]], nb = dims[other[1]];
            int sa = org.espreso.core.volume.Volume.stride(dims, other[0]);
            int sb = org.espreso.core.volume.Volume.stride(dims, other[1]);
            org.espreso.core.runtime.Parallel.forEach(nb, j -> {
                Fft fft = new Fft(len);
                double[] lr = new double[len], li = new double[len];
                for (int i = 0; i < na; i++) {
                    int base = i * sa + j * sb;
                    for (int k = 0; k < len; k++) {
                        lr[k] = re[base + k * stride];
                        li[k] = im[base + k * stride];
                    }
                    fft.transform(lr, li, inverse);
                    for (int k = 0; k < len; k++) {
                        re[base + k * stride] = (float) lr[k];
                        im[base + k * stride] = (float) li[k];
                    }
                }
            });
        }
    }
}
