package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.espreso.core.profile.Profile;
import org.junit.jupiter.api.Test;

class ProfileErrorsTest {
    /** A Gaussian of the given FWHM (in taps) sampled on 31 taps, centre tap 15, normalised. */
    private static Profile gaussian(double fwhmTaps, double spacingMm) {
        double sigma = fwhmTaps / (2 * Math.sqrt(2 * Math.log(2)));
        double[] k = new double[31];
        for (int i = 0; i < k.length; i++) {
            k[i] = Math.exp(-0.5 * (i - 15) * (i - 15) / (sigma * sigma));
        }
        return new Profile(k, spacingMm).normalised();
    }

    @Test
    void fwhmErrorOfSampledGaussians() {
        // FWHM 4 and 6 taps at 0.5 mm: 2 mm and 3 mm.
        assertEquals(1.0, ProfileErrors.fwhmErrorMm(gaussian(4, 0.5), gaussian(6, 0.5)), 0.01);
        assertEquals(1.0, ProfileErrors.fwhmErrorMm(gaussian(6, 0.5), gaussian(4, 0.5)), 0.01);
        assertEquals(4.0, ProfileErrors.fwhmErrorMm(gaussian(2, 1), gaussian(6, 1)), 0.02);
        assertEquals(0.0, ProfileErrors.fwhmErrorMm(gaussian(8, 1), gaussian(8, 1)));
        // Exact: a 3-tap box has FWHM 3 taps, an impulse 1.
        assertEquals(2.0, ProfileErrors.fwhmErrorMm(Profile.ofTaps(1), Profile.ofTaps(1, 1, 1).normalised()), 1e-15);
    }

    @Test
    void profileErrorOfDifferentLengths() {
        Profile est = Profile.ofTaps(0.25, 0.5, 0.25), truth = Profile.ofTaps(0.1, 0.2, 0.4, 0.2, 0.1);
        // [0, .25, .5, .25, 0] vs [.1, .2, .4, .2, .1]: .1 + .05 + .1 + .05 + .1.
        assertEquals(0.4, ProfileErrors.profileError(est, truth), 1e-15);
        assertEquals(0.4, ProfileErrors.profileError(truth, est), 1e-15);
        assertEquals(0.0, ProfileErrors.profileError(truth, truth));
    }

    @Test
    void oddLengthDifferenceAlignsTheCentres() {
        // 2 taps (centre index 1) in 3 (centre 1): [.5 .5 0] vs [.25 .5 .25].
        assertEquals(0.5, ProfileErrors.profileError(Profile.ofTaps(0.5, 0.5), Profile.ofTaps(0.25, 0.5, 0.25)), 1e-15);
        // 4 taps (centre 2) in 7 (centre 3): [0 .2 .3 .3 .2 0 0] vs [0 0 .25 .5 .25 0 0].
        Profile four = Profile.ofTaps(0.2, 0.3, 0.3, 0.2), seven = Profile.ofTaps(0, 0, 0.25, 0.5, 0.25, 0, 0);
        assertEquals(0.5, ProfileErrors.profileError(four, seven), 1e-15);
        assertArrayEquals(new double[] {0, 0.2, 0.3, 0.3, 0.2, 0, 0}, ProfileErrors.aligned(four, 7));
        // 3 taps (centre 1) in 4 (centre 2): one zero in front.
        assertArrayEquals(new double[] {0, 1, 2, 3}, ProfileErrors.aligned(Profile.ofTaps(1, 2, 3), 4));
        // Even differences are Profile's symmetric padding.
        assertArrayEquals(four.paddedTo(8), ProfileErrors.aligned(four, 8));
        assertArrayEquals(Profile.ofTaps(1, 2, 3).paddedTo(7), ProfileErrors.aligned(Profile.ofTaps(1, 2, 3), 7));
    }

    @Test
    void differentTapSpacingsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ProfileErrors.profileError(new Profile(new double[] {1}, 0.5), new Profile(new double[] {1}, 1.0)));
        assertThrows(IllegalArgumentException.class, () -> ProfileErrors.aligned(Profile.ofTaps(1, 2, 3), 2));
    }
}
