package org.espreso.smore;

import java.util.Arrays;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.Profiles;

/**
 * The 1-D blur kernel that turns an in-plane line into a simulated through-plane line (docs/smore.md): taps one
 * in-plane pixel apart, odd length, centre at {@code length / 2}, summing to one.
 */
public final class BlurKernel {
    private final double[] taps;
    private final String source;

    private BlurKernel(double[] taps, String source) {
        this.taps = taps;
        this.source = source;
    }

    /**
     * A user profile (e.g. what the ESPRESO estimator writes), renormalised to sum one. An even-length profile is
     * padded with one zero at the end so that its centre stays at index {@code L / 2}.
     */
    public static BlurKernel of(Profile p) {
        double[] t = p.taps();
        for (double v : t) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("profile taps must be finite and non-negative: " + Arrays.toString(t));
            }
        }
        if (t.length % 2 == 0) {
            t = Arrays.copyOf(t, t.length + 1);
        }
        double s = Arrays.stream(t).sum();
        if (!(s > 0)) {
            throw new IllegalArgumentException("profile sums to " + s);
        }
        for (int i = 0; i < t.length; i++) {
            t[i] /= s;
        }
        return new BlurKernel(t, "profile(" + p.length() + " taps)");
    }

    /**
     * A Gaussian with the given FWHM in in-plane pixels: {@code 2 round(FWHM) + 1} taps (round half to even, as
     * the reference does), sigma = FWHM / 2.3548, normalised.
     */
    public static BlurKernel gaussian(double fwhmPixels) {
        if (!(fwhmPixels > 0) || Double.isInfinite(fwhmPixels)) {
            throw new IllegalArgumentException("FWHM must be positive and finite, got " + fwhmPixels);
        }
        int half = (int) Math.rint(fwhmPixels);
        double sigma = fwhmPixels / Profiles.FWHM_PER_SIGMA;
        double[] t = new double[2 * half + 1];
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            double x = i - half;
            t[i] = Math.exp(-x * x / (2 * sigma * sigma));
            s += t[i];
        }
        for (int i = 0; i < t.length; i++) {
            t[i] /= s;
        }
        return new BlurKernel(t, String.format("gaussian(fwhm=%.3g px)", fwhmPixels));
    }

    public double[] taps() {
        return taps.clone();
    }

    public int length() {
        return taps.length;
    }

    /** Rows needed on each side of a line so that the blur reads no padding: {@code K / 2}. */
    public int halfWidth() {
        return taps.length / 2;
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source + " " + Arrays.toString(taps);
    }
}
