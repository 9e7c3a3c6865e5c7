package org.espreso.core.profile;

import java.util.Arrays;

/**
 * A discrete slice profile: taps one in-plane pixel apart ({@code tapSpacingMm}), centre at index
 * {@code length / 2}, non-negative and summing to one. This is what the estimator writes and what SR uses as
 * its blur kernel.
 */
public record Profile(double[] taps, double tapSpacingMm) {
    public Profile {
        if (taps.length == 0) {
            throw new IllegalArgumentException("a profile needs at least one tap");
        }
        if (!(tapSpacingMm > 0)) {
            throw new IllegalArgumentException("tap spacing must be positive: " + tapSpacingMm);
        }
        taps = taps.clone();
    }

    /** Taps in units of one voxel (spacing 1). */
    public static Profile ofTaps(double... taps) {
        return new Profile(taps, 1.0);
    }

    @Override
    public double[] taps() {
        return taps.clone();
    }

    public int length() {
        return taps.length;
    }

    public double tap(int i) {
        return taps[i];
    }

    public double fwhmTaps() {
        return Fwhm.of(taps);
    }

    public double fwhmMm() {
        return Fwhm.of(taps) * tapSpacingMm;
    }

    /** The same shape scaled to sum to one. */
    public Profile normalised() {
        double s = Arrays.stream(taps).sum();
        if (!(s > 0)) {
            throw new IllegalArgumentException("profile sums to " + s + ", cannot normalise");
        }
        return new Profile(Arrays.stream(taps).map(v -> v / s).toArray(), tapSpacingMm);
    }

    /** Symmetric zero padding (or, if shorter, the same array) to {@code n} taps; n - length must be even. */
    public double[] paddedTo(int n) {
        if (n < taps.length || (n - taps.length) % 2 != 0) {
            throw new IllegalArgumentException("cannot pad " + taps.length + " taps symmetrically to " + n);
        }
        double[] out = new double[n];
        System.arraycopy(taps, 0, out, (n - taps.length) / 2, taps.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Profile p && Arrays.equals(taps, p.taps) && tapSpacingMm == p.tapSpacingMm;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(taps) + Double.hashCode(tapSpacingMm);
    }

    @Override
    public String toString() {
        return "Profile" + Arrays.toString(taps) + " @" + tapSpacingMm + "mm";
    }
}
