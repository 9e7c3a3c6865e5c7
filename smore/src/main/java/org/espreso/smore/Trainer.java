package org.espreso.smore;

import org.espreso.core.train.Rng;
import org.espreso.core.train.OneCycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.espreso.core.InvalidInputException;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The training loop (SMORE.md §4): L1 loss, Adam (beta2 0.999, eps 1e-8, no weight decay) with the one-cycle
 * learning rate and beta1 of {@link OneCycle}, batches from {@link PairSampler}. Input arrays are allocated once and
 * refilled each step (ND4J frees native memory only when the Java GC runs). Checkpoints hold parameters, Adam
 * moments, the step count and the sampler's RNG state, so a resumed run continues the same trajectory.
 */
public final class Trainer {
    private static final long INIT_STREAM = 0x5EEDC0FFEEL;

    private final SmoreConfig cfg;
    private final PairSampler sampler;
    private final Wdsr net;
    private final Rng rng;
    private final BlurKernel kernel;
    private final SameDiff sd;
    private final Adam adam;
    private final OneCycle schedule;
    private final INDArray lrArr;
    private final INDArray hrArr;
    private final float[] lrBuf;
    private final float[] hrBuf;
    /** Steps between loss evaluations (each costs a forward pass, a third of a step). */
    public static final int LOSS_EVERY = 25;
    /** Steps between explicit garbage collections (native memory of dropped arrays). */
    public static final int GC_EVERY = 10;
    private int step;
    private int startedAt = 0;
    private double lastLoss = Double.NaN;

