package org.espreso.bridge;

import java.nio.file.Path;
import java.util.Map;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;

/** Estimates the relative slice profile of an image along its LR axis (ESPRESO behind this seam). */
public interface ProfileEstimator {
    /**
     * @param dir an empty folder for the method's artefacts (profile files, loss log, plots)
     */
    Estimate estimate(Volume image, int lrAxis, Path dir) throws java.io.IOException;

    /** The same, naming the image {@code source} (its file) in error messages rather than the working folder. */
    default Estimate estimate(Volume image, Path source, int lrAxis, Path dir) throws java.io.IOException {
        return estimate(image, lrAxis, dir);
    }

    /** The estimate (taps one in-plane pixel apart) and a few facts for reports. */
    record Estimate(Profile profile, Map<String, Object> summary) {
    }
}
