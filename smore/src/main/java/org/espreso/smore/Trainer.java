package org.espreso.smore;

import org.espreso.core.train.Rng;
import org.espreso.core.train.OneCycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.espreso.core.io.CheckpointIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training loop (docs/smore.md): L1 loss, Adam (beta2 0.999, eps 1e-8, no weight decay) with the one-cycle
 * learning rate and beta1 of {@link OneCycle}, batches from {@link PairSampler}, on the process's {@link Engine}.
 * Checkpoints hold parameters, Adam moments, the step count and the sampler's RNG state, so a resumed run
 * continues the same trajectory.
 */
public final class Trainer {
    private static final long INIT_STREAM = 0x5EEDC0FFEEL;

    private final SmoreConfig cfg;
    private final PairSampler sampler;
    private final Wdsr net;
    private final Rng rng;
    private final BlurKernel kernel;
    private final Engine engine;
    private final WdsrTraining training;
    private final OneCycle schedule;
    private final float[] lrBuf;
    private final float[] hrBuf;
    /** Steps between loss evaluations where the engine must pay for them (a forward pass, a third of a step). */
    public static final int LOSS_EVERY = 25;
    private int step;
    private double lastLoss = Double.NaN;

    public Trainer(SmoreConfig cfg, PairSampler sampler, BlurKernel kernel) {
        this(cfg, sampler, kernel, Engine.current());
    }

    public Trainer(SmoreConfig cfg, PairSampler sampler, BlurKernel kernel, Engine engine) {
        this.cfg = cfg;
        this.sampler = sampler;
        this.kernel = kernel;
        this.engine = engine;
        this.net = new Wdsr(cfg.channels(), cfg.blocks(), sampler.factor()).initialise(Rng.ofState(cfg.seed() ^ INIT_STREAM));
        this.rng = Rng.ofState(cfg.seed());
        this.schedule = OneCycle.standard(cfg.steps(), cfg.maxLr());
        int b = cfg.batchSize(), p = sampler.patch();
        this.training = engine.training(net, b, sampler.inRows(), p);
        this.lrBuf = new float[b * sampler.inRows() * p];
        this.hrBuf = new float[b * sampler.hrRows() * p];
    }

    public int step() {
        return step;
    }

    public double lastLoss() {
        return lastLoss;
    }

    public Wdsr network() {
        return net;
    }

    /** One optimisation step; returns its L1 loss (NaN on steps where the engine does not measure it). */
    public double trainStep() {
        sampler.fill(rng, cfg.batchSize(), lrBuf, hrBuf);
        boolean want = step % LOSS_EVERY == 0 || step == cfg.steps() - 1;
        double loss = training.step(lrBuf, hrBuf, schedule.lr(step), schedule.beta1(step), want);
        step++;
        if (!Double.isNaN(loss)) {
            lastLoss = loss;
        }
        return loss;
    }

    /** Trains to {@code cfg.steps()}, reporting and checkpointing, and returns the model. */
    public SmoreModel run(SmoreListener listener) {
        listener.trainingStarted(step, cfg.steps(), String.format(
                "WDSR C=%d B=%d f=%d, %d params; batch %d x %dx%d LR (HR %dx%d), kernel %s; %s engine",
                net.channels(), net.blocks(), net.factor(), net.parameterCount(), cfg.batchSize(), sampler.inRows(),
                sampler.patch(), sampler.hrRows(), sampler.patch(), kernel.source(), engine.label()));
        while (step < cfg.steps()) {
            double lr = schedule.lr(step);
            boolean measured = step % LOSS_EVERY == 0 || step == cfg.steps() - 1;
            double loss = trainStep();
            if ((measured || !Double.isNaN(loss)) && !Double.isFinite(loss)) {
                throw new IllegalStateException("training diverged at step " + step + " (loss " + loss + ")");
            }
            listener.stepDone(step, cfg.steps(), lastLoss, lr);
            if (cfg.checkpointDir() != null && step % cfg.checkpointEvery() == 0 && step < cfg.steps()) {
                saveCheckpoint(cfg.checkpointDir());
                listener.checkpointSaved(step, cfg.checkpointDir());
            }
        }
        syncParams();
        return model();
    }

    public SmoreModel model() {
        syncParams();
        return new SmoreModel(net, sampler.scale(), kernel, step, cfg.seed());
    }

    /** Makes the network's parameter map point at the graph's (trained) arrays. */
    private void syncParams() {
        for (String n : net.paramNames()) {
            INDArray a = training.param(n);
            if (a != null && a != net.params().get(n)) {
                net.params().put(n, a);
            }
        }
    }

    /**
     * What a resume compares: the input, the kernel and every training setting that shapes the trajectory (not
     * the operational checkpoint interval or thread count).
     */
    private CheckpointIdentity identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", cfg.steps());
        m.put("batch", cfg.batchSize());
        m.put("patch", sampler.patch());
        m.put("seed", cfg.seed());
        m.put("max_lr", cfg.maxLr());
        m.put("kernel", kernel.taps());
        m.put("scale", sampler.scale());
        m.put("channels", net.channels());
        m.put("blocks", net.blocks());
        return CheckpointIdentity.of(sampler.inputDigest(), m);
    }

    public void saveCheckpoint(Path dir) {
        syncParams();
        Map<String, INDArray[]> moments = new LinkedHashMap<>();
        for (String n : net.paramNames()) {
            moments.put(n, training.moments(n));
        }
        try {
            ModelStore.saveCheckpoint(model(), new ModelStore.TrainingState(identity(), step, rng.state(), moments), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir, e);
        }
    }

    /**
     * Continues from a checkpoint written with the same settings. Returns false when {@code dir} holds no
     * checkpoint; refuses, in one line naming the difference, one written for another input or other settings.
     */
    public boolean resumeFrom(Path dir) {
        if (!ModelStore.hasCheckpoint(dir)) {
            return false;
        }
        var saved = ModelStore.loadCheckpoint(dir);
        ModelStore.TrainingState st = saved.getValue();
        identity().requireResumableFrom(st.identity(), dir);
        training.restore(saved.getKey().network().params(), st.moments(), st.step());
        step = st.step();
        rng.setState(st.rngState());
        return true;
    }

    public void close() {
        training.close();
    }
}
