package org.espreso.core.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FwhmTest {
    @Test
    void boxImpulseAndTriangle() {
        assertEquals(3.0, Fwhm.of(new double[] {0, 1, 1, 1, 0}), 1e-12);
        assertEquals(1.0, Fwhm.of(new double[] {0, 0, 1, 0, 0}), 1e-12);
        assertEquals(2.0, Fwhm.of(new double[] {0, 0.5, 1, 0.5, 0}) + 1.0, 1e-12 + 1.0);
        assertEquals(2.0, Fwhm.of(new double[] {0, 0.25, 1, 0.25, 0}) + 1.0 / 3, 1e-12 + 1.0 / 3);
    }

    @Test
    void sampledGaussiansHaveTheirNominalFwhm() {
        for (double f : new double[] {2, 4, 6, 8}) {
            Profile p = Profiles.discretise(Profiles.gaussian(f), 1.0);
            assertEquals(f, p.fwhmTaps(), 0.005, "gaussian " + f);
            assertEquals(2 * ((int) Math.ceil(f) + 1) + 1, p.length());
            assertEquals(1.0, java.util.Arrays.stream(p.taps()).sum(), 1e-12);
        }
    }

    @Test
    void rectThreeIsThreeEqualTaps() {
        Profile p = Profiles.discretise(Profiles.rect(3), 1.0);
        assertArrayEquals(new double[] {0, 0, 0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 0, 0, 0}, p.taps(), 1e-12);
        assertEquals(3.0, p.fwhmTaps(), 1e-12);
        Profile r5 = Profiles.discretise(Profiles.rect(5), 2.0);
        assertEquals(5.0, r5.fwhmTaps(), 1e-12);
        assertEquals(10.0, r5.fwhmMm(), 1e-12);
    }

    @Test
    void rectOfEvenWidthHasHalfWeightEdges() {
        Profile p = Profiles.discretise(Profiles.rect(4), 1.0);
        double[] t = p.taps();
        assertEquals(t[p.length() / 2 - 1], t[p.length() / 2], 1e-12);
        assertEquals(t[p.length() / 2] / 2, t[p.length() / 2 - 2], 1e-12);
        assertEquals(4.0, p.fwhmTaps(), 1e-12);
    }

    @Test
    void fileProfileIsItsOwnReference() {
        Profile k = new Profile(new double[] {0.1, 0.2, 0.4, 0.2, 0.1}, 1.0);
        SliceProfile s = Profiles.sampled(k);
        assertArrayEquals(k.taps(), Profiles.discretise(s, 1.0).taps(), 1e-12);
        assertEquals(0.4, s.valueAt(0), 1e-12);
        assertEquals(0.3, s.valueAt(0.5), 1e-12);
        assertEquals(0.05, s.valueAt(2.5), 1e-12);
        assertEquals(0.0, s.valueAt(3), 1e-12);
    }

    @Test
    void paddingIsSymmetric() {
        assertArrayEquals(new double[] {0, 1, 2, 3, 0}, Profile.ofTaps(1, 2, 3).paddedTo(5), 0);
    }
}
