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

    /** Voxels {@code start .. start + length - 1} along {@code axis}, with the origin moved to match. */
    public static Volume crop(Volume v, int axis, int start, int length) {
        if (start < 0 || length < 1 || start + length > v.dim(axis)) {
            throw new IllegalArgumentException("crop " + start + "+" + length + " outside axis " + axis + " of " + v.dim(axis));
        }
        Grid grid = new Grid(start, 1, length);
        return alongAxis(v, axis, grid, AxisMap.cubic(v.dim(axis), grid));
    }

}
