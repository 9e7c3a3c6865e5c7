package org.espreso.bridge;

import java.nio.file.Path;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;

/** Super-resolves the LR axis of an image (SMORE behind this seam). */
public interface SuperResolver {
    /**
     * @param kernel the blur kernel on the in-plane grid (see {@link SrKernel}), or null for the method's default
     *               (a Gaussian with FWHM = slice spacing)
     * @param dir    an empty folder for the method's artefacts (model, logs)
     */
    Volume superResolve(Volume lr, int lrAxis, Profile kernel, Path dir) throws java.io.IOException;
}
