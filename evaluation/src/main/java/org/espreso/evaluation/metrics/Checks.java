package org.espreso.evaluation.metrics;

import java.util.Arrays;
import org.espreso.core.volume.Volume;

/** Argument checks shared by the metrics. */
final class Checks {
    private Checks() {
    }

    static void sameDims(String aName, int[] a, String bName, int[] b) {
        if (!Arrays.equals(a, b)) {
            throw new IllegalArgumentException(aName + " has dims " + Arrays.toString(a) + " but " + bName
                    + " has dims " + Arrays.toString(b) + "; compare images on the same grid");
        }
    }

    static void finite(String name, Volume v) {
        int i = v.firstNonFinite();
        if (i >= 0) {
            int nx = v.dim(0), ny = v.dim(1);
            throw new IllegalArgumentException(name + " has a non-finite voxel (" + v.data()[i] + ") at (x, y, z) = ("
                    + i % nx + ", " + (i / nx) % ny + ", " + i / (nx * ny) + ")");
        }
    }

    static void nonEmpty(Mask m) {
        if (m.count() == 0) {
            throw new IllegalArgumentException("the mask " + Arrays.toString(m.dims()) + " is empty");
        }
    }

    /** The usual checks for a reference/test pair inside a mask. */
    static void pair(Volume ref, Volume test, Mask mask) {
        sameDims("reference", ref.dims(), "test image", test.dims());
        sameDims("reference", ref.dims(), "mask", mask.dims());
        nonEmpty(mask);
        finite("reference", ref);
        finite("test image", test);
    }
}
