package org.espreso.estimator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.espreso.core.InvalidInputException;
import org.espreso.core.volume.ContentDigest;
import org.espreso.core.profile.Fwhm;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.model.EspresoModel;
import org.espreso.estimator.model.PatchGeometry;
import org.espreso.estimator.patch.PatchSampler;
import org.espreso.estimator.patch.Pick;
import org.espreso.estimator.patch.PreparedVolume;
import org.espreso.estimator.train.Adam;
import org.espreso.core.io.CheckpointIdentity;
import org.espreso.estimator.train.Checkpoint;
import org.espreso.core.train.OneCycle;
import org.espreso.core.train.Rng;

/**
 * Runs ESPRESO (docs/espreso.md) on one volume: input checks, patch sampling, warm-up to an impulse, then
 * the GAN loop — D step, G step on fresh batches, recompute k, EMA. Deterministic for a given seed and
 * thread count. The pipeline and the CLI both call {@link #run}.
 *
 * <p>Warm-up: the generator's Adam uses the configured beta1 (0.5) and the warm-up lr; its state (moments, step
 * count) carries over into the GAN phase ("same optimiser object"). The one-cycle schedule indexes GAN
 * iterations 0..iterations−1.
 */
public final class Estimator {
    /**
     * Columns of the loss log. phase: 0 warm-up, 1 GAN; iter counts within the phase; ema_fwhm_taps is the FWHM of the
     * EMA profile (the estimate), fwhm_taps that of the generator's current k.
     */
    public static final List<String> LOSS_COLUMNS = List.of("step", "phase", "iter", "lr", "beta1", "d_loss",
            "g_adv", "boundary", "centre", "peak", "smooth", "warmup_mse", "g_total", "ema_fwhm_taps", "fwhm_taps");

    private Estimator() {
    }

    /** Progress callback, called after every step on the training thread. */
    public interface Listener {
        void onStep(int done, int total, LossRow row);

        Listener NONE = (d, t, r) -> { };
    }

    /**
     * Where the input came from and how to treat it.
     *
     * @param source        input file (messages only)
     * @param lrAxis        LR axis or -1 for automatic
     * @param zeroNonFinite replace NaN/Inf voxels by 0 instead of failing
     * @param checkpointDir directory for checkpoints (null = none)
     * @param resume        continue from the checkpoint in {@code checkpointDir} when there is one
     */
    public record Options(Path source, int lrAxis, boolean zeroNonFinite, Path checkpointDir, boolean resume) {
        public static Options defaults() {
            return new Options(Path.of("<memory>"), -1, false, null, false);
        }

        public Options withLrAxis(int axis) {
            return new Options(source, axis, zeroNonFinite, checkpointDir, resume);
        }
    }

    /** Checks the input and returns the prepared volume and patch geometry without training. */
    public static Prepared prepare(EstimatorConfig cfg, Volume v, Options opt) {
        PreparedVolume pv = PreparedVolume.prepare(v, opt.source(), opt.lrAxis(), cfg.normaliseIntensity(),
                cfg.intensityLevel(), opt.zeroNonFinite());
        PatchGeometry geo;
        try {
            geo = PatchGeometry.of(pv.scale(), cfg.profileLength(), cfg.maxLrPatch(), pv.dims()[pv.lrAxis()],
                    cfg.symmetricMargins());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(opt.source(), e.getMessage());
        }
        int minLr = 1;
        for (int w : cfg.discWidths()) {
            minLr += w - 1;
        }
        if (geo.lr() < minLr) {
            throw InvalidInputException.of(opt.source(), "only " + pv.dims()[pv.lrAxis()] + " slices along axis "
                    + pv.lrAxis() + (geo.margin() > 0 ? " (" + geo.margin() + " kept clear at each end)" : "")
                    + "; the discriminator needs at least " + minLr);
        }
        PatchSampler sampler = PatchSampler.create(pv, geo, cfg.gradientSampler(), opt.source());
        String digest = ContentDigest.of(pv.dims(), new double[] {pv.lrAxis(), pv.inPlaneMm(), pv.sliceMm()}, pv.data());
        return new Prepared(pv, geo, sampler, digest);
    }

    /**
     * A checked input.
     *
     * @param inputDigest SHA-256 of the prepared voxels and geometry (LR axis, spacings): a checkpoint records it
     *                    and a resumed run on another image is refused
     */
    public record Prepared(PreparedVolume volume, PatchGeometry geometry, PatchSampler sampler, String inputDigest) {
    }

