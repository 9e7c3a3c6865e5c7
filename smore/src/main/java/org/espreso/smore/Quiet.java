package org.espreso.smore;

import java.io.PrintStream;

/**
 * Runs SameDiff's gradient-graph construction without its chatter: ND4J prints one "Added differentiated op ..."
 * line per op straight to {@code System.out}, unconditionally. While {@code r} runs, {@code System.out} is a stream
 * that drops exactly those lines and passes everything else through, so output of other threads (progress, results)
 * is never lost. Only the first training step builds the graph.
 */
final class Quiet {
    /** What ND4J prints per differentiated op. */
    static final String CHATTER = "Added differentiated op ";

    private Quiet() {
    }

    static synchronized void run(Runnable r) {
        PrintStream old = System.out;
        System.setOut(new Filter(old));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
    }

    /** {@code System.out} less ND4J's chatter lines. */
    static final class Filter extends PrintStream {
        Filter(PrintStream target) {
            super(target, true);
        }

        @Override
        public void println(String x) {
            if (x == null || !x.startsWith(CHATTER)) {
                super.println(x);
            }
        }
    }
}
