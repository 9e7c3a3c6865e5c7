package org.espreso.evaluation.metrics;

import java.util.Arrays;
import org.espreso.core.volume.Volume;

/**
 * A boolean image: which voxels of a volume (x fastest, like {@link Volume}) take part in a metric. Immutable.
 */
public final class Mask {
    private final int[] dims;
    private final boolean[] in;
    private final int count;

    private Mask(int[] dims, boolean[] in) {
        if (dims.length != 3 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1
                || (long) dims[0] * dims[1] * dims[2] != in.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " do not match " + in.length + " voxels");
        }
        this.dims = dims.clone();
        this.in = in;
        int c = 0;
        for (boolean b : in) {
            if (b) {
                c++;
            }
        }
        this.count = c;
    }

    /** A mask from voxel flags, x fastest; the array is copied. */
    public static Mask of(int[] dims, boolean[] voxels) {
        return new Mask(dims, voxels.clone());
    }

    /** Takes ownership of {@code voxels} (no copy). */
    static Mask wrap(int[] dims, boolean[] voxels) {
        return new Mask(dims, voxels);
    }

    /** Every voxel. */
    public static Mask all(int[] dims) {
        boolean[] b = new boolean[Math.multiplyExact(Math.multiplyExact(dims[0], dims[1]), dims[2])];
        Arrays.fill(b, true);
        return new Mask(dims, b);
    }

    /** Voxels of {@code v} above {@code threshold}. */
    public static Mask above(Volume v, double threshold) {
        float[] d = v.data();
        boolean[] b = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = d[i] > threshold;
        }
        return new Mask(v.dims(), b);
    }

    public int[] dims() {
        return dims.clone();
    }

    public int voxelCount() {
        return in.length;
    }

    /** Number of voxels in the mask. */
    public int count() {
        return count;
    }

    public double fraction() {
        return (double) count / in.length;
    }

    public boolean contains(int index) {
        return in[index];
    }

    public boolean contains(int x, int y, int z) {
        return in[x + dims[0] * (y + dims[1] * z)];
    }

    /** A copy of the flags, x fastest. */
    public boolean[] toArray() {
        return in.clone();
    }

    /** Flags without copying, for this package's loops. */
    boolean[] flags() {
        return in;
    }

    /** Number of voxels where the two masks differ. */
    public int differences(Mask other) {
        Checks.sameDims("mask", dims, "other mask", other.dims);
        int c = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] != other.in[i]) {
                c++;
            }
        }
        return c;
    }

    /** The mask as a 0/1 volume on {@code like}'s grid (e.g. to write it as NIfTI). */
    public Volume toVolume(Volume like) {
        Checks.sameDims("mask", dims, "volume", like.dims());
        float[] d = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            d[i] = in[i] ? 1f : 0f;
        }
        return like.withData(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && Arrays.equals(dims, m.dims) && Arrays.equals(in, m.in);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(in);
    }

    @Override
    public String toString() {
        return "Mask" + Arrays.toString(dims) + " " + count + " voxels";
    }
}
