package org.espreso.evaluation.simulate;

import org.espreso.core.profile.Profile;
import org.espreso.core.profile.Profiles;
import org.espreso.core.profile.SliceProfile;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;

/**
 * Simulates a thick-slice acquisition of an isotropic image (EVALUATION.md) and gives the reference ("true")
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
        SliceProfile p = switch (spec.kind()) {
            case "gaussian" -> Profiles.gaussian(spec.fwhmMm() / voxel);
            case "rect" -> Profiles.rect(spec.fwhmMm() / voxel);
            default -> {
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

    /** The HR voxels that the same-FOV SR grid of {@code lr} covers: the first n_lr s slices along the LR axis. */
    public static int truthSlices(Result r) {
        return (int) Math.round(r.lr().dim(r.spec().lrAxis()) * r.spec().scale());
    }
}
