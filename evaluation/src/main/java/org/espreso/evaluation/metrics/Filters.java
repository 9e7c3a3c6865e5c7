package org.espreso.evaluation.metrics;

import org.espreso.core.resample.EdgeMode;

/**
 * float64 separable filtering for the metrics, written to reproduce scipy.ndimage's arithmetic: the same kernel,
 * the same edge handling (mode 'reflect', half-sample symmetric) and the same order of operations per output
 * sample, so results agree with scipy to the last bit or nearly so.
 *
 * <p>Not {@code AxisMap.applyAlong}: that one rounds to float32 after each axis, which moves voxels across the
 * head mask's median threshold, and reads lines along y and z with a large stride. Here lines along y and z are
 * processed as bundles of whole x-rows (contiguous, vectorisable), and everything stays float64.
 */
final class Filters {
    private Filters() {
    }

    /** A task over chunk number {@code chunk}, the range [lo, hi) of some index. */
    interface ChunkTask {
        void run(int chunk, int lo, int hi);
    }

    /** How many chunks {@link #parallelChunks} makes: about two per worker thread, each at least minChunk long. */
    static int chunkCount(int n, int minChunk) {
        int workers = org.espreso.core.runtime.Parallel.threads();
        return Math.max(1, Math.min(2 * workers, n / Math.max(1, minChunk)));
    }

