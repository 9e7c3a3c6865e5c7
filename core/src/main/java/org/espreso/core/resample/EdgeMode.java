package org.espreso.core.resample;

/** How a filter sees beyond the ends of a line. */
public enum EdgeMode {
    /** Repeat the edge sample (… a a | a b c). */
    REPLICATE,
    /** Zeros outside. */
    ZERO,
    /** Half-sample symmetric mirror (… b a | a b c), scipy's "reflect". */
    REFLECT,
    /** No padding: only outputs whose window lies inside (n - K + 1 of them). */
    VALID;

    /** Index used for {@code i} on a line of {@code n}, or -1 for a zero sample. Not for VALID. */
    public int map(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        switch (this) {
            case REPLICATE:
                return i < 0 ? 0 : n - 1;
            case ZERO:
                return -1;
            case REFLECT: {
                int period = 2 * n;
                int j = Math.floorMod(i, period);
                return j < n ? j : period - 1 - j;
            }
            default:
                throw new IllegalStateException("VALID has no samples outside the line");
        }
    }
}
