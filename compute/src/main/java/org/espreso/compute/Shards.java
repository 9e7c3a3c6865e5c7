package org.espreso.compute;

import org.espreso.core.runtime.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs independent shards of one computation concurrently, one per compute thread, with BLAS single-threaded
 * while they run ({@link Blas#enterSingleThreaded()}, which overlapping callers share). Many small GEMMs side by side keep the cores busier than one multi-threaded GEMM after another
 * (measured for the discriminator and the WDSR passes on 2 cores). Shard 0 runs on the caller's thread; results
 * come back in shard order, so whatever the caller sums from them is deterministic for a given shard count.
 */
public final class Shards {
    /** Shard threads beyond the caller's; daemon, shared by every user in the process. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "espreso-shard");
        t.setDaemon(true);
        return t;
    });

    private Shards() {
    }

    /** Runs {@code task.apply(i)} for i in [0, n) and returns the results in order. */
    public static <T> List<T> run(int n, IntFunction<T> task) {
        List<T> out = new ArrayList<>(n);
        if (n == 1) {
            out.add(task.apply(0));
            return out;
        }
        List<Future<T>> parts = new ArrayList<>();
        Blas.enterSingleThreaded();
        try {
            for (int i = 1; i < n; i++) {
                int k = i;
                parts.add(POOL.submit((Callable<T>) () -> task.apply(k)));
            }
            T first;
            try {
                first = task.apply(0);
            } finally {
                for (Future<T> f : parts) {
                    waitQuietly(f);
                }
            }
            out.add(first);
            for (Future<T> f : parts) {
                out.add(Parallel.await(f));
            }
            return out;
        } finally {
            Blas.exitSingleThreaded();
        }
    }

    /** Waits for a shard without failing, so no shard still runs when the caller sees an exception. */
    private static void waitQuietly(Future<?> f) {
        try {
            f.get();
        } catch (Exception ignored) {
            // reported by the caller's own get()
        }
    }
}
