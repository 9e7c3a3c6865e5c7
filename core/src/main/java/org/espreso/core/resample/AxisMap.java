package org.espreso.core.resample;

import java.util.Arrays;
import org.espreso.core.profile.SliceProfile;
import org.espreso.core.volume.Volume;

/**
 * A linear map from a line of {@code inLength} samples to {@code outLength} samples, stored as sparse rows
 * (float64 weights). Cubic resampling, slice acquisition and 1-D correlation are all built as one of these and
 * applied along any axis of a volume by the same code.
 */
public final class AxisMap {
    private final int inLength;
    private final int[] rowStart;
    private final int[] index;
    private final double[] weight;

    private AxisMap(int inLength, int[] rowStart, int[] index, double[] weight) {
        this.inLength = inLength;
        this.rowStart = rowStart;
        this.index = index;
        this.weight = weight;
    }

    public int inLength() {
        return inLength;
    }

    public int outLength() {
        return rowStart.length - 1;
    }

    /** Input indices feeding output {@code row}. */
    public int[] rowIndices(int row) {
        return Arrays.copyOfRange(index, rowStart[row], rowStart[row + 1]);
    }

    public double[] rowWeights(int row) {
        return Arrays.copyOfRange(weight, rowStart[row], rowStart[row + 1]);
    }

