package org.espreso.estimator.patch;

import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.core.volume.Median;
import org.espreso.core.volume.Volume;

/**
 * An input checked and prepared for estimation (docs/espreso.md): the LR axis, the scale s = dz/dx and the
 * voxel intensities (scaled to max 1000 for {@code ipmi2021}, to a foreground median of {@code intensityLevel} for
 * {@code calibrated}).
 *
 * @param data         voxels (x fastest), possibly normalised; a copy when anything changed
 * @param dims         volume dims
 * @param lrAxis       the slice axis
 * @param scale        slice spacing over in-plane spacing (exactly 1 for an isotropic image)
 * @param inPlaneMm    in-plane spacing (tap spacing of the profile)
 * @param sliceMm      spacing along the LR axis
 */
public record PreparedVolume(float[] data, int[] dims, int lrAxis, double scale, double inPlaneMm, double sliceMm) {

    /** The largest voxel magnitude trained on as is (measured: 1e10 estimates as 1e6 does; 1e15 never moves). */
    public static final double MAX_MAGNITUDE = 1e10;

    /**
     * Checks and prepares {@code v}.
     *
     * @param source        file name for messages
     * @param lrAxis        the LR axis, or -1 for automatic (largest spacing); isotropic input needs it explicit
     * @param normalise     divide by the max and multiply by 1000
     * @param level         when positive, scale so that the foreground's median is {@code level}
     * @param zeroNonFinite replace NaN/Inf by 0 instead of failing
     */
    public static PreparedVolume prepare(Volume v, Path source, int lrAxis, boolean normalise, double level,
            boolean zeroNonFinite) {
        if (lrAxis < -1 || lrAxis > 2) {
            throw InvalidInputException.of(source, "--lr-axis must be 0, 1 or 2, got " + lrAxis);
        }
        int axis = lrAxis >= 0 ? lrAxis : v.lrAxis();
        if (!v.isInPlaneIsotropic(axis)) {
            int[] ip = Volume.inPlaneAxes(axis);
            throw InvalidInputException.of(source, String.format(
                    "in-plane spacing is anisotropic (%.4g mm along axis %d vs %.4g mm along axis %d, LR axis %d); "
                            + "ESPRESO needs equal in-plane spacings", v.spacing(ip[0]), ip[0], v.spacing(ip[1]), ip[1], axis));
        }
        double s = v.scale(axis);
        if (Math.abs(s - 1) < 1e-3) {
            if (lrAxis < 0) {
                throw InvalidInputException.of(source, "image is isotropic (" + v.spacing(0) + " mm); choose the axis"
                        + " to measure with --lr-axis");
            }
            s = 1;
        } else if (s < 1) {
            throw InvalidInputException.of(source, String.format("axis %d (%.4g mm) has finer spacing than the in-plane "
                    + "axes (%.4g mm); it cannot be the LR axis", axis, v.spacing(axis), v.spacing(Volume.inPlaneAxes(axis)[0])));
        }
        float[] data = v.data();
        int bad = v.firstNonFinite();
        if (bad >= 0) {
            if (!zeroNonFinite) {
                int[] d = v.dims();
                throw InvalidInputException.of(source, String.format("voxel (%d,%d,%d) is %s; use --zero-nonfinite to "
                        + "treat non-finite voxels as 0", bad % d[0], bad / d[0] % d[1], bad / d[0] / d[1], data[bad]));
            }
            data = data.clone();
            for (int i = 0; i < data.length; i++) {
                if (!Float.isFinite(data[i])) {
                    data[i] = 0;
                }
            }
        }
        if (level > 0) {
            return new PreparedVolume(scaled(data, level / foregroundMedian(data, source)), v.dims(), axis, s,
                    v.spacing(Volume.inPlaneAxes(axis)[0]), v.spacing(axis));
        }
        if (!normalise) {
            float peak = 0;
            for (float f : data) {
                peak = Math.max(peak, Math.abs(f));
            }
            if (peak > MAX_MAGNITUDE) {
                // Training in float32 on such values overflows: the profile never leaves its start (1e15 here) or
                // turns NaN (1e30). Refused rather than rescaled behind the user's back.
                throw InvalidInputException.of(source, String.format(java.util.Locale.ROOT,
                        "voxel values reach %.3g; the estimator trains in float32 and needs |values| <= %.0e: "
                                + "rescale the image, or use a preset with an intensityLevel", peak, MAX_MAGNITUDE));
            }
        }
        if (normalise) {
            float max = Float.NEGATIVE_INFINITY;
            for (float f : data) {
                max = Math.max(max, f);
            }
            if (!(max > 0)) {
                throw InvalidInputException.of(source, "image has no positive voxel");
            }
            data = scaled(data, 1000f / max);
        }
        return new PreparedVolume(data, v.dims(), axis, s, v.spacing(Volume.inPlaneAxes(axis)[0]), v.spacing(axis));
    }

    private static float[] scaled(float[] data, double factor) {
        float f = (float) factor;
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = data[i] * f;
        }
        return out;
    }

    /**
     * The median of the voxels above the lower 3-class multi-Otsu threshold: the foreground the patch sampler draws
     * from. Blur moves it little (Colin27 86, blurred by 6 mm along z 84), unlike the max or a high percentile.
     */
    static double foregroundMedian(float[] data, Path source) {
        double threshold = MultiOtsu.threeClass(data)[0];
        int n = 0;
        for (float f : data) {
            if (f > threshold) {
                n++;
            }
        }
        if (n == 0) {
            throw InvalidInputException.of(source, "no foreground: no voxel lies above the multi-Otsu threshold "
                    + threshold);
        }
        double[] fg = new double[n];
        n = 0;
        for (float f : data) {
            if (f > threshold) {
                fg[n++] = f;
            }
        }
        double median = Median.inPlace(fg);
        if (!(median > 0)) {
            throw InvalidInputException.of(source, "the foreground's median intensity is " + median
                    + "; the estimator scales it to a positive level and needs a positive foreground");
        }
        return median;
    }

    public int stride(int axis) {
        return Volume.stride(dims, axis);
    }

    public int[] inPlaneAxes() {
        return Volume.inPlaneAxes(lrAxis);
    }
}
