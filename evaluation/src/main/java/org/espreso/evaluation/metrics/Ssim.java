package org.espreso.evaluation.metrics;

import org.espreso.core.volume.Volume;

/**
 * SSIM inside a mask, the authors' {@code calc_ssim_3d} (docs/evaluation.md):
 * <ol>
 *   <li>the reference is scaled so its maximum (whole volume) is 255, {@code ref / max * 255}, and clipped to
 *       [0, 255];</li>
 *   <li>the test image is scaled so its mean inside the mask equals the scaled reference's mean inside the mask,
 *       {@code test / mean(test[mask]) * mean(ref'[mask])}, and clipped to [0, 255];</li>
 *   <li>the 3-D SSIM map is computed as scikit-image's {@code structural_similarity(ref', test', win_size=7,
 *       data_range=255, use_sample_covariance=True, gaussian_weights=False, full=True)}: 7x7x7 uniform window
 *       (scipy {@code uniform_filter}, mode 'reflect'), K1 = 0.01, K2 = 0.03, covariances times N / (N - 1) with
 *       N = 343;</li>
 *   <li>the result is the mean of the full map (not cropped) over the mask voxels.</li>
 * </ol>
 * Identical images give 1 (exactly or to the last bits). Everything is float64; the five local moments are
 * running means along x, y and z, streamed through z so that only a few planes are held per thread.
 */
public final class Ssim {
    public static final int WINDOW = 7;
    public static final double DATA_RANGE = 255;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;

    private Ssim() {
    }

    /**
     * @throws IllegalArgumentException if the dims differ, a dim is below 7 (scikit-image refuses those too), the
     *     mask is empty, a voxel is not finite, the reference's maximum is not positive, or the test image's mean
     *     inside the mask is zero
     */
    public static double masked(Volume ref, Volume test, Mask mask) {
        return run(ref, test, mask, null);
    }

    /**
     * The full SSIM map (float32, on the reference's grid), with the test image scaled by its mean inside
     * {@code mask} as in {@link #masked}. Its mean over the mask is {@link #masked} up to float32 rounding.
     */
    public static Volume map(Volume ref, Volume test, Mask mask) {
        float[] out = new float[ref.voxelCount()];
        run(ref, test, mask, out);
        return ref.withData(out);
    }

    /** SSIM averaged over the whole volume (the full map's mean, not scikit-image's cropped mssim). */
    public static double of(Volume ref, Volume test) {
        Checks.sameDims("reference", ref.dims(), "test image", test.dims());
        return masked(ref, test, Mask.all(ref.dims()));
    }

