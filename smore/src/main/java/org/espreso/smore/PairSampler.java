package org.espreso.smore;

import org.espreso.core.train.Rng;

import org.espreso.core.resample.AxisMap;
import org.espreso.core.resample.EdgeMode;
import org.espreso.core.resample.Grid;
import org.espreso.core.volume.Volume;

/**
 * Training pairs from a volume's own in-plane slices (docs/smore.md).
 *
 * <p>A pair is cut from one in-plane slice: an HR patch of H x p pixels (H = round(p s / f) f, f = ⌊s⌋), its rows
 * along one in-plane axis, plus a margin of K/2 + 2 rows on both sides. The rows are cross-correlated with the blur
 * kernel with no padding (the margin supplies the data — unlike the reference, which extends by one row and
 * zero-pads, darkening the edge rows), then resampled by 1/s with Keys cubic on the same-field-of-view grid (the two
 * extra rows keep its border clamp from ever engaging), then, for fractional s, resampled back by s/f onto the
 * network's input grid ({@link SrGeometry#preUpsampling}). The three linear steps are composed into one matrix
 * applied to every column. The LR input is (H/f or p) x p, the target the central H x p rows.
 *
 * <p>Augmentation: the rows run along either in-plane axis and the patch may be flipped along rows and columns,
 * i.e. the 8 dihedral copies of the slice. Positions: each coordinate is drawn from its own marginal of the
 * gradient weight (Gaussian-smoothed, sigma 1, {@code sqrt|∂a| + sqrt|∂b|}), restricted so the patch fits — like the
 * reference; the gradient is taken within each in-plane slice (2-D) to avoid another full-volume copy. Uniform
 * positions are an option. Intensities are normalised on the fly.
 */
public final class PairSampler {
    private final Volume volume;
    private final int lrAxis;
    private final int[] inPlane;
    private final Intensity intensity;
    private final double scale;
    private final int factor;
    private final int patch;
    private final int hrRows;
    private final int margin;
    private final int extRows;
    private final int inRows;
    private final float[] map; // inRows x extRows, row-major
    private final boolean[] orientationFits = new boolean[2];
    private final double[][] cdfZ = new double[1][];
    /** cdf[o][0] for the row axis of orientation o, cdf[o][1] for its column axis. */
    private final double[][][] cdf = new double[2][2][];

    /**
     * @param patch requested LR patch size p; reduced (down to 8) when no orientation of the slice fits it — see
     *              {@link #patch()}
     */
    public PairSampler(Volume volume, int lrAxis, BlurKernel kernel, double scale, int patch, boolean uniform) {
        if (patch < 4) {
            throw new IllegalArgumentException("patch size must be >= 4, got " + patch);
        }
        this.volume = volume;
        this.lrAxis = lrAxis;
        this.inPlane = Volume.inPlaneAxes(lrAxis);
        this.intensity = Intensity.of(volume);
        this.scale = SrGeometry.snap(scale);
        this.factor = SrGeometry.factor(scale);
        this.margin = kernel.halfWidth() + 2;
        int na = volume.dim(inPlane[0]), nb = volume.dim(inPlane[1]);
        int p = patch;
        while (true) {
            int h = hrRowsFor(p);
            orientationFits[0] = na >= h + 2 * margin && nb >= p;
            orientationFits[1] = nb >= h + 2 * margin && na >= p;
            if (orientationFits[0] || orientationFits[1]) {
                break;
            }
            if (p <= SrGeometry.MIN_PATCH) {
                throw new IllegalArgumentException(String.format(
                        "in-plane size %dx%d is too small for SMORE training at scale %.3g (needs %d rows)",
                        na, nb, this.scale, hrRowsFor(p) + 2 * margin));
            }
            p--;
        }
        this.patch = p;
        this.hrRows = hrRowsFor(p);
        this.extRows = hrRows + 2 * margin;
        // Blur (valid) : extRows -> hrRows + 4 ; cubic down on the same-FOV grid of the central hrRows, shifted by 2.
        AxisMap blur = AxisMap.correlation(extRows, kernel.taps(), EdgeMode.VALID);
        Grid down = Grid.sameFovUpsampling(hrRows, 1 / this.scale);
        Grid downShifted = new Grid(down.offset() + 2, down.step(), down.length());
        AxisMap composite = AxisMap.cubic(hrRows + 4, downShifted).after(blur);
        int lrRows = down.length();
        Grid pre = SrGeometry.preUpsampling(lrRows, hrRows, this.scale);
        if (!SrGeometry.isIdentity(pre, lrRows)) {
            composite = AxisMap.cubic(lrRows, pre).after(composite);
        }
        this.inRows = composite.outLength();
        double[][] dense = composite.toDense();
        this.map = new float[inRows * extRows];
        for (int r = 0; r < inRows; r++) {
            for (int c = 0; c < extRows; c++) {
                map[r * extRows + c] = (float) dense[r][c];
            }
        }
        computeWeights(uniform);
    }

