package org.espreso.smore;

import org.espreso.core.train.Rng;
import org.espreso.core.train.OneCycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.espreso.core.InvalidInputException;
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

    public void saveCheckpoint(Path dir) {
        syncParams();
        Map<String, INDArray[]> moments = new LinkedHashMap<>();
        for (String n : net.paramNames()) {
            moments.put(n, training.moments(n));
        }
        ObjectNode state = ModelStore.newState();
        state.put("step", step);
        state.put("rng", rng.state());
        state.put("steps", cfg.steps());
        state.put("batch", cfg.batchSize());
        state.put("patch", sampler.patch());
        state.put("seed", cfg.seed());
        state.put("max_lr", cfg.maxLr());
        state.put("input_sha256", sampler.inputDigest());
        state.put("kernel", java.util.Arrays.toString(kernel.taps()));
        try {
            ModelStore.save(model(), dir, moments, state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir, e);
        }
    }

    /**
     * Continues from a checkpoint written with the same settings. Returns false when {@code dir} holds no
     * checkpoint; refuses one written for other settings.
     */
    public boolean resumeFrom(Path dir) {
        if (!Files.isRegularFile(dir.resolve(ModelStore.STATE))) {
            return false;
        }
        try {
            ObjectNode st = ModelStore.loadState(dir);
            SmoreModel saved = ModelStore.load(dir);
            String mismatch = null;
            if (!st.path("input_sha256").asText().equals(sampler.inputDigest())) {
                mismatch = "it was made on another input image or LR axis";
            } else if (!st.path("kernel").asText().equals(java.util.Arrays.toString(kernel.taps()))) {
                mismatch = "the blur kernel (slice profile) differs";
            } else if (st.get("steps").asInt() != cfg.steps() || st.get("batch").asInt() != cfg.batchSize()
                    || st.get("patch").asInt() != sampler.patch() || st.get("seed").asLong() != cfg.seed()
                    || st.get("max_lr").asDouble() != cfg.maxLr()) {
                mismatch = "the training settings differ";
            } else if (Math.abs(saved.scale() - sampler.scale()) > 1e-6 * sampler.scale()
                    || saved.network().channels() != net.channels() || saved.network().blocks() != net.blocks()) {
                mismatch = "the network or scale differs";
            }
            if (mismatch != null) {
                throw InvalidInputException.of(dir, "checkpoint does not match this run: " + mismatch
                        + "; resume with the same input and settings, or remove it and run without --resume");
            }
            Map<String, INDArray[]> moments = ModelStore.loadAdam(dir, net);
            training.restore(saved.network().params(), moments, st.get("step").asInt());
            step = st.get("step").asInt();
            rng.setState(st.get("rng").asLong());
            return true;
        } catch (IOException e) {
            throw InvalidInputException.of(dir, "cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    public void close() {
        training.close();
    }
}
