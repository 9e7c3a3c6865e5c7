package org.espreso.estimator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.espreso.compute.Blas;

/**
 * An estimate made of independent runs ("members"): member j is the configuration with seed {@code seed + j} and
 * its own start (even members narrow, odd ones wide, {@link EstimatorConfig#memberStartFwhm}). The estimate is the
 * tap-wise median of the members' EMA profiles, renormalised; their FWHMs give its spread (docs/espreso.md).
 *
 * <p>Members run concurrently, each on {@code max(1, threads / members)} threads of its own, so a member's result
 * does not depend on how many run beside it: the estimate is the same for every thread count below twice the
 * member count. BLAS is switched to one thread once for the whole ensemble (the members' GEMMs run side by side),
 * not per call. With a checkpoint directory, member j checkpoints into {@code member-j/} and a finished member
 * leaves a final checkpoint, so {@code --resume} redoes only the unfinished ones.
 */
public final class Ensemble {
    private Ensemble() {
    }

    /** Threads each member's discriminator uses for an ensemble of {@code members} on {@code threads} threads. */
    public static int threadsPerMember(int members, int threads) {
        return Math.max(1, threads / members);
    }

    static EstimatorResult run(EstimatorConfig cfg, Estimator.Prepared prep, Estimator.Options opt,
                               Estimator.Listener listener, int threads) {
        int n = cfg.members();
        int per = threadsPerMember(n, threads);
        int workers = Math.max(1, Math.min(n, threads / per));
        Progress progress = new Progress(n, cfg.totalSteps(), listener);
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "espreso-member");
            t.setDaemon(true);
            return t;
        });
        Blas.enterSingleThreaded();
        long t0 = System.nanoTime();
        List<Future<EstimatorResult>> futures = new ArrayList<>();
        try {
            for (int j = 0; j < n; j++) {
                int member = j;
                futures.add(pool.submit(() -> runMember(cfg.member(member), prep, opt, member, per, progress)));
            }
            List<EstimatorResult> runs = new ArrayList<>();
            for (Future<EstimatorResult> f : futures) {
                runs.add(f.get());
            }
            return combine(cfg, runs, (System.nanoTime() - t0) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("ensemble member failed: " + e.getCause(), e.getCause());
        } finally {
            futures.forEach(f -> f.cancel(true));
            pool.shutdownNow();
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Blas.exitSingleThreaded();
        }
    }

    private static EstimatorResult runMember(EstimatorConfig mc, Estimator.Prepared prep, Estimator.Options opt, int j,
                                             int threads, Progress progress) {
        java.nio.file.Path dir = opt.checkpointDir() == null ? null : opt.checkpointDir().resolve("member-" + j);
        Estimator.Options mo = new Estimator.Options(opt.source(), opt.lrAxis(), opt.zeroNonFinite(), dir, opt.resume());
        Estimator.Session s = new Estimator.Session(mc, prep, mo, threads);
        EstimatorResult r = s.train((done, total, row) -> progress.step(j, done, total, row), Integer.MAX_VALUE);
        if (dir != null) {
            s.checkpoint();
        }
        return r;
    }

    /** The ensemble's result: members renumbered, the median profile as the estimate. */
    static EstimatorResult combine(EstimatorConfig cfg, List<EstimatorResult> runs, double wall) {
        List<EstimatorResult.Member> members = new ArrayList<>();
        double[][] profiles = new double[runs.size()][];
        for (int j = 0; j < runs.size(); j++) {
            EstimatorResult.Member m = runs.get(j).members().get(0);
            members.add(new EstimatorResult.Member(j, m.seed(), m.startFwhm(), m.ema(), m.ganIterations(), m.converged(),
                    m.wallSeconds(), m.lossRows()));
            profiles[j] = m.ema();
        }
        EstimatorResult first = runs.get(0);
        return new EstimatorResult(cfg, medianProfile(profiles), first.last(), first.geometry(), first.lrAxis(),
                first.inPlaneMm(), first.sliceMm(), wall, first.resumedFrom(), members);
    }

    /** Tap-wise median of equal-length profiles (mean of the middle two for an even count), renormalised to sum 1. */
    public static double[] medianProfile(double[][] profiles) {
        int k = profiles[0].length, n = profiles.length;
        double[] out = new double[k];
        double sum = 0;
        double[] col = new double[n];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                col[j] = profiles[j][i];
            }
            Arrays.sort(col);
            out[i] = n % 2 == 1 ? col[n / 2] : 0.5 * (col[n / 2 - 1] + col[n / 2]);
            sum += out[i];
        }
        for (int i = 0; i < k; i++) {
            out[i] /= sum;
        }
        return out;
    }

    /** Sums the members' steps into one progress report (a converged member's total shrinks to its steps). */
    private static final class Progress {
        private final int[] done, total;
        private final Estimator.Listener listener;

        Progress(int members, int steps, Estimator.Listener listener) {
            done = new int[members];
            total = new int[members];
            Arrays.fill(total, steps);
            this.listener = listener;
        }

        synchronized void step(int j, int d, int t, LossRow row) {
            done[j] = d;
            total[j] = t;
            listener.onStep(Arrays.stream(done).sum(), Arrays.stream(total).sum(), row);
        }
    }
}