    /** Splits [0, n) into {@link #chunkCount} contiguous chunks and runs them in parallel. */
    static void parallelChunks(int n, int minChunk, ChunkTask task) {
        int chunks = chunkCount(n, minChunk);
        org.espreso.core.runtime.Parallel.forEach(chunks, c -> {
            int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks);
            if (hi > lo) {
                task.run(c, lo, hi);
            }
        });
    }

    /** scipy.ndimage's reflect index for sample i of a line of n (any i, any n >= 1). */
    static int reflect(int i, int n) {
        return EdgeMode.REFLECT.map(i, n);
    }

    /**
     * scipy.ndimage._gaussian_kernel1d(sigma, 0, radius) with radius = int(truncate * sigma + 0.5): exp(-0.5 /
     * sigma^2 * x^2) for x = -radius..radius, divided by its numpy (pairwise) sum.
     */
    static double[] gaussianKernel(double sigma, double truncate) {
        if (!(sigma > 0) || Double.isInfinite(sigma) || !(truncate > 0)) {
            throw new IllegalArgumentException("sigma and truncate must be positive: " + sigma + ", " + truncate);
        }
        int r = (int) (truncate * sigma + 0.5);
        double a = -0.5 / (sigma * sigma);
        double[] phi = new double[2 * r + 1];
        for (int i = 0; i < phi.length; i++) {
            long x = i - r;
            phi[i] = Math.exp(a * (double) (x * x));
        }
        double s = numpySum(phi, 0, phi.length);
        for (int i = 0; i < phi.length; i++) {
            phi[i] /= s;
        }
        return phi;
    }

    /** numpy's pairwise summation of a contiguous float64 array (umath's pairwise_sum, block size 128). */
    static double numpySum(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, off, r, 0, 8);
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[off + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return numpySum(a, off, n2) + numpySum(a, off + n2, n - n2);
        }
    }

    /**
     * In-place correlation of a float64 volume (x fastest) with a symmetric odd kernel along {@code axis}, mode
     * 'reflect', as scipy.ndimage.correlate1d does it: out = x[i] * w[c] + sum over d = c..1 of (x[i-d] + x[i+d]) *
     * w[c-d].
     */
    static void correlateSymmetric(double[] data, int[] dims, int axis, double[] w) {
        int nx = dims[0], ny = dims[1], nz = dims[2];
        int c = w.length / 2;
        for (int d = 1; d <= c; d++) {
            if (w[c - d] != w[c + d]) {
                throw new IllegalArgumentException("kernel is not symmetric");
            }
        }
        switch (axis) {
            case 0 -> parallelChunks(ny * nz, 64, (chunk, lo, hi) -> {
                double[] ext = new double[nx + 2 * c];
                for (int line = lo; line < hi; line++) {
                    int base = line * nx;
                    for (int i = 0; i < ext.length; i++) {
                        ext[i] = data[base + reflect(i - c, nx)];
                    }
                    for (int i = 0; i < nx; i++) {
                        int m = i + c;
                        double acc = ext[m] * w[c];
                        for (int d = c; d >= 1; d--) {
                            acc += (ext[m - d] + ext[m + d]) * w[c - d];
                        }
                        data[base + i] = acc;
                    }
                }
            });
            // Lines along y: one bundle per z plane, rows y of nx contiguous samples.
            case 1 -> parallelChunks(nz, 1, (chunk, lo, hi) -> {
                double[] rows = new double[nx * ny];
                for (int z = lo; z < hi; z++) {
                    bundle(data, z * nx * ny, nx, ny, nx, w, rows);
                }
            });
            // Lines along z: one bundle per y, rows z of nx contiguous samples nx*ny apart.
            case 2 -> parallelChunks(ny, 1, (chunk, lo, hi) -> {
                double[] rows = new double[nx * nz];
                for (int y = lo; y < hi; y++) {
                    bundle(data, y * nx, nx * ny, nz, nx, w, rows);
                }
            });
            default -> throw new IllegalArgumentException("axis must be 0, 1 or 2: " + axis);
        }
    }

    /** n rows of width samples, row k at base + k * stride: correlates along k, in place, via the rows buffer. */
    private static void bundle(double[] data, int base, int stride, int n, int width, double[] w, double[] rows) {
        int c = w.length / 2;
        for (int k = 0; k < n; k++) {
            System.arraycopy(data, base + k * stride, rows, k * width, width);
        }
        for (int k = 0; k < n; k++) {
            int out = base + k * stride;
            int r0 = k * width;
            double wc = w[c];
            for (int x = 0; x < width; x++) {
                data[out + x] = rows[r0 + x] * wc;
            }
            for (int d = c; d >= 1; d--) {
                int a = reflect(k - d, n) * width, b = reflect(k + d, n) * width;
                double wd = w[c - d];
                for (int x = 0; x < width; x++) {
                    data[out + x] += (rows[a + x] + rows[b + x]) * wd;
                }
            }
        }
    }

    /**
     * scipy.ndimage.uniform_filter1d of one line (mode 'reflect', odd size, origin 0) as scipy computes it: the
     * first output is the sum of the window divided by size, then a running mean updated by (in - out) / size.
     * {@code ext} is scratch of at least n + size - 1.
     */
    static void uniformLine(double[] src, int srcOff, double[] dst, int dstOff, int n, int size, double[] ext) {
        int h = size / 2;
        for (int i = 0; i < n + size - 1; i++) {
            ext[i] = src[srcOff + reflect(i - h, n)];
        }
        double tmp = 0.0;
        for (int i = 0; i < size; i++) {
            tmp += ext[i];
        }
        tmp /= size;
        dst[dstOff] = tmp;
        for (int i = 1; i < n; i++) {
            tmp += (ext[i + size - 1] - ext[i - 1]) / size;
            dst[dstOff + i] = tmp;
        }
    }

    /**
     * uniform_filter1d along the rows of a plane of ny rows of nx (row y at y * nx), from src to dst, vectorised
     * across x with the same per-sample arithmetic as {@link #uniformLine}. {@code acc} is scratch of nx.
     */
    static void uniformAcrossRows(double[] src, double[] dst, int nx, int ny, int size, double[] acc) {
        int h = size / 2;
        java.util.Arrays.fill(acc, 0.0);
        for (int k = 0; k < size; k++) {
            int r = reflect(k - h, ny) * nx;
            for (int x = 0; x < nx; x++) {
                acc[x] += src[r + x];
            }
        }
        for (int x = 0; x < nx; x++) {
            acc[x] /= size;
            dst[x] = acc[x];
        }
        for (int y = 1; y < ny; y++) {
            int in = reflect(y + h, ny) * nx, out = reflect(y - h - 1, ny) * nx, d = y * nx;
            for (int x = 0; x < nx; x++) {
                acc[x] += (src[in + x] - src[out + x]) / size;
                dst[d + x] = acc[x];
            }
        }
    }
}
