package org.espreso.core.volume;

import java.util.Arrays;

/**
 * A 4x4 voxel-to-world (RAS+, mm) transform, row-major, float64. Immutable.
 */
public final class Affine {
    private final double[] m;

    private Affine(double[] m) {
        this.m = m;
    }

    /** From 16 row-major values (copied). */
    public static Affine of(double... rowMajor) {
        if (rowMajor.length != 16) {
            throw new IllegalArgumentException("an affine needs 16 values, got " + rowMajor.length);
        }
        return new Affine(rowMajor.clone());
    }

    /** From a 4x4 (or the top 3x4) matrix. */
    public static Affine of(double[][] rows) {
        double[] m = new double[16];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, m, 4 * r, 4);
        }
        m[15] = 1;
        return new Affine(m);
    }

    /** Diagonal spacing, zero origin (NIfTI's fallback when neither qform nor sform is set). */
    public static Affine scaling(double sx, double sy, double sz) {
        return new Affine(new double[] {sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1});
    }

    public double get(int row, int col) {
        return m[4 * row + col];
    }

    public double[] toRowMajor() {
        return m.clone();
    }

    public double[][] toRows() {
        double[][] r = new double[4][4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(m, 4 * i, r[i], 0, 4);
        }
        return r;
    }

    /** Length of the column of voxel axis {@code axis}: the voxel size in mm along it. */
    public double columnNorm(int axis) {
        return Math.sqrt(get(0, axis) * get(0, axis) + get(1, axis) * get(1, axis) + get(2, axis) * get(2, axis));
    }

    /** World coordinates of a (possibly fractional) voxel index. */
    public double[] apply(double i, double j, double k) {
        double[] w = new double[3];
        for (int r = 0; r < 3; r++) {
            w[r] = get(r, 0) * i + get(r, 1) * j + get(r, 2) * k + get(r, 3);
        }
        return w;
    }

    /**
     * The affine of a grid resampled along {@code axis}: new voxel k sits at old index {@code offset + k * step}.
     * The column of that axis is scaled by {@code step} and the origin moves by {@code offset} old voxels.
     */
    public Affine resampledAlong(int axis, double offset, double step) {
        double[] n = m.clone();
        for (int r = 0; r < 3; r++) {
            n[4 * r + 3] += get(r, axis) * offset;
            n[4 * r + axis] *= step;
        }
        return new Affine(n);
    }

    public Affine multiply(Affine o) {
        double[] n = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                double s = 0;
                for (int k = 0; k < 4; k++) {
                    s += get(r, k) * o.get(k, c);
                }
                n[4 * r + c] = s;
            }
        }
        return new Affine(n);
    }

    public boolean approxEquals(Affine o, double tol) {
        for (int i = 0; i < 16; i++) {
            if (Math.abs(m[i] - o.m[i]) > tol) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.equals(m, a.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 4; r++) {
            sb.append(String.format("[%10.4f %10.4f %10.4f %10.4f]", get(r, 0), get(r, 1), get(r, 2), get(r, 3)));
            if (r < 3) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
