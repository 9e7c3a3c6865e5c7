package org.espreso.smore;

import java.io.OutputStream;
import java.io.PrintStream;

/** Runs code with {@code System.out} silenced: SameDiff prints graph-building chatter straight to stdout. */
final class Quiet {
    private Quiet() {
    }

    static synchronized void run(Runnable r) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
    }
}
