package org.espreso.smore;

import org.espreso.core.resample.Grid;
import org.espreso.core.volume.Volume;

/**
 * The sampling grids of SMORE (docs/smore.md). The super-resolved axis uses the same-field-of-view grid: round(n s)
 * samples with step 1/s spread over the input's extent [-0.5, n - 0.5]. The network super-resolves by the integer
 * factor f = ⌊s⌋ with a pixel shuffle; for fractional s its input is first resampled (Keys cubic) onto a grid of
 * step f/s whose cells each split into f output rows that land exactly on the same-FOV grid. Training pairs and
 * inference use the same construction, so the network learns the mapping it is later applied with.
 */
public final class SrGeometry {
    /** |s - round(s)| below this (relative) counts as an integer scale (header spacings are float32). */
    public static final double INTEGER_TOLERANCE = 1e-4;

    private SrGeometry() {
    }

    /** s snapped to the nearest integer when it is one within {@link #INTEGER_TOLERANCE}. */
    public static double snap(double s) {
        double r = Math.rint(s);
        return Math.abs(s - r) <= INTEGER_TOLERANCE * s ? r : s;
    }

    public static boolean isInteger(double s) {
        return snap(s) == Math.rint(s);
    }

    /** The network's integer upsampling factor ⌊s⌋ (s snapped first). */
    public static int factor(double s) {
        return (int) Math.floor(snap(s));
    }

    /** The smallest LR patch width SMORE trains with (PairSampler shrinks larger ones to fit, down to this). */
    public static final int MIN_PATCH = 8;

    /**
     * Refuses a scale that no run could complete, before any work: one whose SR volume would not fit in one Java
     * array. (Training pairs that do not fit the in-plane size are refused when the pairs are set up.)
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static void checkScale(Volume v, int axis, double s) {
        int n = v.dim(axis);
        double out = Math.rint(n * s) * ((double) v.voxelCount() / n);
        if (!(out <= Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "scale %.4g would make an SR volume of %.3g voxels (%d slices x %.4g s); at most 2^31 - 9 fit",
                    s, out, n, s));
        }
    }

    /** Output grid along the super-resolved axis, in input voxel indices. */
    public static Grid outputGrid(int n, double s) {
        return Grid.sameFovUpsampling(n, snap(s));
    }

    /**
     * Where the network's input rows sit (in input indices) so that its f-fold shuffled output covers the m
     * rows of the same-FOV grid of an n-row input (output row k at {@code l + (k + 1/2)/s} with
     * {@code l = -0.5 + (n - m/s)/2}): ceil(m/f) rows, step f/s, first at {@code l + f/(2s)}. For integer s and
     * m = n s this is the identity grid (offset 0, step 1, n rows).
     */
    public static Grid preUpsampling(int n, int m, double s) {
        s = snap(s);
        int f = factor(s);
        double l = -0.5 + (n - m / s) / 2;
        int rows = (m + f - 1) / f;
        return new Grid(l + f / (2 * s), f / s, rows);
    }

    /** Whether {@link #preUpsampling} is the identity (no resampling needed). */
    public static boolean isIdentity(Grid g, int n) {
        return g.length() == n && Math.abs(g.offset()) < 1e-9 && Math.abs(g.step() - 1) < 1e-9;
    }

    /**
     * The output volume's geometry: axis {@code axis} resampled onto {@link #outputGrid}; its affine column is
     * scaled by 1/s and the origin moves by {@code grid.offset()} input voxels (-(s-1)/(2s) when n s is an
     * integer), spacing divided by s. The header codes (qform/sform) are kept.
     */
    public static Volume outputVolume(Volume lr, int axis, double s, float[] data) {
        Grid g = outputGrid(lr.dim(axis), s);
        int[] dims = lr.dims();
        dims[axis] = g.length();
        double[] sp = lr.spacing();
        sp[axis] *= g.step();
        return lr.withGeometry(dims, sp, lr.affine().resampledAlong(axis, g.offset(), g.step()), data);
    }
}