    private int hrRowsFor(int p) {
        return (int) Math.round(p * scale / factor) * factor;
    }

    /** LR patch width p (columns), possibly reduced from the requested size to fit the slices. */
    public int patch() {
        return patch;
    }

    /** Rows of the HR target patch (H). */
    public int hrRows() {
        return hrRows;
    }

    /** Rows of the network input (p for integer s, H/f for fractional s). */
    public int inRows() {
        return inRows;
    }

    public int factor() {
        return factor;
    }

    public double scale() {
        return scale;
    }

    public Intensity intensity() {
        return intensity;
    }

    /** Whether rows of the patch can run along in-plane axis {@code inPlaneAxes[o]}. */
    public boolean orientationFits(int o) {
        return orientationFits[o];
    }

    /**
     * Fills {@code batch} pairs: {@code lr} gets batch x inRows x p values, {@code hr} batch x H x p (row-major,
     * NCHW with one channel).
     */
    public void fill(Rng rng, int batch, float[] lr, float[] hr) {
        int na = volume.dim(inPlane[0]), nb = volume.dim(inPlane[1]);
        for (int i = 0; i < batch; i++) {
            int o;
            if (orientationFits[0] && orientationFits[1]) {
                o = rng.nextInt(2);
            } else {
                o = orientationFits[0] ? 0 : 1;
            }
            int z = draw(cdfZ[0], rng);
            int rowStart = draw(cdf[o][0], rng);
            int colStart = draw(cdf[o][1], rng);
            int flips = rng.nextInt(4);
            pair(z, o, rowStart, colStart, (flips & 1) != 0, (flips & 2) != 0,
                    lr, i * inRows * patch, hr, i * hrRows * patch);
        }
    }

    /**
     * One pair: in-plane slice {@code z}, rows along in-plane axis {@code o}, the extended patch (H + 2 margin rows)
     * starting at row {@code rowStart} and column {@code colStart} of the slice, optionally flipped.
     */
    public void pair(int z, int o, int rowStart, int colStart, boolean flipRows, boolean flipCols,
            float[] lr, int lrOff, float[] hr, int hrOff) {
        float[] d = volume.data();
        int rowStride = volume.stride(inPlane[o]);
        int colStride = volume.stride(inPlane[1 - o]);
        int base = z * volume.stride(lrAxis) + rowStart * rowStride + colStart * colStride;
        float lo = intensity.min(), k = intensity.scale();
        float[] ext = new float[extRows * patch];
        for (int r = 0; r < extRows; r++) {
            int sr = flipRows ? extRows - 1 - r : r;
            for (int c = 0; c < patch; c++) {
                int sc = flipCols ? patch - 1 - c : c;
                ext[r * patch + c] = (d[base + sr * rowStride + sc * colStride] - lo) * k;
            }
        }
        for (int r = 0; r < hrRows; r++) {
            System.arraycopy(ext, (r + margin) * patch, hr, hrOff + r * patch, patch);
        }
        for (int r = 0; r < inRows; r++) {
            int out = lrOff + r * patch;
            java.util.Arrays.fill(lr, out, out + patch, 0f);
            for (int j = 0; j < extRows; j++) {
                float w = map[r * extRows + j];
                if (w != 0) {
                    int src = j * patch;
                    for (int c = 0; c < patch; c++) {
                        lr[out + c] += w * ext[src + c];
                    }
                }
            }
        }
    }

