package org.espreso.core.resample;

import org.espreso.core.profile.SliceProfile;
import org.espreso.core.volume.Volume;

/**
 * A simulated multi-slice acquisition (docs/evaluation.md): floor(n / s) slices along {@code axis}, slice k centred
 * at input position (s - 1) / 2 + k s and valued sum_i w_i x_i with w_i = profile(i - c_k) normalised.
 * The result's affine places slice k at c_k, so the same-FOV SR grid coincides with the first n_lr s input slices.
 */
public final class Acquisition {
    private Acquisition() {
    }

    /** @param profile continuous profile with x in input voxels along {@code axis} */
    public static Volume simulate(Volume hr, int axis, SliceProfile profile, double scale) {
        if (!(scale >= 1)) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        Grid grid = Grid.downsampling(hr.dim(axis), scale);
        return Resampling.alongAxis(hr, axis, grid, AxisMap.acquisition(hr.dim(axis), grid, profile));
    }
}
