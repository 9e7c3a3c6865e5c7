package org.espreso.core.profile;

/**
 * A continuous 1-D slice profile; x is in input voxels from the slice centre. Not necessarily normalised:
 * whoever samples it normalises the sampled weights.
 */
public interface SliceProfile {
    double valueAt(double x);

    /** Beyond this distance from the centre the profile is zero (or negligible). */
    double supportRadius();

    /** Nominal full width at half maximum, in voxels. */
    double fwhm();

    /** Short name for reports: "gaussian", "rect" or "file". */
    String kind();
}
