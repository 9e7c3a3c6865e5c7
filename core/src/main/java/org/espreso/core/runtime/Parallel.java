package org.espreso.core.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Data-parallel loops on the process's thread count ({@link Threads#defaultThreads()}, what {@code --threads} sets)
 * rather than on the common fork-join pool, which is sized by the machine's cores and ignores it.
 */
public final class Parallel {
    private static final Map<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private Parallel() {
    }

    /** The thread count loops run on. */
    public static int threads() {
        return Threads.defaultThreads();
    }

    /** Runs {@code body(i)} for every i in [0, n), independent iterations, on {@link #threads()} threads. */
    public static void forEach(int n, IntConsumer body) {
        int t = threads();
        if (t <= 1 || n <= 1) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        ForkJoinPool pool = POOLS.computeIfAbsent(t, ForkJoinPool::new);
        // A parallel stream started inside a pool's task runs on that pool.
        await(pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)));
    }

    /** The task's result; its own unchecked failure is rethrown as is (the pools' one way to report a failure). */
    public static <T> T await(java.util.concurrent.Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("task failed: " + c, c);
        }
    }
}
