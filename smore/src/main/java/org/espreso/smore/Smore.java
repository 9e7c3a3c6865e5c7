package org.espreso.smore;

import org.espreso.core.InvalidInputException;
import org.espreso.core.volume.Volume;

/**
 * SMORE's entry points for the CLI and the pipeline: check the input, pick the blur kernel, train on the volume's
 * own in-plane slices, super-resolve. Messages of {@link InvalidInputException}s thrown here do not name a file;
 * callers prefix the path.
 */
public final class Smore {
    private Smore() {
    }

    /** The LR axis: {@code override} when 0..2, else the largest spacing; in-plane spacings must agree. */
    public static int resolveAxis(Volume v, int override) {
        if (override > 2) {
            throw new InvalidInputException("LR axis must be 0, 1 or 2, got " + override);
        }
        int axis = override >= 0 ? override : v.lrAxis();
        if (!v.isInPlaneIsotropic(axis)) {
            int[] ip = Volume.inPlaneAxes(axis);
            throw new InvalidInputException(String.format(
                    "in-plane spacings differ (%.4g vs %.4g mm along axes %d and %d, LR axis %d); SMORE needs "
                            + "isotropic in-plane voxels: resample the in-plane axes to a common spacing first "
                            + "(or give --lr-axis if the slice axis is another one)",
                    v.spacing(ip[0]), v.spacing(ip[1]), ip[0], ip[1], axis));
        }
        return axis;
    }

    /**
     * The scale s = slice spacing / in-plane spacing, or {@code override} unless it is NaN. An input whose scale
     * is below 1.01 is refused unless overridden (docs/smore.md).
     */
    public static double resolveScale(Volume v, int axis, double override) {
        if (!Double.isNaN(override)) {
            if (!(override > 1) || Double.isInfinite(override)) {
                throw new InvalidInputException("--scale must be > 1, got " + override);
            }
            return checked(v, axis, SrGeometry.snap(override));
        }
        double s = SrGeometry.snap(v.scale(axis));
        if (!(s >= 1.01)) {
            throw new InvalidInputException(String.format(
                    "the volume is isotropic along axis %d (spacing %s): nothing to super-resolve; give --scale to "
                            + "treat it as having thick slices", axis, java.util.Arrays.toString(v.spacing())));
        }
        return checked(v, axis, s);
    }

    private static double checked(Volume v, int axis, double s) {
        try {
            SrGeometry.checkScale(v, axis, s);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        return s;
    }

    /**
     * The default kernel: a Gaussian whose FWHM is {@code thicknessMm} (the slice spacing when NaN) in in-plane
     * pixels.
     */
    public static BlurKernel gaussianKernel(Volume v, int axis, double thicknessMm) {
        double t = Double.isNaN(thicknessMm) ? v.spacing(axis) : thicknessMm;
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new InvalidInputException("slice thickness must be positive, got " + t);
        }
        return BlurKernel.gaussian(t / v.spacing(Volume.inPlaneAxes(axis)[0]));
    }

    /** Trains a model on {@code v} (optionally resuming from {@code cfg.checkpointDir()}). */
    public static SmoreModel train(SmoreConfig cfg, Volume v, int axis, double scale, BlurKernel kernel,
            SmoreListener listener, boolean resume) {
        int bad = v.firstNonFinite();
        if (bad >= 0) {
            throw new InvalidInputException("voxel " + bad + " is not finite");
        }
        PairSampler sampler = new PairSampler(v, axis, kernel, scale, cfg.patchSize(), cfg.uniformSampling());
        if (sampler.patch() != cfg.patchSize()) {
            listener.notice("patch size reduced from " + cfg.patchSize() + " to " + sampler.patch()
                    + " to fit the in-plane size " + v.dim(Volume.inPlaneAxes(axis)[0]) + "x"
                    + v.dim(Volume.inPlaneAxes(axis)[1]));
        }
        Trainer t = new Trainer(cfg, sampler, kernel);
        try {
            if (resume && cfg.checkpointDir() != null && t.resumeFrom(cfg.checkpointDir())) {
                listener.notice("resumed from " + cfg.checkpointDir() + " at step " + t.step());
            }
            return t.run(listener);
        } finally {
            t.close();
        }
    }

    /** Trains on {@code v} and super-resolves it: the whole method in one call. */
    public static Volume superResolve(SmoreConfig cfg, Volume v, int axis, double scale, BlurKernel kernel,
            SmoreListener listener) {
        SmoreModel m = train(cfg, v, axis, scale, kernel, listener, false);
        return Inference.run(m, v, axis, scale, cfg, listener);
    }
}
