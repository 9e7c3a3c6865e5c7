package org.espreso.core.volume;

import java.util.Arrays;

/**
 * A 3-D scalar image: float32 voxels with x fastest (NIfTI order), voxel spacing in mm and a float64
 * voxel-to-world affine. The voxel array is shared, not copied: treat it as read-only and use
 * {@link #withData} to derive a new volume.
 */
public final class Volume {
    /** Relative tolerance for "the two in-plane spacings are equal". */
    public static final double IN_PLANE_TOLERANCE = 1e-2;

    private final int[] dims;
    private final double[] spacing;
    private final Affine affine;
    private final float[] data;
    private final SpaceCodes codes;

    private Volume(int[] dims, double[] spacing, Affine affine, float[] data, SpaceCodes codes) {
        if (dims.length != 3 || spacing.length != 3) {
            throw new IllegalArgumentException("a volume has 3 dims and 3 spacings");
        }
        long n = (long) dims[0] * dims[1] * dims[2];
        if (dims[0] < 1 || dims[1] < 1 || dims[2] < 1 || n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " do not match " + data.length + " voxels");
        }
        for (double s : spacing) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("spacing must be positive and finite: " + Arrays.toString(spacing));
            }
        }
        this.dims = dims.clone();
        this.spacing = spacing.clone();
        this.affine = affine;
        this.data = data;
        this.codes = codes;
    }

    public static Volume of(int[] dims, double[] spacing, Affine affine, float[] data, SpaceCodes codes) {
        return new Volume(dims, spacing, affine, data, codes);
    }

    public static Volume of(int[] dims, double[] spacing, Affine affine, float[] data) {
        return new Volume(dims, spacing, affine, data, SpaceCodes.defaults());
    }

    /** A volume with a diagonal affine built from the spacing. */
    public static Volume of(int[] dims, double[] spacing, float[] data) {
        return new Volume(dims, spacing, Affine.scaling(spacing[0], spacing[1], spacing[2]), data, SpaceCodes.defaults());
    }

    public int[] dims() {
        return dims.clone();
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public double[] spacing() {
        return spacing.clone();
    }

    public double spacing(int axis) {
        return spacing[axis];
    }

    public Affine affine() {
        return affine;
    }

    public SpaceCodes codes() {
        return codes;
    }

    /** The voxel array itself (not a copy), x fastest. */
    public float[] data() {
        return data;
    }

    public int voxelCount() {
        return data.length;
    }

    public int index(int x, int y, int z) {
        return x + dims[0] * (y + dims[1] * z);
    }

    public float get(int x, int y, int z) {
        return data[index(x, y, z)];
    }

    /** Distance in the flat array between neighbours along {@code axis}. */
    public int stride(int axis) {
        return stride(dims, axis);
    }

    /** Distance between neighbours along {@code axis} in a flat x-fastest array of {@code dims}: the one stride formula. */
    public static int stride(int[] dims, int axis) {
        return axis == 0 ? 1 : axis == 1 ? dims[0] : dims[0] * dims[1];
    }

    public Volume withData(float[] newData) {
        return new Volume(dims, spacing, affine, newData, codes);
    }

    public Volume withGeometry(int[] newDims, double[] newSpacing, Affine newAffine, float[] newData) {
        return new Volume(newDims, newSpacing, newAffine, newData, codes);
    }

    public Volume withCodes(SpaceCodes newCodes) {
        return new Volume(dims, spacing, affine, data, newCodes);
    }

    /** The low-resolution (slice) axis: the largest spacing, the first one on ties. */
    public int lrAxis() {
        int best = 0;
        for (int a = 1; a < 3; a++) {
            if (spacing[a] > spacing[best] * (1 + 1e-6)) {
                best = a;
            }
        }
        return best;
    }

    /** The two axes other than {@code lrAxis}, in increasing order. */
    public static int[] inPlaneAxes(int lrAxis) {
        return switch (lrAxis) {
            case 0 -> new int[] {1, 2};
            case 1 -> new int[] {0, 2};
            case 2 -> new int[] {0, 1};
            default -> throw new IllegalArgumentException("axis must be 0, 1 or 2: " + lrAxis);
        };
    }

    /** Whether the two in-plane spacings agree within {@link #IN_PLANE_TOLERANCE} (relative). */
    public boolean isInPlaneIsotropic(int lrAxis) {
        int[] ip = inPlaneAxes(lrAxis);
        double a = spacing[ip[0]], b = spacing[ip[1]];
        return Math.abs(a - b) <= IN_PLANE_TOLERANCE * Math.max(a, b);
    }

    /** Slice spacing over in-plane spacing (the first in-plane axis). */
    public double scale(int lrAxis) {
        return spacing[lrAxis] / spacing[inPlaneAxes(lrAxis)[0]];
    }

    /** Index of the first non-finite voxel, or -1. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "Volume" + Arrays.toString(dims) + " spacing " + Arrays.toString(spacing);
    }
}
