package org.espreso.estimator.patch;

import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.estimator.model.PatchGeometry;
import org.espreso.core.train.Rng;

/** Draws patch positions (docs/espreso.md). Implementations are immutable after construction and use only the Rng. */
public abstract class PatchSampler {
    protected final PreparedVolume vol;
    protected final PatchGeometry geo;

    protected PatchSampler(PreparedVolume vol, PatchGeometry geo) {
        this.vol = vol;
        this.geo = geo;
    }

    /** The next position for a "fake" (real = false) or "real" patch. */
    public abstract Pick next(Rng rng, boolean real);

    public static PatchSampler create(PreparedVolume vol, PatchGeometry geo, boolean gradient, Path source) {
        int[] ip = vol.inPlaneAxes();
        boolean anyFits = false;
        for (int h : ip) {
            anyFits |= vol.dims()[h] >= geo.patchLength();
        }
        if (!anyFits || vol.dims()[vol.lrAxis()] < geo.lr()) {
            throw InvalidInputException.of(source, String.format("image too small for ESPRESO patches: need %d voxels "
                    + "in-plane and %d slices, have dims %s (LR axis %d)", geo.patchLength(), geo.lr(),
                    java.util.Arrays.toString(vol.dims()), vol.lrAxis()));
        }
        return gradient ? new GradientSampler(vol, geo, source) : new ForegroundSampler(vol, geo, source);
    }

    /** Axis along the patch's HR direction for orientation o (0: first in-plane axis, 1: second). */
    protected int hrAxis(int o) {
        return vol.inPlaneAxes()[o];
    }

    protected int otherAxis(int o) {
        return vol.inPlaneAxes()[1 - o];
    }
}
