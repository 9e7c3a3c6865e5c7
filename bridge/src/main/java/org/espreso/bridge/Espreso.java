package org.espreso.bridge;

import java.nio.file.Path;
import org.espreso.compute.Backend;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.Estimator;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.estimator.EstimatorResult;
import org.espreso.smore.BlurKernel;
import org.espreso.smore.Smore;
import org.espreso.smore.SmoreConfig;
import org.espreso.smore.SmoreListener;

/**
 * The toolkit from Java, in memory: estimate the slice profile of a {@link Volume}, super-resolve it with that
 * profile, measure the resolution of the result. Volumes and typed settings in, result objects out; nothing is
 * written (write what you want with {@code NiftiWriter}, {@code ResultWriter}). The CLI's {@code estimate},
 * {@code sr}, {@code measure} and {@code pipeline} compute the same results from the same settings (README,
 * "Use from Java"; docs/espreso.md and docs/smore.md for the methods).
 */
public final class Espreso {
    /** How error messages name an image that came from memory rather than a file. */
    private static final Path IN_MEMORY = Path.of("image");

    private Espreso() {
    }

    /**
     * Once per process, before the first computation: compute threads and the native-memory bound
     * ({@link Backend#setUp}), allowing for as many volumes on the heap as the heap can hold.
     */
    public static void setUp(int threads) {
        Backend.setUp(threads, Runtime.getRuntime().maxMemory());
    }

    /** The slice profile of a thick-slice image along its LR axis (the largest spacing), with its uncertainty. */
    public static EstimatorResult estimate(Volume lr, EstimatorConfig config) {
        return estimate(lr, -1, config, Estimator.Listener.NONE);
    }

    /**
     * The slice profile along {@code lrAxis} (-1: the largest spacing).
     *
     * @throws org.espreso.core.InvalidInputException when the image cannot be used (one line, as the CLI prints it)
     */
    public static EstimatorResult estimate(Volume image, int lrAxis, EstimatorConfig config, Estimator.Listener listener) {
        return estimate(image, IN_MEMORY, lrAxis, config, listener, Backend.defaultThreads());
    }

    /** {@link #estimate(Volume, int, EstimatorConfig, Estimator.Listener)} naming the image {@code source} in errors. */
    public static EstimatorResult estimate(Volume image, Path source, int lrAxis, EstimatorConfig config,
            Estimator.Listener listener) {
        return estimate(image, source, lrAxis, config, listener, Backend.defaultThreads());
    }

    static EstimatorResult estimate(Volume image, Path source, int lrAxis, EstimatorConfig config, Estimator.Listener listener,
            int threads) {
        Estimator.Options opt = new Estimator.Options(source, lrAxis, false, null, false);
        return Estimator.run(config, Estimator.prepare(config, image, opt), opt, listener, threads);
    }

    /**
     * The resolution of an image along {@code axis} (e.g. of a super-resolved, isotropic one): the estimator run
     * with that axis as the LR axis; {@link EstimatorResult#fwhmMm()} is the reading.
     */
    public static EstimatorResult measure(Volume image, int axis, EstimatorConfig config) {
        if (axis < 0 || axis > 2) {
            throw new IllegalArgumentException("the axis to measure must be 0, 1 or 2, got " + axis);
        }
        return estimate(image, axis, config, Estimator.Listener.NONE);
    }

    /**
     * SMORE along the LR axis (the largest spacing) at the header's scale, blurring with a Gaussian of the
     * estimate's FWHM ({@link SrKernel.Mode#FWHM}, the pipeline's default).
     */
    public static Volume superResolve(Volume lr, Profile estimate, SmoreConfig config) {
        return superResolve(lr, -1, estimate, SrKernel.Mode.FWHM, config, SmoreListener.NONE);
    }

    /**
     * SMORE along {@code lrAxis} (-1: the largest spacing) at the header's scale.
     *
     * @param estimate the estimated profile (taps one in-plane pixel apart), turned into the blur kernel by
     *                 {@code mode}; null: a Gaussian with FWHM = the slice spacing (SMORE's own default)
     */
    public static Volume superResolve(Volume lr, int lrAxis, Profile estimate, SrKernel.Mode mode, SmoreConfig config,
            SmoreListener listener) {
        int axis = Smore.resolveAxis(lr, lrAxis);
        double pixel = lr.spacing(Volume.inPlaneAxes(axis)[0]);
        return superResolveWithKernel(lr, axis, estimate == null ? null : mode.apply(estimate, pixel), config, listener);
    }

    /** SMORE with a ready blur kernel (taps on the in-plane grid; null: Gaussian of the slice spacing). */
    static Volume superResolveWithKernel(Volume lr, int lrAxis, Profile kernel, SmoreConfig config, SmoreListener listener) {
        int axis = Smore.resolveAxis(lr, lrAxis);
        double s = Smore.resolveScale(lr, axis, Double.NaN);
        BlurKernel k = kernel == null ? Smore.gaussianKernel(lr, axis, Double.NaN) : BlurKernel.of(kernel);
        return Smore.superResolve(config, lr, axis, s, k, listener);
    }
}
