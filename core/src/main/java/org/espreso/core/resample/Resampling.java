package org.espreso.core.resample;

import org.espreso.core.volume.Volume;

/** Volume-level operations along one axis that keep the geometry (dims, spacing, affine) consistent. */
public final class Resampling {
    private Resampling() {
    }

    /** Applies {@code map} whose output sits on {@code grid} along {@code axis}, updating dims, spacing and affine. */
    public static Volume alongAxis(Volume v, int axis, Grid grid, AxisMap map) {
        if (map.outLength() != grid.length()) {
            throw new IllegalArgumentException("map has " + map.outLength() + " outputs, grid " + grid.length());
        }
        float[] data = map.applyAlong(v, axis);
        int[] dims = v.dims();
        dims[axis] = grid.length();
        double[] spacing = v.spacing();
        spacing[axis] *= grid.step();
        return v.withGeometry(dims, spacing, v.affine().resampledAlong(axis, grid.offset(), grid.step()), data);
    }

    /** Keys cubic resampling of {@code axis} onto {@code grid}. */
    public static Volume cubic(Volume v, int axis, Grid grid) {
        return alongAxis(v, axis, grid, AxisMap.cubic(v.dim(axis), grid));
    }

    /** Same-field-of-view cubic upsampling by {@code s} (round(n s) slices; origin shift -(s-1)/(2s) voxels). */
    public static Volume upsampleCubic(Volume v, int axis, double s) {
        return cubic(v, axis, Grid.sameFovUpsampling(v.dim(axis), s));
    }

    /** Keeps every {@code step}-th voxel along {@code axis}, starting at {@code start}. */
    public static Volume decimate(Volume v, int axis, int start, int step) {
        int n = (v.dim(axis) - start + step - 1) / step;
        Grid grid = new Grid(start, step, n);
        return alongAxis(v, axis, grid, AxisMap.cubic(v.dim(axis), grid));
    }

    /** Voxels {@code start .. start + length - 1} along {@code axis}, with the origin moved to match. */
    public static Volume crop(Volume v, int axis, int start, int length) {
        if (start < 0 || length < 1 || start + length > v.dim(axis)) {
            throw new IllegalArgumentException("crop " + start + "+" + length + " outside axis " + axis + " of " + v.dim(axis));
        }
        Grid grid = new Grid(start, 1, length);
        return alongAxis(v, axis, grid, AxisMap.cubic(v.dim(axis), grid));
    }

    /** Cross-correlation with {@code taps} along {@code axis}; VALID shortens the axis and moves the origin. */
    public static Volume correlate(Volume v, int axis, double[] taps, EdgeMode mode) {
        AxisMap map = AxisMap.correlation(v.dim(axis), taps, mode);
        Grid grid = mode == EdgeMode.VALID ? new Grid((taps.length - 1) / 2.0, 1, map.outLength()) : new Grid(0, 1, map.outLength());
        return alongAxis(v, axis, grid, map);
    }
}
