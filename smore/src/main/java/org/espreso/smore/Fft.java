package org.espreso.smore;

/**
 * 1-D complex FFT of any length: iterative radix-2 for powers of two, Bluestein's chirp-z algorithm otherwise.
 * Plans are per length and reusable by one thread at a time.
 */
final class Fft {
    private final int n;
    private final int m; // power-of-two working length
    private final double[] cos;
    private final double[] sin;
    private final double[] chirpRe;
    private final double[] chirpIm;
    private final double[] bRe; // FFT of the conjugate chirp (Bluestein)
    private final double[] bIm;
    private final double[] wRe;
    private final double[] wIm;

    Fft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be >= 1");
        }
        this.n = n;
        boolean pow2 = Integer.bitCount(n) == 1;
        this.m = pow2 ? n : Integer.highestOneBit(2 * n - 1) << 1;
        cos = new double[m / 2 + 1];
        sin = new double[m / 2 + 1];
        for (int i = 0; i < cos.length; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / m);
            sin[i] = Math.sin(2 * Math.PI * i / m);
        }
        if (pow2) {
            chirpRe = chirpIm = bRe = bIm = wRe = wIm = null;
            return;
        }
        chirpRe = new double[n];
        chirpIm = new double[n];
        for (int k = 0; k < n; k++) {
            long kk = (long) k * k % (2L * n);
            double a = Math.PI * kk / n;
            chirpRe[k] = Math.cos(a);
            chirpIm[k] = -Math.sin(a);
        }
        bRe = new double[m];
        bIm = new double[m];
        bRe[0] = chirpRe[0];
        bIm[0] = -chirpIm[0];
        for (int k = 1; k < n; k++) {
            bRe[k] = bRe[m - k] = chirpRe[k];
            bIm[k] = bIm[m - k] = -chirpIm[k];
        }
        radix2(bRe, bIm, false);
        wRe = new double[m];
        wIm = new double[m];
    }

    /** In-place transform of (re, im), length n; inverse includes the 1/n factor. */
    void transform(double[] re, double[] im, boolean inverse) {
        if (m == n) {
            radix2(re, im, inverse);
        } else {
            if (inverse) {
                for (int i = 0; i < n; i++) {
                    im[i] = -im[i];
                }
            }
            bluestein(re, im);
            if (inverse) {
                for (int i = 0; i < n; i++) {
                    im[i] = -im[i];
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    private void bluestein(double[] re, double[] im) {
        java.util.Arrays.fill(wRe, 0);
        java.util.Arrays.fill(wIm, 0);
        for (int k = 0; k < n; k++) {
            wRe[k] = re[k] * chirpRe[k] - im[k] * chirpIm[k];
            wIm[k] = re[k] * chirpIm[k] + im[k] * chirpRe[k];
        }
        radix2(wRe, wIm, false);
        for (int i = 0; i < m; i++) {
            double r = wRe[i] * bRe[i] - wIm[i] * bIm[i];
            double j = wRe[i] * bIm[i] + wIm[i] * bRe[i];
            wRe[i] = r;
            wIm[i] = j;
        }
        radix2(wRe, wIm, true);
        for (int k = 0; k < n; k++) {
            double r = wRe[k] / m, j = wIm[k] / m;
            re[k] = r * chirpRe[k] - j * chirpIm[k];
            im[k] = r * chirpIm[k] + j * chirpRe[k];
        }
    }

    /** Unnormalised radix-2 transform of length m (sign +i for inverse). */
    private void radix2(double[] re, double[] im, boolean inverse) {
        int len = m;
        for (int i = 1, j = 0; i < len; i++) {
            int bit = len >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int size = 2; size <= len; size <<= 1) {
            int half = size >> 1, step = len / size;
            for (int i = 0; i < len; i += size) {
                for (int k = 0; k < half; k++) {
                    double c = cos[k * step], s = inverse ? sin[k * step] : -sin[k * step];
                    int a = i + k, b = a + half;
                    double tr = re[b] * c - im[b] * s;
                    double ti = re[b] * s + im[b] * c;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