    public static EstimatorResult run(EstimatorConfig cfg, Volume v, Options opt, Listener listener) {
        return run(cfg, prepare(cfg, v, opt), opt, listener);
    }

    /**
     * Runs the configured estimate: one run, or an ensemble of {@link EstimatorConfig#members()} runs (see
     * {@link Ensemble}) on the default thread count.
     */
    public static EstimatorResult run(EstimatorConfig cfg, Prepared prep, Options opt, Listener listener) {
        return run(cfg, prep, opt, listener, org.espreso.compute.Backend.defaultThreads());
    }

    /** As {@link #run(EstimatorConfig, Prepared, Options, Listener)} on {@code threads} compute threads. */
    public static EstimatorResult run(EstimatorConfig cfg, Prepared prep, Options opt, Listener listener, int threads) {
        if (cfg.members() > 1) {
            return Ensemble.run(cfg, prep, opt, listener, threads);
        }
        return new Session(cfg, prep, opt, threads).train(listener, Integer.MAX_VALUE);
    }

    /**
     * One run, step by step: model, optimisers, sampler and state ({@link #run} drives it to convergence; an
     * ensemble runs one per member; bench/espreso times its steps).
     */
    public static final class Session {
        private final EstimatorConfig cfg;
        private final Prepared prep;
        private final Options opt;
        private final EspresoModel model;
        private final Adam adamG, adamD;
        private final OneCycle cycle;
        private Rng rng;
        private double[] ema;
        private final List<double[]> rows = new ArrayList<>();
        /** EMA profiles at every convergence check (GAN iterations that are multiples of the check interval). */
        private final List<double[]> snapshots = new ArrayList<>();
        private int step;
        private int resumedFrom;
        private boolean converged;
        /** The constant-schedule lr now (lowered on each passed convergence test) and the iteration it began. */
        private double lrNow;
        private int levelStart;
        private final float[] fakeScratch, realScratch;

        public Session(EstimatorConfig cfg, Prepared prep, Options opt) {
            this(cfg, prep, opt, org.espreso.compute.Backend.defaultThreads());
        }

        /** @param threads threads of this run's discriminator shards (an ensemble member runs on one) */
        public Session(EstimatorConfig cfg, Prepared prep, Options opt, int threads) {
            if (cfg.members() != 1) {
                throw new IllegalArgumentException("a session is one run; use Estimator.run for an ensemble");
            }
            this.cfg = cfg;
            this.prep = prep;
            this.opt = opt;
            Rng init = new Rng(cfg.seed());
            PatchGeometry geo = prep.geometry();
            model = new EspresoModel(cfg, geo, cfg.batchSize(), init, threads);
            rng = init.split();
            adamG = new Adam(model.generatorParameters(), cfg.beta2(), cfg.genWeightDecay(), cfg.clipValue());
            adamD = new Adam(model.discriminatorParameters(), cfg.beta2(), 0, 0);
            cycle = cfg.oneCycle() && cfg.iterations() >= 2 ? new OneCycle(cfg.iterations(), cfg.lr(), cfg.pctStart(),
                    cfg.divFactor(), cfg.finalDivFactor(), cfg.maxMomentum(), cfg.baseMomentum()) : null;
            lrNow = cfg.lr();
            int n = cfg.batchSize() * geo.lr() * geo.patchLength();
            fakeScratch = new float[n];
            realScratch = new float[n];
            if (opt.resume() && opt.checkpointDir() != null && Checkpoint.existsIn(opt.checkpointDir())) {
                restore();
            }
        }

        public EspresoModel model() {
            return model;
        }

        public int step() {
            return step;
        }

        private void fill(boolean real, org.nd4j.linalg.api.ndarray.INDArray target, float[] scratch, boolean rowsLayout) {
            PatchGeometry g = prep.geometry();
            float[] data = prep.volume().data();
            for (int b = 0; b < cfg.batchSize(); b++) {
                Pick p = prep.sampler().next(rng, real);
                if (rowsLayout) {
                    p.writeRows(data, scratch, b, g.patchLength(), g.lr());
                } else {
                    p.writeColumns(data, scratch, b, cfg.batchSize(), g.patchLength(), g.lr());
                }
            }
            target.data().asNioFloat().put(0, scratch, 0, scratch.length);
        }

        private double lrAt(int t) {
            return cycle != null ? cycle.lr(t) : lrNow;
        }

