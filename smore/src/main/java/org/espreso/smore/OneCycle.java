package org.espreso.smore;

/**
 * One-cycle schedule (ESPRESO.md §8, the shape of PyTorch's {@code OneCycleLR} with its defaults): the learning
 * rate rises from max/25 to max over the first 30 % of the steps and anneals to (max/25)/1e4 by the last step,
 * both by cosine; Adam's beta1 is cycled 0.95 → 0.85 → 0.95 opposite to it.
 */
public final class OneCycle {
    public static final double PCT_START = 0.3;
    public static final double DIV = 25;
    public static final double FINAL_DIV = 1e4;
    public static final double BETA1_MAX = 0.95;
    public static final double BETA1_BASE = 0.85;

    private final double maxLr;
    private final int total;

    public OneCycle(double maxLr, int totalSteps) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + totalSteps);
        }
        this.maxLr = maxLr;
        this.total = totalSteps;
    }

    /** Learning rate at step {@code t} (0-based). */
    public double lr(int t) {
        double initial = maxLr / DIV;
        return phase(t, initial, maxLr, maxLr, initial / FINAL_DIV);
    }

    /** Adam beta1 at step {@code t}. */
    public double beta1(int t) {
        return phase(t, BETA1_MAX, BETA1_BASE, BETA1_BASE, BETA1_MAX);
    }

    private double phase(int t, double a0, double a1, double b0, double b1) {
        double end1 = PCT_START * total - 1;
        double end2 = total - 1;
        if (t <= end1) {
            return cos(a0, a1, end1 <= 0 ? 1 : t / end1);
        }
        double span = end2 - end1;
        return cos(b0, b1, span <= 0 ? 1 : Math.min(1, (t - end1) / span));
    }

    private static double cos(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
}
