package org.espreso.core.volume;

import java.util.SplittableRandom;

/**
 * The median as numpy's {@code np.quantile(a, 0.5)}, by selection in O(n). Used for the head mask's threshold
 * (evaluation) and the estimator's intensity level.
 */
public final class Median {
    private Median() {
    }

    /**
     * np.quantile(a, 0.5) (linear method): the middle value, or for an even count b - (b - a) * 0.5 of the two
     * middle values a &lt;= b. Selection in O(n) on a copy; {@code values} is left untouched. No NaNs allowed.
     */
    public static double of(double[] values) {
        return inPlace(values.clone());
    }

    /** As {@link #of}, but reorders {@code a} instead of copying it (for a scratch array of millions of voxels). */
    public static double inPlace(double[] a) {
        int n = a.length;
        if (n == 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        int k = (n - 1) / 2;
        double lo = select(a, k);
        if (n % 2 == 1) {
            return lo;
        }
        // After select, a[k+1..] >= a[k]: the upper middle is their minimum.
        double hi = Double.POSITIVE_INFINITY;
        for (int i = k + 1; i < n; i++) {
            hi = Math.min(hi, a[i]);
        }
        return hi - (hi - lo) * 0.5;
    }

    /** Hoare quickselect with a random pivot: a[k] ends up in sorted position, smaller left, larger right. */
    private static double select(double[] a, int k) {
        SplittableRandom rnd = new SplittableRandom(0x5eed);
        int lo = 0, hi = a.length - 1;
        while (hi > lo) {
            double pivot = a[lo + rnd.nextInt(hi - lo + 1)];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            // a[lo..j] <= pivot <= a[i..hi]; anything strictly between j and i equals the pivot.
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
