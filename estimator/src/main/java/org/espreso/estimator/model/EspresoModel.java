package org.espreso.estimator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.core.train.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The networks of ESPRESO (docs/espreso.md) and their parameters.
 *
 * <h2>Generator</h2>
 * {@link Generator}: a learnable embedding E (length {@code K + n(w−1)}, 256 channels, [L, C]) → n valid convs of
 * width 3 (ReLU between them for {@code release}) → K logits → (symmetrise) → softmax → k, with hand-written
 * passes. Its loss is {@code Σ k·g + w·[boundary, centre, peak, smooth, warmupMse]} ({@link Regularisers}), where
 * {@code g} is the upstream gradient dL_G/dk delivered by the discriminator and {@code w} the weights of the
 * step, so one backward pass serves the warm-up and the GAN steps (chain rule through dL/dk).
 *
 * <h2>Degradation and discriminator</h2>
 * Written by hand on ND4J GEMMs ({@link Degradation}, {@link Discriminator}): fake and real patches share one
 * discriminator pass of 2B samples, all arrays are allocated once. The D step needs the gradients of the D
 * weights, the G step only dL_D/dk; since {@code L_G,adv = −L_D} (minimax form), the generator receives
 * {@code g = −dL_D/dk}. The generator's k is copied into the degradation after every generator update.
 *
 * <h2>Spectral normalisation</h2>
 * As PyTorch's {@code spectral_norm}: one power iteration per forward pass (persistent u, eps 1e-12, weight viewed
 * as [out, in·w]) gives σ = uᵀWv with u, v constants; the forward pass uses W/σ and the gradient w.r.t. the raw W
 * is {@code (G − ⟨G, W/σ⟩ u vᵀ)/σ}. Deviation: PyTorch runs D twice per step (fake and real), i.e. two power
 * iterations; here fake and real share one forward of batch 2B and so one power iteration per step (twice per
 * GAN iteration: D step and G step).
 */
public final class EspresoModel {
    private final EstimatorConfig cfg;
    private final PatchGeometry geo;
    private final int batch;
    private final Generator gen;
    private final Regularisers.Warmup warmup;
    private final Degradation degradation;
    private final Discriminator discriminator;
    private final INDArray xw;

    /** Names of the regulariser outputs, in the order of the weight vector. */
    public static final String[] REG_NAMES = {"boundary", "centre", "peak", "smooth", "warmup_mse"};

    public EspresoModel(EstimatorConfig cfg, PatchGeometry geo, int batch, Rng rng) {
        this(cfg, geo, batch, rng, org.espreso.compute.Backend.defaultThreads());
    }

    /** @param threads threads of the discriminator's column shards (1: everything on the caller's thread) */
    public EspresoModel(EstimatorConfig cfg, PatchGeometry geo, int batch, Rng rng, int threads) {
        this.cfg = cfg;
        this.geo = geo;
        this.batch = batch;
        this.gen = new Generator(cfg, rng);
        int lr = geo.lr(), p = geo.patchLength();
        this.degradation = new Degradation(geo, batch);
        this.discriminator = new Discriminator(cfg.discWidths(), cfg.discChannels(), cfg.leakySlope(), 2 * batch * lr, lr, rng, threads);
        xw = Nd4j.create(DataType.FLOAT, (long) batch * lr, p);
        warmup = new Regularisers.Warmup(batch * lr, p, Regularisers.startProfile(cfg.profileLength(), cfg.startFwhm()));
        syncProfile();
    }

    // ------------------------------------------------------------------ steps

    /** Patch inputs to fill before a step: fake [P, B·lr] (column layout), real [B·lr, P] (row layout). */
    public INDArray fakeInput() {
        return degradation.fakeInput();
    }

    public INDArray realInput() {
        return degradation.realInput();
    }

    /** Warm-up patches [B·lr, P] (row layout). */
    public INDArray warmupInput() {
        return xw;
    }

    /** Discriminator loss and gradients w.r.t. the raw D parameters (weights, biases interleaved). */
    public StepResult discriminatorGradients() {
        degradation.forward(discriminator.input());
        double loss = discriminator.step(true, false);
        return new StepResult(loss, discriminator.gradients());
    }

