package org.espreso.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Single-threaded BLAS sections nest and overlap: BLAS is restored only when the last one ends. */
class BlasSectionsTest {
    @Test
    void overlappingSectionsRestoreTheCountOnlyAtTheLastExit() throws Exception {
        Backend.init(1);
        assertTrue(Blas.direct(), "the CPU build calls OpenBLAS directly");
        Blas.setThreads(2);
        try {
            Blas.enterSingleThreaded();
            assertEquals(1, Blas.threads());
            Blas.enterSingleThreaded();
            Blas.exitSingleThreaded();
            assertEquals(1, Blas.threads(), "a nested section's exit leaves the outer one single-threaded");
            // Another thread's section starts inside this one and ends after it (two cells learning at once).
            CountDownLatch entered = new CountDownLatch(1), outerDone = new CountDownLatch(1);
            int[] seen = new int[2];
            Thread other = new Thread(() -> {
                Blas.enterSingleThreaded();
                entered.countDown();
                try {
                    outerDone.await();
                    seen[0] = Blas.threads();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    Blas.exitSingleThreaded();
                    seen[1] = Blas.threads();
                }
            });
            other.start();
            entered.await();
            Blas.exitSingleThreaded();
            outerDone.countDown();
            other.join();
            assertEquals(1, seen[0], "still single-threaded while the other section runs");
            assertEquals(2, seen[1], "restored when the last section ends");
            assertThrows(IllegalStateException.class, Blas::exitSingleThreaded);
        } finally {
            Blas.setThreads(1);
        }
    }
}