    /** The map as a dense outLength x inLength matrix (row-major), e.g. to express it as a matmul. */
    public double[][] toDense() {
        double[][] d = new double[outLength()][inLength];
        for (int r = 0; r < outLength(); r++) {
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                d[r][index[j]] += weight[j];
            }
        }
        return d;
    }

    /**
     * Keys cubic interpolation at the grid's positions, neighbours clamped to the border, no anti-alias prefilter.
     * For downsampling by 4 each row is (-0.09375, 0.59375, 0.59375, -0.09375).
     */
    public static AxisMap cubic(int n, Grid grid) {
        Builder b = new Builder(n, grid.length());
        for (int k = 0; k < grid.length(); k++) {
            double p = grid.position(k);
            int f = (int) Math.floor(p);
            double t = p - f;
            if (Math.abs(t) < 1e-12) {
                b.add(clamp(f, n), 1.0);
            } else {
                for (int d = -1; d <= 2; d++) {
                    b.add(clamp(f + d, n), Keys.weight(t - d));
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /**
     * Slice acquisition (docs/evaluation.md): output k = sum_i w_i x_i with w_i = profile(i - c_k) normalised to sum
     * one, c_k the grid position; indices beyond the ends repeat the edge voxel.
     */
    public static AxisMap acquisition(int n, Grid grid, SliceProfile profile) {
        Builder b = new Builder(n, grid.length());
        double r = profile.supportRadius();
        for (int k = 0; k < grid.length(); k++) {
            double c = grid.position(k);
            int lo = (int) Math.ceil(c - r), hi = (int) Math.floor(c + r);
            double sum = 0;
            for (int i = lo; i <= hi; i++) {
                sum += profile.valueAt(i - c);
            }
            if (!(sum > 0)) {
                throw new IllegalArgumentException("profile " + profile + " has no weight near sample " + c);
            }
            for (int i = lo; i <= hi; i++) {
                double w = profile.valueAt(i - c) / sum;
                if (w != 0) {
                    b.add(clamp(i, n), w);
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /**
     * Cross-correlation with {@code taps} (centre at K/2): out[i] = sum_j taps[j] x[i + j - K/2], or for
     * {@link EdgeMode#VALID} out[i] = sum_j taps[j] x[i + j], n - K + 1 outputs.
     */
    public static AxisMap correlation(int n, double[] taps, EdgeMode mode) {
        int kLen = taps.length;
        int shift = mode == EdgeMode.VALID ? 0 : kLen / 2;
        int m = mode == EdgeMode.VALID ? n - kLen + 1 : n;
        if (m < 1) {
            throw new IllegalArgumentException("a line of " + n + " is shorter than " + kLen + " taps");
        }
        Builder b = new Builder(n, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < kLen; j++) {
                int src = i + j - shift;
                int idx = mode == EdgeMode.VALID ? src : mode.map(src, n);
                if (idx >= 0) {
                    b.add(idx, taps[j]);
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /** this after {@code first}: the composition x -> this(first(x)). */
    public AxisMap after(AxisMap first) {
        if (first.outLength() != inLength) {
            throw new IllegalArgumentException("cannot compose: " + first.outLength() + " != " + inLength);
        }
        Builder b = new Builder(first.inLength, outLength());
        double[] acc = new double[first.inLength];
        for (int r = 0; r < outLength(); r++) {
            Arrays.fill(acc, 0);
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                int mid = index[j];
                for (int q = first.rowStart[mid]; q < first.rowStart[mid + 1]; q++) {
                    acc[first.index[q]] += weight[j] * first.weight[q];
                }
            }
            for (int i = 0; i < acc.length; i++) {
                if (acc[i] != 0) {
                    b.add(i, acc[i]);
                }
            }
            b.endRow();
        }
        return b.build();
    }

    /** Applies the map to one line. */
    public double[] apply(double[] line) {
        if (line.length != inLength) {
            throw new IllegalArgumentException("line of " + line.length + ", map expects " + inLength);
        }
        double[] out = new double[outLength()];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                s += weight[j] * line[index[j]];
            }
            out[r] = s;
        }
        return out;
    }

    /**
     * Applies the map along {@code axis} of a volume's voxels; the result has the same layout with that axis
     * resized. Accumulates in float64. Geometry is the caller's business.
     */
    public float[] applyAlong(Volume v, int axis) {
        int[] d = v.dims();
        if (d[axis] != inLength) {
            throw new IllegalArgumentException("axis " + axis + " has " + d[axis] + " samples, map expects " + inLength);
        }
        float[] src = v.data();
        int[] od = d.clone();
        od[axis] = outLength();
        float[] out = new float[od[0] * od[1] * od[2]];
        int inStride = v.stride(axis);
        int outStride = Volume.stride(od, axis);
        // Lines are indexed by the two other axes; every line is independent.
        int[] other = Volume.inPlaneAxes(axis);
        int na = d[other[0]], nb = d[other[1]];
        int inA = v.stride(other[0]), inB = v.stride(other[1]);
        int outA = Volume.stride(od, other[0]);
        int outB = Volume.stride(od, other[1]);
        org.espreso.core.runtime.Parallel.forEach(nb, bIdx -> {
            for (int a = 0; a < na; a++) {
                int inBase = a * inA + bIdx * inB;
                int outBase = a * outA + bIdx * outB;
                for (int r = 0; r < outLength(); r++) {
                    double s = 0;
                    for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                        s += weight[j] * src[inBase + index[j] * inStride];
                    }
                    out[outBase + r * outStride] = (float) s;
                }
            }
        });
        return out;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    private static final class Builder {
        private final int inLength;
        private final int[] rowStart;
        private int rows;
        private int[] index = new int[64];
        private double[] weight = new double[64];
        private int size;

        Builder(int inLength, int outLength) {
            this.inLength = inLength;
            this.rowStart = new int[outLength + 1];
        }

        void add(int i, double w) {
            // Merge repeated indices (clamped borders) so each row lists an input once.
            for (int j = rowStart[rows]; j < size; j++) {
                if (index[j] == i) {
                    weight[j] += w;
                    return;
                }
            }
            if (size == index.length) {
                index = Arrays.copyOf(index, 2 * size);
                weight = Arrays.copyOf(weight, 2 * size);
            }
            index[size] = i;
            weight[size++] = w;
        }

        void endRow() {
            rowStart[++rows] = size;
        }

        AxisMap build() {
            if (rows != rowStart.length - 1) {
                throw new IllegalStateException("built " + rows + " of " + (rowStart.length - 1) + " rows");
            }
            return new AxisMap(inLength, rowStart, Arrays.copyOf(index, size), Arrays.copyOf(weight, size));
        }
    }
}
