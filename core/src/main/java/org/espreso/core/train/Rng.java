package org.espreso.core.train;

/**
 * Small seeded generator (SplitMix64) whose whole state is one long, so checkpoints can save and restore it
 * exactly and a resumed run draws what an uninterrupted one would have. Not for cryptography. The one random
 * source of the estimator and SR training.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed ^ 0x5DEECE66DL;
    }

    private Rng(long state, boolean raw) {
        this.state = state;
    }

    public static Rng ofState(long state) {
        return new Rng(state, true);
    }

    public long state() {
        return state;
    }

    /** Restores a state saved with {@link #state()}. */
    public void setState(long s) {
        state = s;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, n). */
    public int nextInt(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        return (int) ((nextLong() >>> 33) * n >>> 31);
    }

    /** Uniform in [-a, a). */
    public double uniform(double a) {
        return (2 * nextDouble() - 1) * a;
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** Standard normal (Box–Muller, one value per call). */
    public double nextGaussian() {
        double u1 = nextDouble(), u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** An independent stream derived from this one (advances this one once). */
    public Rng split() {
        return new Rng(nextLong());
    }
}
