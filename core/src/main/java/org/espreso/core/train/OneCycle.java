package org.espreso.core.train;

/**
 * PyTorch {@code OneCycleLR} with cosine annealing and momentum (Adam beta1) cycling, two phases: step 0..u
 * with u = pctStart·total − 1 anneals lr from max/div to max and beta1 from maxMomentum to baseMomentum;
 * steps u..total−1 anneal lr to max/div/finalDiv and beta1 back to maxMomentum.
 */
public final class OneCycle {
    private final int total;
    private final double maxLr, startLr, finalLr, maxMomentum, baseMomentum, upEnd;

    public OneCycle(int total, double maxLr, double pctStart, double divFactor, double finalDivFactor,
                    double maxMomentum, double baseMomentum) {
        if (total < 1) {
            throw new IllegalArgumentException("one-cycle schedule needs at least 1 step, got " + total);
        }
        this.total = total;
        this.maxLr = maxLr;
        this.startLr = maxLr / divFactor;
        this.finalLr = startLr / finalDivFactor;
        this.maxMomentum = maxMomentum;
        this.baseMomentum = baseMomentum;
        this.upEnd = pctStart * total - 1;
    }

    /** PyTorch's defaults (docs/espreso.md, docs/smore.md): 30 % warm phase from max/25, final max/25/1e4, beta1 0.95/0.85. */
    public static OneCycle standard(int total, double maxLr) {
        return new OneCycle(total, maxLr, 0.3, 25, 1e4, 0.95, 0.85);
    }

    private static double cos(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }

    /** Learning rate at step {@code t} (0-based; clamped to the schedule). */
    public double lr(int t) {
        double s = Math.min(Math.max(t, 0), total - 1);
        if (s <= upEnd) {
            return cos(startLr, maxLr, upEnd <= 0 ? 1 : s / upEnd);
        }
        return cos(maxLr, finalLr, total - 1 - upEnd <= 0 ? 1 : (s - upEnd) / (total - 1 - upEnd));
    }

    /** Adam beta1 at step {@code t}. */
    public double beta1(int t) {
        double s = Math.min(Math.max(t, 0), total - 1);
        if (s <= upEnd) {
            return cos(maxMomentum, baseMomentum, upEnd <= 0 ? 1 : s / upEnd);
        }
        return cos(baseMomentum, maxMomentum, total - 1 - upEnd <= 0 ? 1 : (s - upEnd) / (total - 1 - upEnd));
    }
}
