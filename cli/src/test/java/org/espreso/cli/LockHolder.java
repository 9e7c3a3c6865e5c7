package org.espreso.cli;

import org.espreso.core.io.OutputLock;

/** Test helper run as a separate process: holds the output lock of args[0] until its stdin closes. */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (OutputLock lock = OutputLock.acquire(java.nio.file.Path.of(args[0]), "lock holder (test)")) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our stdin
            }
        }
    }
}
