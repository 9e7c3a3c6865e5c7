package org.espreso.bridge;

import java.util.Arrays;
import java.util.Locale;
import org.espreso.core.profile.Profile;
import org.espreso.smore.BlurKernel;

/**
 * Turns an estimated slice profile into SMORE's blur kernel.
 *
 * <p>The estimate is a <em>relative</em> profile: the through-plane blur beyond the in-plane PSF, which is
 * already in the in-plane slices SMORE degrades, so nothing is deconvolved. Both live on the in-plane pixel grid
 * (one tap per pixel), so the kernel does not depend on the scale factor, integer or fractional: the scale only
 * sets SMORE's downsampling after the blur. What changes: the centre moves to index L/2 of an odd length, the
 * negligible tails are trimmed, the taps are resampled if the profile was measured at another pixel size, and
 * the result is renormalised to sum one.
 */
public final class SrKernel {
    /** Tails are trimmed while the mass removed stays below this fraction of the total. */
    public static final double TAIL_MASS = 1e-3;

    /** What of the estimate SR uses. */
    public enum Mode {
        /** The estimated taps ({@link #fromEstimate}). */
        PROFILE,
        /** A Gaussian with the estimated FWHM ({@link #gaussianOfFwhm}). */
        FWHM;

        public Profile apply(Profile estimate, double pixelMm) {
            return this == PROFILE ? fromEstimate(estimate, pixelMm) : gaussianOfFwhm(estimate, pixelMm);
        }

        /** "profile" or "fwhm". */
        public static Mode parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kernel mode must be profile or fwhm, got '" + s + "'");
            }
        }
    }

    private SrKernel() {
    }

    /**
     * A Gaussian with the estimate's FWHM, discretised as SMORE's default kernel ({@link BlurKernel#gaussian}).
     * The FWHM is what the estimator determines best; the tails of wide profiles come out too light (measured
     * for overlapping slices, docs/results.md, Table 2), and SR is sensitive to them.
     */
    public static Profile gaussianOfFwhm(Profile estimate, double pixelMm) {
        double fwhm = estimate.fwhmMm();
        if (!(fwhm > 0) || Double.isInfinite(fwhm)) {
            throw new IllegalArgumentException("the estimate has no finite FWHM (" + fwhm + " mm)");
        }
        return new Profile(BlurKernel.gaussian(fwhm / pixelMm).taps(), pixelMm);
    }

    /**
     * @param estimate the estimator's profile (non-negative; centre at length/2)
     * @param pixelMm in-plane pixel size of the image to super-resolve
     */
    public static Profile fromEstimate(Profile estimate, double pixelMm) {
        double[] k = estimate.normalised().taps();
        for (int i = 0; i < k.length; i++) {
            if (!(k[i] >= 0)) {
                throw new IllegalArgumentException("profile tap " + i + " is " + k[i] + "; taps must be non-negative");
            }
        }
        if (Math.abs(estimate.tapSpacingMm() - pixelMm) > 1e-2 * pixelMm) {
            k = resample(k, estimate.tapSpacingMm(), pixelMm);
        }
        if (k.length % 2 == 0) {
            // Centre is at index length/2; one zero at the end makes it the middle of an odd length.
            k = Arrays.copyOf(k, k.length + 1);
        }
        return new Profile(trimTails(k), pixelMm).normalised();
    }

    /** Drops symmetric pairs of end taps while their cumulative mass stays under {@link #TAIL_MASS}. */
    static double[] trimTails(double[] k) {
        double total = Arrays.stream(k).sum();
        int lo = 0, hi = k.length - 1;
        double removed = 0;
        while (hi - lo >= 2 && removed + k[lo] + k[hi] <= TAIL_MASS * total) {
            removed += k[lo++] + k[hi--];
        }
        return Arrays.copyOfRange(k, lo, hi + 1);
    }

    /** Linear interpolation of taps spaced {@code from} mm onto taps spaced {@code to} mm, centres aligned. */
    static double[] resample(double[] k, double from, double to) {
        int c = k.length / 2;
        double halfMm = Math.max(c, k.length - 1 - c) * from;
        int m = (int) Math.floor(halfMm / to);
        double[] out = new double[2 * m + 1];
        for (int j = -m; j <= m; j++) {
            double p = j * to / from + c;
            int i = (int) Math.floor(p);
            double f = p - i;
            double a = i >= 0 && i < k.length ? k[i] : 0;
            double b = i + 1 >= 0 && i + 1 < k.length ? k[i + 1] : 0;
            // Density per mm is preserved by the final renormalisation.
            out[j + m] = a + f * (b - a);
        }
        return out;
    }
}
