package org.espreso.cli;

import org.espreso.compute.Backend;
import org.espreso.smore.Engine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every subcommand accepts (-v, --threads). Inherited through picocli's scope so they may appear before
 * or after the subcommand name.
 */
public final class GlobalOptions {
    static int verbosity;
    static Integer threads;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "More output; -vv for debug logging.")
    void setVerbose(boolean[] v) {
        verbosity = v.length;
        Logging.configure(verbosity);
    }

    @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "T",
            description = "Compute threads (default: all cores).")
    void setThreads(int t) {
        // Thrown from a setter, picocli reports it as a usage error; Main prints this message alone.
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + t);
        }
        threads = t;
    }

    /** Threads chosen on the command line, else the default. */
    public static int threads() {
        return threads != null ? threads : Backend.defaultThreads();
    }

    public static int verbosity() {
        return verbosity;
    }

    /**
     * Loads the compute backend with the chosen thread count and checks an explicit SMORE engine choice
     * ({@code -Despreso.smore.engine}). Commands that need tensors call it first.
     */
    public static void initBackend() {
        initBackend(-1);
    }

    /** {@link #initBackend()} with a native-memory bound allowing {@code heapBytes} of volumes ({@link Backend#setUp}). */
    public static void initBackend(long heapBytes) {
        Backend.setUp(threads(), heapBytes);
        try {
            Engine.current();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("-Despreso.smore.engine: " + e.getMessage(), e);
        }
    }
}
