package org.espreso.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.Profiles;
import org.junit.jupiter.api.Test;

class SrKernelTest {
    @Test
    void gaussianEstimateKeepsItsShapeAndLosesOnlyNegligibleTails() {
        // A 21-tap estimate of a 4-pixel Gaussian: most taps are ~0 far from the centre.
        Profile est = new Profile(Profiles.discretise(Profiles.gaussian(4), 1).paddedTo(21), 1);
        Profile k = SrKernel.fromEstimate(est, 1);
        assertEquals(1, k.length() % 2);
        assertEquals(1.0, Arrays.stream(k.taps()).sum(), 1e-12);
        assertEquals(est.fwhmTaps(), k.fwhmTaps(), 1e-3);
        // Trimmed, but keeping all but 0.1% of the mass, centred.
        assertEquals(true, k.length() < 21 && k.length() >= 7, "length " + k.length());
        double[] t = k.taps();
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i], t[t.length - 1 - i], 1e-12);
        }
    }

    @Test
    void fwhmModeIsAGaussianOfTheEstimatedFwhmWithGaussianTails() {
        // A compact estimate (light tails, FWHM 5 px): the fwhm mode keeps its FWHM, not its tails.
        Profile est = new Profile(Profiles.discretise(Profiles.rect(5), 1).paddedTo(21), 1);
        Profile k = SrKernel.Mode.parse("fwhm").apply(est, 1);
        assertEquals(est.fwhmMm(), k.fwhmMm(), 0.05);
        assertEquals(1.0, Arrays.stream(k.taps()).sum(), 1e-12);
        assertEquals(11, k.length());
        double sigma = 5 / Profiles.FWHM_PER_SIGMA;
        assertEquals(Math.exp(-9 / (2 * sigma * sigma)) / Math.exp(0), k.taps()[2] / k.taps()[5], 1e-9);
        // On a 0.5 mm image the same FWHM in mm spans twice the taps.
        assertEquals(2 * est.fwhmMm(), SrKernel.gaussianOfFwhm(est, 0.5).fwhmTaps(), 0.1);
        assertArrayEquals(SrKernel.fromEstimate(est, 1).taps(), SrKernel.Mode.parse("PROFILE").apply(est, 1).taps(), 0);
        assertThrows(IllegalArgumentException.class, () -> SrKernel.Mode.parse("gauss"));
    }

    @Test
    void evenLengthIsCentredAtHalfTheLength() {
        Profile est = Profile.ofTaps(0.0, 0.25, 0.5, 0.25);
        Profile k = SrKernel.fromEstimate(est, 1);
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, k.taps(), 1e-12);
    }

    @Test
    void aProfileAtAnotherPixelSizeIsResampled() {
        // Measured at 0.5 mm, used on a 1 mm image: FWHM in mm is preserved, taps are 1 mm apart.
        Profile est = new Profile(Profiles.discretise(Profiles.gaussian(8), 0.5).paddedTo(31), 0.5);
        Profile k = SrKernel.fromEstimate(est, 1.0);
        assertEquals(1.0, k.tapSpacingMm());
        assertEquals(4.0, k.fwhmMm(), 0.05);
    }

    @Test
    void exactZeroTailsAreTrimmed() {
        // The kernel lives on the in-plane grid (no scale factor enters); zero end taps go.
        Profile est = Profile.ofTaps(0, 0.1, 0.2, 0.4, 0.2, 0.1, 0);
        assertArrayEquals(new double[] {0.1, 0.2, 0.4, 0.2, 0.1}, SrKernel.fromEstimate(est, 1).taps(), 1e-12);
    }

    @Test
    void negativeTapsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SrKernel.fromEstimate(Profile.ofTaps(0.5, -0.1, 0.6), 1));
    }
}
