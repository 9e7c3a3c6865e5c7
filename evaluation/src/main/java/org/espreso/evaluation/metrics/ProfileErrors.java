package org.espreso.evaluation.metrics;

import org.espreso.core.profile.Profile;

/** Errors of an estimated slice profile against the true one (docs/evaluation.md, "Metrics"). */
public final class ProfileErrors {
    /** Relative tolerance for "the two profiles have the same tap spacing". */
    public static final double SPACING_TOLERANCE = 1e-9;

    private ProfileErrors() {
    }

    /** |FWHM(estimate) - FWHM(truth)| in mm, each FWHM by {@link Profile#fwhmMm()} (docs/espreso.md). */
    public static double fwhmErrorMm(Profile estimate, Profile truth) {
        return Math.abs(estimate.fwhmMm() - truth.fwhmMm());
    }

    /**
     * Σ |k_est - k_true| over the taps as given (not renormalised), after zero-padding the shorter profile to the
     * longer one's length with the two centres aligned. A profile's centre is tap {@code length / 2}, so the shorter
     * one (l taps) gets {@code L/2 - l/2} zeros in front and the rest behind. For an even length difference that is
     * plain symmetric padding ({@link Profile#paddedTo}). For an odd one the padding cannot be symmetric: the
     * extra zero goes in front of an odd-length profile (3 taps in 4: [0 a b c]) and behind an even-length one
     * (4 taps in 7: [0 a b c d 0 0]), which keeps the centre taps on top of each other.
     *
     * @throws IllegalArgumentException if the tap spacings differ (taps would not be comparable)
     */
    public static double profileError(Profile estimate, Profile truth) {
        double se = estimate.tapSpacingMm(), st = truth.tapSpacingMm();
        if (Math.abs(se - st) > SPACING_TOLERANCE * Math.max(se, st)) {
            throw new IllegalArgumentException("profiles with different tap spacings (" + se + " mm and " + st
                    + " mm) cannot be compared tap by tap; resample one first");
        }
        int n = Math.max(estimate.length(), truth.length());
        double[] a = aligned(estimate, n), b = aligned(truth, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }

    /**
     * The taps zero-padded to {@code n} with the centre (tap {@code length / 2}) moved to tap {@code n / 2}:
     * {@code n/2 - length/2} zeros in front, the rest behind.
     */
    public static double[] aligned(Profile p, int n) {
        int l = p.length();
        if (n < l) {
            throw new IllegalArgumentException("cannot pad " + l + " taps to " + n);
        }
        double[] out = new double[n];
        System.arraycopy(p.taps(), 0, out, n / 2 - l / 2, l);
        return out;
    }
}
