package org.espreso.evaluation.simulate;

import org.espreso.core.profile.Profile;
import org.espreso.core.profile.Profiles;
import org.espreso.core.profile.SliceProfile;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;

/**
 * Simulates a thick-slice acquisition of an isotropic image (docs/evaluation.md) and gives the reference ("true")
 * discrete profile that estimates are scored against.
 */
public final class Simulation {
    private Simulation() {
    }

    /** A simulated LR volume with the profile that made it. */
    public record Result(Volume lr, Profile truth, SliceProfile profile, SimulationSpec spec) {
    }

    /**
     * @param fileProfile taps one input voxel apart for {@code kind = file}, else ignored (may be null)
     */
    public static Result run(Volume hr, SimulationSpec spec, Profile fileProfile) {
        int axis = spec.lrAxis();
        double voxel = hr.spacing(axis);
        checkFits(hr, spec, fileProfile);
        SliceProfile p = switch (spec.kind()) {
            case GAUSSIAN -> Profiles.gaussian(spec.fwhmMm() / voxel);
            case RECT -> Profiles.rect(spec.fwhmMm() / voxel);
            case FILE -> {
                if (fileProfile == null) {
                    throw new IllegalArgumentException("a file profile needs its taps");
                }
                yield Profiles.sampled(fileProfile.normalised());
            }
        };
        if (hr.dim(axis) < spec.scale()) {
            throw new IllegalArgumentException("axis " + axis + " has " + hr.dim(axis) + " voxels, fewer than the scale " + spec.scale());
        }
        Volume lr = Acquisition.simulate(hr, axis, p, spec.scale());
        return new Result(lr, Profiles.discretise(p, voxel), p, spec);
    }

    /**
     * Refuses, before any work, a profile wider than the image along the slice axis (its FWHM in voxels above
     * the voxel count): such a "slice" would average the whole image, and its taps alone could exhaust memory.
     */
    public static void checkFits(Volume hr, SimulationSpec spec, Profile fileProfile) {
        int axis = spec.lrAxis();
        int n = hr.dim(axis);
        double voxel = hr.spacing(axis);
        if (spec.kind() == SimulationSpec.Kind.FILE) {
            if (fileProfile != null && fileProfile.length() > n) {
                throw new IllegalArgumentException("the profile's " + fileProfile.length() + " taps do not fit in the "
                        + n + " voxels along axis " + axis);
            }
            return;
        }
        double width = spec.fwhmMm() / voxel;
        if (!(width <= n)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a FWHM of %.4g mm is %.4g voxels of %.4g mm along axis %d, wider than the image's %d voxels",
                    spec.fwhmMm(), width, voxel, axis, n));
        }
    }

    /** The HR voxels that the same-FOV SR grid of {@code lr} covers: the first n_lr s slices along the LR axis. */
    public static int truthSlices(Result r) {
        return (int) Math.round(r.lr().dim(r.spec().lrAxis()) * r.spec().scale());
    }
}