    private int draw(double[] cdf, Rng rng) {
        double u = rng.nextDouble() * cdf[cdf.length - 1];
        int lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Marginal gradient weights per axis, then CDFs over the valid start positions of each orientation. */
    private void computeWeights(boolean uniform) {
        int a = inPlane[0], b = inPlane[1];
        int na = volume.dim(a), nb = volume.dim(b), nz = volume.dim(lrAxis);
        double[] wz = new double[nz], wa = new double[na], wb = new double[nb];
        if (uniform) {
            java.util.Arrays.fill(wz, 1);
            java.util.Arrays.fill(wa, 1);
            java.util.Arrays.fill(wb, 1);
        } else {
            gradientMarginals(wz, wa, wb);
        }
        cdfZ[0] = cdfOf(wz, 0, nz, 0);
        // Orientation 0: rows along a (extRows), columns along b (patch). Orientation 1: the transpose.
        cdf[0][0] = cdfOf(wa, 0, na - extRows + 1, extRows / 2);
        cdf[0][1] = cdfOf(wb, 0, nb - patch + 1, patch / 2);
        cdf[1][0] = cdfOf(wb, 0, nb - extRows + 1, extRows / 2);
        cdf[1][1] = cdfOf(wa, 0, na - patch + 1, patch / 2);
    }

    /** CDF over start positions [0, count): the weight of a start is the marginal at its centre. */
    private static double[] cdfOf(double[] w, int from, int count, int centreOffset) {
        if (count < 1) {
            return new double[] {1};
        }
        double[] c = new double[count];
        double acc = 0;
        for (int i = 0; i < count; i++) {
            acc += w[from + i + centreOffset];
            c[i] = acc;
        }
        if (!(acc > 0)) {
            for (int i = 0; i < count; i++) {
                c[i] = i + 1;
            }
        }
        return c;
    }

    private void gradientMarginals(double[] wz, double[] wa, double[] wb) {
        int a = inPlane[0], b = inPlane[1];
        int na = volume.dim(a), nb = volume.dim(b), nz = volume.dim(lrAxis);
        int sa = volume.stride(a), sb = volume.stride(b), sz = volume.stride(lrAxis);
        float[] d = volume.data();
        double[] g = org.espreso.core.resample.GaussianTaps.of(1.0);
        int rad = g.length / 2;
        float[] img = new float[na * nb];
        float[] tmp = new float[na * nb];
        float lo = intensity.min(), k = intensity.scale();
        for (int z = 0; z < nz; z++) {
            int base = z * sz;
            for (int j = 0; j < nb; j++) {
                for (int i = 0; i < na; i++) {
                    img[i + na * j] = (d[base + i * sa + j * sb] - lo) * k;
                }
            }
            // separable smoothing, mirrored edges
            for (int j = 0; j < nb; j++) {
                for (int i = 0; i < na; i++) {
                    double s = 0;
                    for (int t = -rad; t <= rad; t++) {
                        s += g[t + rad] * img[EdgeMode.REFLECT.map(i + t, na) + na * j];
                    }
                    tmp[i + na * j] = (float) s;
                }
            }
            for (int j = 0; j < nb; j++) {
                for (int i = 0; i < na; i++) {
                    double s = 0;
                    for (int t = -rad; t <= rad; t++) {
                        s += g[t + rad] * tmp[i + na * EdgeMode.REFLECT.map(j + t, nb)];
                    }
                    img[i + na * j] = (float) s;
                }
            }
            double sliceSum = 0;
            for (int j = 0; j < nb; j++) {
                for (int i = 0; i < na; i++) {
                    double ga = diff(img, i, na, 1, i + na * j);
                    double gb = diff(img, j, nb, na, i + na * j);
                    double w = Math.sqrt(Math.abs(ga)) + Math.sqrt(Math.abs(gb));
                    wa[i] += w;
                    wb[j] += w;
                    sliceSum += w;
                }
            }
            wz[z] += sliceSum;
        }
    }

    /** numpy.gradient: central differences inside, one-sided at the ends. */
    private static double diff(float[] img, int pos, int n, int stride, int idx) {
        if (n < 2) {
            return 0;
        }
        if (pos == 0) {
            return img[idx + stride] - img[idx];
        }
        if (pos == n - 1) {
            return img[idx] - img[idx - stride];
        }
        return 0.5 * (img[idx + stride] - img[idx - stride]);
    }

    /** SHA-256 of the training image's content and LR axis: what a checkpoint records so that a resume on another image is refused. */
    public String inputDigest() {
        // Computed once, on the first checkpoint: runs without checkpoints never pay for it.
        String d = digest;
        if (d == null) {
            d = org.espreso.core.volume.ContentDigest.of(volume) + "/axis" + lrAxis;
            digest = d;
        }
        return d;
    }

    private volatile String digest;
}
