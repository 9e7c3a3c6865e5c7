package org.espreso.evaluation.metrics;

import org.espreso.core.volume.Volume;

/** PSNR (dB) and SSIM of a test image against a reference inside a mask: one row of Tables 1-3. */
public record ImageMetrics(double psnr, double ssim) {

    /** Both metrics inside {@code mask}; see {@link Psnr#masked} and {@link Ssim#masked}. */
    public static ImageMetrics of(Volume ref, Volume test, Mask mask) {
        return new ImageMetrics(Psnr.masked(ref, test, mask), Ssim.masked(ref, test, mask));
    }

    /** Both metrics inside the reference's head mask ({@link HeadMask#of}), as in the paper. */
    public static ImageMetrics of(Volume ref, Volume test) {
        Checks.sameDims("reference", ref.dims(), "test image", test.dims());
        return of(ref, test, HeadMask.of(ref));
    }
}