    private static double run(Volume ref, Volume test, Mask mask, float[] mapOut) {
        Checks.pair(ref, test, mask);
        int[] dims = ref.dims();
        for (int a = 0; a < 3; a++) {
            if (dims[a] < WINDOW) {
                throw new IllegalArgumentException("SSIM needs at least " + WINDOW + " voxels along each axis; dims are "
                        + java.util.Arrays.toString(dims));
            }
        }
        float[] r = ref.data(), t = test.data();
        boolean[] m = mask.flags();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : r) {
            max = Math.max(max, v);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("the reference's maximum is " + max + "; SSIM scales it to 255 and needs it positive");
        }
        double refSum = 0, testSum = 0;
        for (int i = 0; i < r.length; i++) {
            if (m[i]) {
                refSum += scaleRef(r[i], max);
                testSum += t[i];
            }
        }
        double refMean = refSum / mask.count(), testMean = testSum / mask.count();
        if (testMean == 0) {
            throw new IllegalArgumentException("the test image's mean inside the mask is 0; SSIM scales it by that mean");
        }
        Scaling s = new Scaling(max, testMean, refMean);
        int nz = dims[2];
        double[] sums = new double[Filters.chunkCount(nz, 16)];
        long[] counts = new long[sums.length];
        Filters.parallelChunks(nz, 16, (chunk, lo, hi) -> {
            double[] acc = new double[1];
            long[] cnt = new long[1];
            new Stream(dims, r, t, s).run(lo, hi, (z, ssim) -> {
                int off = z * dims[0] * dims[1];
                for (int i = 0; i < ssim.length; i++) {
                    if (m[off + i]) {
                        acc[0] += ssim[i];
                        cnt[0]++;
                    }
                    if (mapOut != null) {
                        mapOut[off + i] = (float) ssim[i];
                    }
                }
            });
            sums[chunk] = acc[0];
            counts[chunk] = cnt[0];
        });
        double total = 0;
        for (double v : sums) {
            total += v;
        }
        return total / mask.count();
    }

    static double scaleRef(float v, double max) {
        double s = v / max * 255;
        return s < 0 ? 0 : s > 255 ? 255 : s;
    }

    /** The intensity scalings of step 1 and 2. */
    private record Scaling(double refMax, double testMean, double refMean) {
        double ref(float v) {
            return scaleRef(v, refMax);
        }

        double test(float v) {
            double s = v / testMean * refMean;
            return s < 0 ? 0 : s > 255 ? 255 : s;
        }
    }

    /** Receives one z plane of the SSIM map (x fastest); the array is reused for the next plane. */
    private interface PlaneSink {
        void accept(int z, double[] ssim);
    }

    /**
     * Streams the SSIM map through planes z in [lo, hi): each plane's five products (x, y, xx, yy, xy) are
     * uniform-filtered along x then y and kept in a ring of 8 planes; the z running mean adds the plane entering
     * the window and removes the one leaving it.
     */
    private static final class Stream {
        private static final int Q = 5;
        private final int nx, ny, nz, plane;
        private final float[] r, t;
        private final Scaling s;
        private final double[][][] ring = new double[8][][];
        private final double[][] prod;
        private final double[] ext, acc;

        Stream(int[] dims, float[] r, float[] t, Scaling s) {
            this.nx = dims[0];
            this.ny = dims[1];
            this.nz = dims[2];
            this.plane = nx * ny;
            this.r = r;
            this.t = t;
            this.s = s;
            for (int i = 0; i < ring.length; i++) {
                ring[i] = new double[Q][plane];
            }
            prod = new double[Q][plane];
            ext = new double[Math.max(nx, ny) + WINDOW];
            acc = new double[nx];
        }

        /** Fills ring slot of virtual plane v (plane reflect(v)) with the x-y filtered products. */
        private void load(int v) {
            int off = Filters.reflect(v, nz) * plane;
            double[] a = prod[0], b = prod[1], aa = prod[2], bb = prod[3], ab = prod[4];
            for (int i = 0; i < plane; i++) {
                double x = s.ref(r[off + i]), y = s.test(t[off + i]);
                a[i] = x;
                b[i] = y;
                aa[i] = x * x;
                bb[i] = y * y;
                ab[i] = x * y;
            }
            double[][] slot = ring[Math.floorMod(v, 8)];
            for (int q = 0; q < Q; q++) {
                double[] p = prod[q];
                for (int y = 0; y < ny; y++) {
                    Filters.uniformLine(p, y * nx, p, y * nx, nx, WINDOW, ext);
                }
                Filters.uniformAcrossRows(p, slot[q], nx, ny, WINDOW, acc);
            }
        }

        void run(int lo, int hi, PlaneSink sink) {
            int h = WINDOW / 2;
            double[][] mean = new double[Q][plane];
            for (int v = lo - h; v <= lo + h; v++) {
                load(v);
                double[][] slot = ring[Math.floorMod(v, 8)];
                for (int q = 0; q < Q; q++) {
                    double[] mq = mean[q], sq = slot[q];
                    for (int i = 0; i < plane; i++) {
                        mq[i] += sq[i];
                    }
                }
            }
            for (int q = 0; q < Q; q++) {
                double[] mq = mean[q];
                for (int i = 0; i < plane; i++) {
                    mq[i] /= WINDOW;
                }
            }
            double covNorm = (double) (WINDOW * WINDOW * WINDOW) / (WINDOW * WINDOW * WINDOW - 1);
            double c1 = (K1 * DATA_RANGE) * (K1 * DATA_RANGE), c2 = (K2 * DATA_RANGE) * (K2 * DATA_RANGE);
            double[] out = new double[plane];
            for (int z = lo; z < hi; z++) {
                if (z > lo) {
                    load(z + h);
                    double[][] in = ring[Math.floorMod(z + h, 8)], gone = ring[Math.floorMod(z - h - 1, 8)];
                    for (int q = 0; q < Q; q++) {
                        double[] mq = mean[q], iq = in[q], gq = gone[q];
                        for (int i = 0; i < plane; i++) {
                            mq[i] += (iq[i] - gq[i]) / WINDOW;
                        }
                    }
                }
                double[] ux = mean[0], uy = mean[1], uxx = mean[2], uyy = mean[3], uxy = mean[4];
                for (int i = 0; i < plane; i++) {
                    double mx = ux[i], my = uy[i];
                    double vx = covNorm * (uxx[i] - mx * mx);
                    double vy = covNorm * (uyy[i] - my * my);
                    double vxy = covNorm * (uxy[i] - mx * my);
                    double a1 = 2 * mx * my + c1, a2 = 2 * vxy + c2;
                    double b1 = mx * mx + my * my + c1, b2 = vx + vy + c2;
                    out[i] = (a1 * a2) / (b1 * b2);
                }
                sink.accept(z, out);
            }
        }
    }
}
