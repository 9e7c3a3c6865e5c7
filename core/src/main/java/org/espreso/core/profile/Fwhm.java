package org.espreso.core.profile;

/** Full width at half maximum of a discrete profile (docs/espreso.md). The one FWHM function of the toolkit. */
public final class Fwhm {
    private Fwhm() {
    }

    /**
     * FWHM in taps: the half-maximum crossings are found by linear interpolation just outside the first and
     * last taps above half the maximum. A 3-tap box gives 3, an impulse 1.
     */
    public static double of(double[] k) {
        double[] e = halfMaximumEdges(k);
        return e[1] - e[0];
    }

    /** The left and right half-maximum crossings, in fractional tap indices (what plots draw). */
    public static double[] halfMaximumEdges(double[] k) {
        if (k.length == 0) {
            throw new IllegalArgumentException("empty profile");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : k) {
            max = Math.max(max, v);
        }
        if (!(max > 0)) {
            throw new IllegalArgumentException("profile has no positive tap");
        }
        double h = max / 2;
        int i0 = -1, i1 = -1;
        for (int i = 0; i < k.length; i++) {
            if (k[i] > h) {
                if (i0 < 0) {
                    i0 = i;
                }
                i1 = i;
            }
        }
        double left = i0 == 0 ? 0 : crossing(i0 - 1, k[i0 - 1], i0, k[i0], h);
        double right = i1 == k.length - 1 ? k.length - 1 : crossing(i1, k[i1], i1 + 1, k[i1 + 1], h);
        return new double[] {left, right};
    }

    public static double of(float[] k) {
        double[] d = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            d[i] = k[i];
        }
        return of(d);
    }

    private static double crossing(int ia, double a, int ib, double b, double h) {
        return ia + (h - a) / (b - a) * (ib - ia);
    }
}
