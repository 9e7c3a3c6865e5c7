package org.espreso.core.runtime;

/**
 * The process's compute thread count, in one place: what {@code --threads} (or {@code -Despreso.threads}) set,
 * else the available processors. Every pool and loop of the toolkit sizes itself from it.
 */
public final class Threads {
    /** The system property that holds the count. */
    public static final String PROPERTY = "espreso.threads";

    private Threads() {
    }

    /** Threads requested with {@code -Despreso.threads} (tests use 1) or {@link #set}, else the available processors. */
    public static int defaultThreads() {
        String p = System.getProperty(PROPERTY);
        if (p != null) {
            return Integer.parseInt(p);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Sets the count (the compute backend's set-up calls it with {@code --threads}). */
    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        System.setProperty(PROPERTY, Integer.toString(threads));
    }
}