        private double beta1At(int t) {
            return cycle != null ? cycle.beta1(t) : cfg.beta1();
        }

        /**
         * Runs steps until {@code until} (warm-up steps included), the maximum budget, or convergence; returns the
         * result.
         */
        public EstimatorResult train(Listener listener, int until) {
            long t0 = System.nanoTime();
            int total = cfg.totalSteps();
            int end = Math.min(until, total);
            while (step < end && !converged) {
                if (Thread.currentThread().isInterrupted()) {
                    // an ensemble whose other member failed stops this one at the next step
                    throw new IllegalStateException("estimate interrupted at step " + step);
                }
                rows.add(oneStep());
                step++;
                converged = checkConvergence();
                listener.onStep(step, converged ? step : total, LossRow.of(rows.get(rows.size() - 1)));
                if (opt.checkpointDir() != null && cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0
                        && step < total && !converged) {
                    checkpoint();
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double[] k = toDouble(model.profile());
            double[] e = ema == null ? k : ema.clone();
            int gan = Math.max(0, step - cfg.warmupIterations());
            EstimatorResult.Member m = new EstimatorResult.Member(0, cfg.seed(), cfg.startFwhm(), e, gan,
                    converged || cfg.convergenceWindow() == 0 && step >= total, wall, List.copyOf(rows));
            return new EstimatorResult(cfg, e, k, prep.geometry(), prep.volume().lrAxis(), prep.volume().inPlaneMm(),
                    prep.volume().sliceMm(), wall, resumedFrom, List.of(m));
        }

        /** Whether the run has stopped: true once the convergence test passed (a resumed finished run stays so). */
        public boolean converged() {
            return converged;
        }

        /** Iterations between convergence checks: a quarter window. */
        static int checkInterval(int window) {
            return Math.max(1, window / 4);
        }

        /**
         * At every check (GAN iterations that are multiples of a quarter window) the EMA profile is kept; the run has
         * converged when, at this check and at the one before, the EMA's FWHM and every tap differ from the EMA one
         * window earlier by at most the tolerances, and at least two windows have run. Two checks in a row keep a
         * turning point of a slow oscillation, where the drift passes zero once, from counting as convergence.
         */
        private boolean checkConvergence() {
            int w = cfg.convergenceWindow();
            int t = step - cfg.warmupIterations() - levelStart;
            if (w == 0 || t <= 0 || t % checkInterval(w) != 0) {
                return false;
            }
            snapshots.add(ema.clone());
            if (!stillAt(t)) {
                return false;
            }
            if (aboveFloor()) {
                // Still at this lr: anneal one level and test again from here.
                lrNow = Math.max(cfg.lrFloor(), lrNow * cfg.lrDecay());
                levelStart = step - cfg.warmupIterations();
                snapshots.clear();
                return false;
            }
            return true;
        }

        /** Whether the run has stopped, from the restored state: the last kept snapshot passed at the floor lr. */
        private boolean convergedAt(int t) {
            return t > 0 && cfg.convergenceWindow() > 0 && t % checkInterval(cfg.convergenceWindow()) == 0
                    && !snapshots.isEmpty() && stillAt(t) && !aboveFloor();
        }

        /** Whether a passed test lowers the lr instead of ending the run (constant schedule, lr above the floor). */
        private boolean aboveFloor() {
            return cycle == null && cfg.lrDecay() < 1 && lrNow > cfg.lrFloor() * (1 + 1e-9);
        }

        /**
         * The drift test at iteration {@code t} of the current lr level, whose snapshot is the last one kept: the EMA
         * one window earlier, and at the check before, within the tolerances.
         */
        private boolean stillAt(int t) {
            int w = cfg.convergenceWindow();
            int back = w / checkInterval(w);
            if (t < EstimatorConfig.minimumIterations(w) || snapshots.size() < back + 2) {
                return false;
            }
            int n = snapshots.size() - 1;
            return still(snapshots.get(n), snapshots.get(n - back)) && still(snapshots.get(n - 1), snapshots.get(n - 1 - back));
        }

        private boolean still(double[] now, double[] before) {
            if (Math.abs(Fwhm.of(now) - Fwhm.of(before)) > cfg.fwhmTolerance()) {
                return false;
            }
            for (int i = 0; i < now.length; i++) {
                if (Math.abs(now[i] - before[i]) > cfg.profileTolerance()) {
                    return false;
                }
            }
            return true;
        }

        /** One optimiser step (warm-up or GAN iteration); returns its loss-log row. */
        public double[] oneStep() {
            int warm = cfg.warmupIterations();
            double[] row = new double[LOSS_COLUMNS.size()];
            java.util.Arrays.fill(row, Double.NaN);
            row[0] = step;
            if (step < warm) {
                fill(false, model.warmupInput(), fakeScratch, true);
                EspresoModel.StepResult r = model.generatorGradients(false, new double[] {0, 0, 0, 0, 1}, true);
                adamG.step(r.gradients(), cfg.warmupLr(), cfg.beta1());
                double[] regs = model.lastRegs();
                row[1] = 0;
                row[2] = step;
                row[3] = cfg.warmupLr();
                row[4] = cfg.beta1();
                System.arraycopy(regs, 0, row, 7, regs.length);
                row[12] = regs[4];
            } else {
                int t = step - warm;
                if (t == 0 && cfg.freshGanOptimiser()) {
                    adamG.reset();
                }
                double lr = lrAt(t), b1 = beta1At(t);
                fill(false, model.fakeInput(), fakeScratch, false);
                fill(true, model.realInput(), realScratch, true);
                EspresoModel.StepResult d = model.discriminatorGradients();
                adamD.step(d.gradients(), lr, b1);
                fill(false, model.fakeInput(), fakeScratch, false);
                fill(true, model.realInput(), realScratch, true);
                double[] w = {cfg.boundaryWeight(), cfg.centreWeight(), cfg.peakWeight(),
                        t < cfg.smoothIterations() ? cfg.smoothWeight() : 0, 0};
                EspresoModel.StepResult g = model.generatorGradients(true, w, false);
                adamG.step(g.gradients(), lr * cfg.genLrScale(), b1);
                double[] regs = model.lastRegs();
                row[1] = 1;
                row[2] = t;
                row[3] = lr;
                row[4] = b1;
                row[5] = d.loss();
                row[6] = -g.loss();
                System.arraycopy(regs, 0, row, 7, regs.length);
                double tot = row[6];
                for (int i = 0; i < 4; i++) {
                    tot += w[i] * regs[i];
                }
                row[12] = tot;
            }
            float[] k = model.syncProfile();
            if (ema == null) {
                ema = toDouble(k);
            } else {
                double b = cfg.emaBeta();
                for (int i = 0; i < k.length; i++) {
                    ema[i] = b * ema[i] + (1 - b) * k[i];
                }
            }
            row[13] = Fwhm.of(ema);
            row[14] = Fwhm.of(toDouble(k));
            return row;
        }

        private static double[] toDouble(float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }

        /**
         * The run's identity as a resume compares it: the input and every hyper-parameter, not the operational
         * checkpoint interval (a resumed run may checkpoint more or less often and still continue the same trajectory).
         */
        private CheckpointIdentity identity() {
            var m = cfg.toMap();
            m.remove("checkpointEvery");
            return CheckpointIdentity.of(prep.inputDigest(), m);
        }

        public void checkpoint() {
            try {
                new Checkpoint(identity(), step, rng.state(), ema, rows, snapshots, new double[] {lrNow, levelStart}, model.state(),
                        new Checkpoint.OptState(adamG.stepCount(), adamG.firstMoments(), adamG.secondMoments()),
                        new Checkpoint.OptState(adamD.stepCount(), adamD.firstMoments(), adamD.secondMoments()))
                        .write(opt.checkpointDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoint in " + opt.checkpointDir(), e);
            }
        }

        private void restore() {
            Checkpoint c = Checkpoint.read(opt.checkpointDir());
            identity().requireResumableFrom(c.identity(), opt.checkpointDir().resolve(Checkpoint.DIR), opt.source());
            model.restore(c.model());
            adamG.restore(c.gen().step(), c.gen().m(), c.gen().v());
            adamD.restore(c.disc().step(), c.disc().m(), c.disc().v());
            rng = Rng.ofState(c.rngState());
            ema = c.ema() == null ? null : c.ema().clone();
            rows.clear();
            rows.addAll(c.rows());
            snapshots.clear();
            snapshots.addAll(c.snapshots());
            step = c.step();
            resumedFrom = step;
            lrNow = c.schedule()[0];
            levelStart = (int) c.schedule()[1];
            converged = convergedAt(step - cfg.warmupIterations() - levelStart);
        }
    }
}