    public Trainer(SmoreConfig cfg, PairSampler sampler, BlurKernel kernel) {
        this.cfg = cfg;
        this.sampler = sampler;
        this.kernel = kernel;
        this.net = new Wdsr(cfg.channels(), cfg.blocks(), sampler.factor()).initialise(Rng.ofState(cfg.seed() ^ INIT_STREAM));
        this.rng = Rng.ofState(cfg.seed());
        this.schedule = OneCycle.standard(cfg.steps(), cfg.maxLr());
        int b = cfg.batchSize(), p = sampler.patch();
        this.sd = net.graph(b, sampler.inRows(), p, true);
        this.adam = new Adam(schedule.lr(0), schedule.beta1(0), 0.999, 1e-8);
        sd.setTrainingConfig(TrainingConfig.builder().updater(adam).dataSetFeatureMapping("lr")
                .dataSetLabelMapping("hr").minimize(true).build());
        this.lrArr = Nd4j.create(DataType.FLOAT, b, 1, sampler.inRows(), p);
        this.hrArr = Nd4j.create(DataType.FLOAT, b, 1, sampler.hrRows(), p);
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

    /** One optimisation step; returns its L1 loss. */
    public double trainStep() {
        sampler.fill(rng, cfg.batchSize(), lrBuf, hrBuf);
        lrArr.data().asNioFloat().put(lrBuf, 0, lrBuf.length);
        hrArr.data().asNioFloat().put(hrBuf, 0, hrBuf.length);
        adam.setLearningRate(schedule.lr(step));
        adam.setBeta1(schedule.beta1(step));
        MultiDataSet mds = new MultiDataSet(new INDArray[] {lrArr}, new INDArray[] {hrArr});
        // SameDiff's fit skips the forward ops that the gradient does not need, the loss itself among them; a
        // forward pass every LOSS_EVERY steps measures it (on this batch, before the update).
        double loss = Double.NaN;
        if (step % LOSS_EVERY == 0 || step == cfg.steps() - 1) {
            INDArray l = sd.output(Map.of("lr", lrArr, "hr", hrArr), "loss").get("loss");
            loss = l.getDouble(0);
            l.close();
        }
        if (step == startedAt) {
            // SameDiff prints "Added differentiated op ..." to stdout while it builds the gradient graph.
            Quiet.run(() -> sd.fit(mds));
        } else {
            sd.fit(mds);
        }
        step++;
        if (step % GC_EVERY == 0) {
            // Unreachable INDArrays free their native memory only when collected; the Java heap stays small, so
            // without this the process grows by gigabytes (JAVA-STACK.md). A collection costs milliseconds.
            System.gc();
        }
        if (!Double.isNaN(loss)) {
            lastLoss = loss;
        }
        return loss;
    }

    /** Trains to {@code cfg.steps()}, reporting and checkpointing, and returns the model. */
    public SmoreModel run(SmoreListener listener) {
        listener.trainingStarted(step, cfg.steps(), String.format(
                "WDSR C=%d B=%d f=%d, %d params; batch %d x %dx%d LR (HR %dx%d), kernel %s",
                net.channels(), net.blocks(), net.factor(), net.parameterCount(), cfg.batchSize(), sampler.inRows(),
                sampler.patch(), sampler.hrRows(), sampler.patch(), kernel.source()));
        while (step < cfg.steps()) {
            double lr = schedule.lr(step);
            boolean measured = step % LOSS_EVERY == 0 || step == cfg.steps() - 1;
            double loss = trainStep();
            if (measured && !Double.isFinite(loss)) {
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
            INDArray a = sd.getArrForVarName(n);
            if (a != null) {
                net.params().put(n, a);
            }
        }
    }

    public void saveCheckpoint(Path dir) {
        syncParams();
        Map<String, INDArray[]> moments = new LinkedHashMap<>();
        Map<String, GradientUpdater> ups = sd.getUpdaterMap();
        for (String n : net.paramNames()) {
            GradientUpdater u = ups == null ? null : ups.get(n);
            if (u == null) {
                long[] sh = net.shapeOf(n);
                moments.put(n, new INDArray[] {Nd4j.zeros(DataType.FLOAT, sh), Nd4j.zeros(DataType.FLOAT, sh)});
            } else {
                Map<String, INDArray> st = u.getState();
                moments.put(n, new INDArray[] {st.get("M").reshape(net.shapeOf(n)), st.get("V").reshape(net.shapeOf(n))});
            }
        }
        ObjectNode state = ModelStore.newState();
        state.put("step", step);
        state.put("rng", rng.state());
        state.put("steps", cfg.steps());
        state.put("batch", cfg.batchSize());
        state.put("patch", sampler.patch());
        state.put("seed", cfg.seed());
        state.put("max_lr", cfg.maxLr());
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
            if (st.get("steps").asInt() != cfg.steps() || st.get("batch").asInt() != cfg.batchSize()
                    || st.get("patch").asInt() != sampler.patch() || st.get("seed").asLong() != cfg.seed()
                    || st.get("max_lr").asDouble() != cfg.maxLr()) {
                mismatch = "training settings differ";
            } else if (Math.abs(saved.scale() - sampler.scale()) > 1e-6 * sampler.scale()
                    || saved.network().channels() != net.channels() || saved.network().blocks() != net.blocks()) {
                mismatch = "network or scale differs";
            }
            if (mismatch != null) {
                throw InvalidInputException.of(dir, "checkpoint does not match this run (" + mismatch
                        + "); remove it or run without --resume");
            }
            Map<String, INDArray[]> moments = ModelStore.loadAdam(dir, net);
            for (String n : net.paramNames()) {
                sd.getArrForVarName(n).assign(saved.network().params().get(n));
            }
            initialiseUpdaters();
            for (String n : net.paramNames()) {
                Map<String, INDArray> s = sd.getUpdaterMap().get(n).getState();
                s.get("M").assign(moments.get(n)[0].reshape(s.get("M").shape()));
                s.get("V").assign(moments.get(n)[1].reshape(s.get("V").shape()));
            }
            step = st.get("step").asInt();
            rng.setState(st.get("rng").asLong());
            sd.getTrainingConfig().setIterationCount(step);
            startedAt = step;
            return true;
        } catch (IOException e) {
            throw InvalidInputException.of(dir, "cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    /** SameDiff creates the updater state lazily on the first fit; resuming needs it before. */
    private void initialiseUpdaters() {
        try {
            Method m = SameDiff.class.getDeclaredMethod("initializeTraining");
            m.setAccessible(true);
            m.invoke(sd);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot initialise SameDiff training state", e);
        }
    }

    public void close() {
        lrArr.close();
        hrArr.close();
    }
}