    public List<INDArray> discriminatorParameters() {
        return discriminator.parameters();
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    public Degradation degradation() {
        return degradation;
    }

    public List<INDArray> generatorParameters() {
        return gen.parameters();
    }

    public List<String> generatorParameterNames() {
        return gen.names();
    }

    /**
     * Generator gradients of {@code L_G = −L_D(fresh batches) + Σ w·reg} (or, with {@code adversarial} off, of the
     * regularisers alone, e.g. the warm-up MSE). Returns L_D of the batch as {@code loss}, and {@link #lastRegs()}.
     */
    public StepResult generatorGradients(boolean adversarial, double[] weights, boolean useWarmupInput) {
        double lossD = Double.NaN;
        double[] dk = new double[cfg.profileLength()];
        if (adversarial) {
            degradation.forward(discriminator.input());
            lossD = discriminator.step(false, true);
            float[] g = degradation.backward(discriminator.inputGradient());
            for (int i = 0; i < dk.length; i++) {
                dk[i] = -g[i];
            }
        }
        List<INDArray> grads = generatorBackward(dk, weights, useWarmupInput);
        return new StepResult(lossD, grads);
    }

    /**
     * Forward and backward pass of {@code Σ k·dk + Σ w·regs} at the current parameters; records the regulariser
     * values. Without the warm-up input the warm-up MSE is 0 and costs nothing.
     */
    private List<INDArray> generatorBackward(double[] dk, double[] weights, boolean useWarmupInput) {
        float[] k = gen.forward();
        double[] r = Regularisers.apply(k, weights, dk, cfg.boundaryFreeMass(), cfg.peakTolerance());
        System.arraycopy(r, 0, lastRegs, 0, r.length);
        lastRegs[Regularisers.WARMUP] = useWarmupInput ? warmup.apply(xw, k, weights[Regularisers.WARMUP], dk) : 0;
        if (!useWarmupInput && cfg.entropyWeight() > 0) {
            Regularisers.negativeEntropy(k, cfg.entropyWeight(), dk);
        }
        return gen.backward(dk);
    }

    /** The generator's loss for the current parameters, upstream gradient {@code g} and weights (tests). */
    double generatorLoss(float[] g, double[] weights) {
        float[] k = gen.forward();
        double loss = 0;
        for (int i = 0; i < k.length; i++) {
            loss += (double) k[i] * g[i];
        }
        double[] r = Regularisers.apply(k, weights, null, cfg.boundaryFreeMass(), cfg.peakTolerance());
        for (int i = 0; i < r.length; i++) {
            loss += weights[i] * r[i];
        }
        return loss + weights[Regularisers.WARMUP] * warmup.apply(xw, k, 0, null);
    }

    /** Generator gradients for an explicit upstream gradient {@code g} = dL/dk, with the warm-up input (tests). */
    List<INDArray> generatorGradients(float[] g, double[] weights) {
        double[] dk = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            dk[i] = g[i];
        }
        List<INDArray> out = new ArrayList<>();
        for (INDArray a : generatorBackward(dk, weights, true)) {
            out.add(a.dup());
        }
        return out;
    }

    private final double[] lastRegs = new double[REG_NAMES.length];

    /** Regulariser values of the last generator step, in {@link #REG_NAMES} order. */
    public double[] lastRegs() {
        return lastRegs.clone();
    }

    /** Recomputes k from the generator and copies it into the degradation; returns it. */
    public float[] syncProfile() {
        float[] taps = gen.forward();
        degradation.setProfile(taps);
        profile = taps;
        return taps.clone();
    }

    private float[] profile;

    /** The current (not averaged) profile. */
    public float[] profile() {
        return profile.clone();
    }

    public PatchGeometry geometry() {
        return geo;
    }

    public int batch() {
        return batch;
    }

    // ------------------------------------------------------------------ state for checkpoints

    /** Every array of the model state by name (copies). */
    public Map<String, float[]> state() {
        Map<String, float[]> s = new LinkedHashMap<>();
        List<String> names = gen.names();
        for (int i = 0; i < names.size(); i++) {
            s.put(names.get(i), gen.parameters().get(i).data().asFloat());
        }
        List<INDArray> dp = discriminator.parameters();
        for (int l = 0; l < discriminator.layers(); l++) {
            s.put("d_W" + l, dp.get(2 * l).data().asFloat());
            s.put("d_b" + l, dp.get(2 * l + 1).data().asFloat());
            s.put("d_u" + l, discriminator.u(l).clone());
        }
        return s;
    }

    public void restore(Map<String, float[]> s) {
        List<String> names = gen.names();
        for (int i = 0; i < names.size(); i++) {
            put(gen.parameters().get(i), s.get(names.get(i)), names.get(i));
        }
        List<INDArray> dp = discriminator.parameters();
        for (int l = 0; l < discriminator.layers(); l++) {
            put(dp.get(2 * l), s.get("d_W" + l), "d_W" + l);
            put(dp.get(2 * l + 1), s.get("d_b" + l), "d_b" + l);
            float[] u = s.get("d_u" + l);
            if (u == null || u.length != discriminator.u(l).length) {
                throw new IllegalArgumentException("checkpoint array d_u" + l + " is missing or has the wrong size");
            }
            System.arraycopy(u, 0, discriminator.u(l), 0, u.length);
        }
        syncProfile();
    }

    private static void put(INDArray a, float[] v, String name) {
        if (v == null || v.length != a.length()) {
            throw new IllegalArgumentException("checkpoint array " + name + " is missing or has the wrong size");
        }
        a.data().asNioFloat().put(0, v, 0, v.length);
    }

    /** Loss (L_D of the batch) and gradients in optimiser order. */
    public record StepResult(double loss, List<INDArray> gradients) {
    }
}
