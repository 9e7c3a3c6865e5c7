package org.espreso.evaluation.metrics;

import org.espreso.core.volume.Volume;

/** PSNR (dB) and SSIM of a test image against a reference inside a mask: one row of Tables 1-3. */
public record ImageMetrics(double psnr, double ssim) {

    /** Both metrics inside {@code mask}; see {@link Psnr#masked} and {@link Ssim#masked}. */
    /** {"PSNR": psnr, "SSIM": ssim}, the names the tables and reports use. */
    public java.util.Map<String, Double> asMap() {
        java.util.Map<String, Double> r = new java.util.LinkedHashMap<>();
        r.put("PSNR", psnr);
        r.put("SSIM", ssim);
        return r;
    }

    /**
     * The truth voxels on a same-field-of-view SR grid of {@code srDims}: its first {@code srDims[axis]} slices
     * along the SR axis (a simulated LR image covers round(n s) truth voxels); the other axes must match.
     *
     * @throws IllegalArgumentException when the truth does not cover the grid
     */
    public static Volume truthOnSrGrid(Volume truth, int[] srDims, int axis) {
        for (int a = 0; a < 3; a++) {
            if (a != axis && truth.dim(a) != srDims[a]) {
                throw new IllegalArgumentException("truth dims " + java.util.Arrays.toString(truth.dims())
                        + " do not match the SR grid " + java.util.Arrays.toString(srDims));
            }
        }
        if (truth.dim(axis) < srDims[axis]) {
            throw new IllegalArgumentException("the truth has " + truth.dim(axis) + " slices, the SR grid " + srDims[axis]);
        }
        return org.espreso.core.resample.Resampling.crop(truth, axis, 0, srDims[axis]);
    }

    public static ImageMetrics of(Volume ref, Volume test, Mask mask) {
        return new ImageMetrics(Psnr.masked(ref, test, mask), Ssim.masked(ref, test, mask));
    }

    /** Both metrics inside the reference's head mask ({@link HeadMask#of}), as in the paper. */
    public static ImageMetrics of(Volume ref, Volume test) {
        Checks.sameDims("reference", ref.dims(), "test image", test.dims());
        return of(ref, test, HeadMask.of(ref));
    }
}
