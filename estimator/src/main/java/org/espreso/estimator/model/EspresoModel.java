package org.espreso.estimator.model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.core.train.Rng;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two SameDiff graphs of ESPRESO (ESPRESO.md §4–§7) and their parameters.
 *
 * <h2>Generator graph</h2>
 * A learnable embedding E (length {@code K + n(w−1)}, 256 channels, stored channels-last [L, C]) → n valid
 * convs of width 3 (each an im2col concat + matmul, ReLU between them for {@code release}) → K logits →
 * (symmetrise) → softmax → k. The same graph holds the regularisers of §7 and the warm-up MSE; its loss is
 * {@code Σ k·g + w·[boundary, centre, peak, smooth, warmupMse]}, where {@code g} is the upstream gradient
 * dL_G/dk delivered by the discriminator graph (a placeholder) and {@code w} a placeholder of weights, so one
 * graph serves the warm-up and the GAN steps and back-propagation into the generator is exact (chain rule).
 *
 * <h2>Degradation and discriminator</h2>
 * Written by hand on ND4J GEMMs ({@link Degradation}, {@link Discriminator}): fake and real patches share one
 * discriminator pass of 2B samples, all arrays are allocated once. The D step needs the gradients of the D
 * weights, the G step only dL_D/dk; since {@code L_G,adv = −L_D} (minimax form), the generator graph receives
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
    private final SameDiff gen;
    private final List<String> genParams = new ArrayList<>();
    private final Degradation degradation;
    private final Discriminator discriminator;
    private final INDArray xw, xwIdle, gk, regWeights;

    /** Names of the regulariser outputs, in the order of the weight vector. */
    public static final String[] REG_NAMES = {"boundary", "centre", "peak", "smooth", "warmup_mse"};

    /** Accumulated nanoseconds: D step, G step discriminator part, generator graph (for the benchmark). */
    public static final long[] TIMES = new long[4];

    public EspresoModel(EstimatorConfig cfg, PatchGeometry geo, int batch, Rng rng) {
        this.cfg = cfg;
        this.geo = geo;
        this.batch = batch;
        this.gen = buildGenerator(rng);
        // SameDiff prints one "Added differentiated op" line per op to stdout while building the gradient function.
        java.io.PrintStream out = System.out;
        try {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            gen.createGradFunction();
        } finally {
            System.setOut(out);
        }
        int lr = geo.lr(), p = geo.patchLength();
        this.degradation = new Degradation(geo, batch);
        this.discriminator = new Discriminator(cfg.discWidths(), cfg.discChannels(), cfg.leakySlope(), 2 * batch * lr, lr, rng);
        xw = Nd4j.create(DataType.FLOAT, (long) batch * lr, p);
        xwIdle = Nd4j.create(DataType.FLOAT, 1, p);
        gk = Nd4j.create(DataType.FLOAT, 1, cfg.profileLength());
        regWeights = Nd4j.create(DataType.FLOAT, REG_NAMES.length);
        syncProfile();
    }

    // ------------------------------------------------------------------ graph construction

    private static INDArray uniform(Rng rng, double bound, long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        FloatBuffer b = a.data().asNioFloat();
        for (int i = 0; i < a.length(); i++) {
            b.put(i, (float) ((2 * rng.nextDouble() - 1) * bound));
        }
        return a;
    }

    private static INDArray matrix(float[][] m) {
        INDArray a = Nd4j.create(DataType.FLOAT, m.length, m[0].length);
        FloatBuffer b = a.data().asNioFloat();
        int c = m[0].length;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < c; j++) {
                b.put(i * c + j, m[i][j]);
            }
        }
        return a;
    }

    private static INDArray vector(float[] v) {
        INDArray a = Nd4j.create(DataType.FLOAT, 1, v.length);
        a.data().asNioFloat().put(v);
        return a;
    }

    /** im2col along axis {@code axis} of a channels-last tensor: concat of w shifted valid slices on the last axis. */
    private static SDVariable columns(SameDiff sd, String name, SDVariable h, long[] shape, int axis, int w) {
        if (w == 1) {
            return h;
        }
        long outLen = shape[axis] - w + 1;
        SDVariable[] parts = new SDVariable[w];
        for (int t = 0; t < w; t++) {
            int[] begin = new int[shape.length];
            int[] size = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                size[d] = (int) shape[d];
            }
            begin[axis] = t;
            size[axis] = (int) outLen;
            parts[t] = sd.slice(name + "_s" + t, h, begin, size);
        }
        return sd.concat(name, shape.length - 1, parts);
    }

    /**
     * The regularisers of ESPRESO.md §7 on k ([1, K], m = K/2): boundary {@code Σ k_i, i ∈ {0,1,K−2,K−1}};
     * centre {@code (Σ i·k_i − m)²}; peak {@code Σ_{i<m} relu(d_i) + Σ_{i≥m} relu(−d_i)}, d_i = k_i − k_{i+1},
     * k_K = 0; smoothness {@code sqrt(Σ_{i<K−1} (k_i − k_{i+1})² + 1e-12)} (the epsilon keeps the gradient finite
     * for a perfectly flat k, where PyTorch would give NaN).
     */
    public static SDVariable[] regularisers(SameDiff sd, SDVariable kv, int k) {
        int m = k / 2;
        float[] bmask = new float[k], idx = new float[k], sgn = new float[k];
        bmask[0] = bmask[1] = bmask[k - 2] = bmask[k - 1] = 1;
        for (int i = 0; i < k; i++) {
            idx[i] = i;
            sgn[i] = i < m ? 1 : -1;
        }
        SDVariable boundary = kv.mul(sd.constant("c_bmask", vector(bmask))).sum("boundary");
        SDVariable centroid = kv.mul(sd.constant("c_idx", vector(idx))).sum().sub((double) m);
        SDVariable centre = sd.math.square("centre", centroid);
        SDVariable next = sd.concat("k_next", 1, sd.slice("k_tail", kv, new int[] {0, 1}, 1, k - 1),
                sd.constant("c_zero", Nd4j.zeros(DataType.FLOAT, 1, 1)));
        SDVariable d = kv.sub(next);
        SDVariable peak = sd.nn.relu(d.mul(sd.constant("c_sgn", vector(sgn))), 0).sum("peak");
        SDVariable diff = sd.slice("k_head", kv, new int[] {0, 0}, 1, k - 1).sub(sd.slice("k_tail2", kv, new int[] {0, 1}, 1, k - 1));
        SDVariable smooth = sd.math.sqrt("smooth", sd.math.square(diff).sum().add(1e-12));
        return new SDVariable[] {boundary, centre, peak, smooth};
    }

    private SameDiff buildGenerator(Rng rng) {
        SameDiff sd = SameDiff.create();
        int k = cfg.profileLength(), n = cfg.genConvs(), c = cfg.genChannels(), w = 3;
        int len = k + n * (w - 1);
        SDVariable h = sd.var("g_E", uniform(rng, 1 / Math.sqrt((double) c * len), len, c));
        genParams.add("g_E");
        int cin = c;
        for (int i = 0; i < n; i++) {
            int cout = i == n - 1 ? 1 : c;
            double bound = 1 / Math.sqrt((double) cin * w);
            SDVariable wv = sd.var("g_W" + i, uniform(rng, bound, (long) w * cin, cout));
            SDVariable bv = sd.var("g_b" + i, uniform(rng, bound, cout));
            genParams.add("g_W" + i);
            genParams.add("g_b" + i);
            SDVariable cols = columns(sd, "g_cols" + i, h, new long[] {len, cin}, 0, w);
            len -= w - 1;
            h = sd.nn.biasAdd("g_z" + i, sd.mmul("g_mm" + i, cols, wv), bv, false);
            if (i < n - 1 && cfg.genReLU()) {
                h = sd.nn.relu("g_relu" + i, h, 0);
            }
            cin = cout;
        }
        SDVariable logits = sd.reshape("g_logits", h, 1, k);
        if (cfg.symmetrise()) {
            // (v + reverse(v)) / 2 as v · (I + J) / 2 with J the exchange matrix (SameDiff's reverse op logs a warning)
            float[][] sym = new float[k][k];
            for (int i = 0; i < k; i++) {
                sym[i][i] += 0.5f;
                sym[k - 1 - i][i] += 0.5f;
            }
            logits = sd.mmul("g_sym", logits, sd.constant("c_sym", matrix(sym)));
        }
        SDVariable kv = sd.nn.softmax("k", logits, 1);

        SDVariable[] r = regularisers(sd, kv, k);
        SDVariable boundary = r[0], centre = r[1], peak = r[2], smooth = r[3];
        int m = k / 2;
        // Warm-up: MSE between x*k and x*delta_m (valid correlation along the patch's HR axis).
        int hr = geo.hr(), p = geo.patchLength();
        // x*k - x*delta_m = x (Corr(k) - Corr(delta_m))^T; rows of xw are patch columns (any number: GAN steps feed
        // one zero row so that the unweighted branch costs nothing).
        SDVariable xwv = sd.placeHolder("xw", DataType.FLOAT, -1, p);
        float[] delta = new float[k];
        delta[m] = 1;
        SDVariable basisS = sd.constant("c_S", matrix(geo.correlationBasis()));
        SDVariable corr = sd.reshape(sd.mmul(basisS, kv, false, true, false), hr, p);
        SDVariable corrDelta = sd.constant("c_Sdelta", Nd4j.create(DataType.FLOAT, hr, p));
        float[][] sb = geo.correlationBasis();
        FloatBuffer cd = corrDelta.getArr().data().asNioFloat();
        for (int i = 0; i < sb.length; i++) {
            cd.put(i, sb[i][m]);
        }
        SDVariable y = sd.mmul("warm_y", xwv, corr.sub(corrDelta), false, true, false);
        SDVariable mse = sd.math.square(y).mean("warmup_mse");
        SDVariable regs = sd.stack("regs", 0, boundary, centre, peak, smooth, mse);
        SDVariable wv = sd.placeHolder("w", DataType.FLOAT, REG_NAMES.length);
        SDVariable g = sd.placeHolder("gk", DataType.FLOAT, 1, k);
        SDVariable loss = kv.mul(g).sum().add("g_loss", regs.mul(wv).sum());
        sd.setLossVariables(loss);
        return sd;
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
        long t0 = System.nanoTime();
        degradation.forward(discriminator.input());
        double loss = discriminator.step(true, false);
        TIMES[0] += System.nanoTime() - t0;
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
        List<INDArray> p = new ArrayList<>();
        for (String n : genParams) {
            p.add(gen.getArrForVarName(n));
        }
        return p;
    }

    public List<String> generatorParameterNames() {
        return List.copyOf(genParams);
    }

    /**
     * Generator gradients of {@code L_G = −L_D(fresh batches) + Σ w·reg} (or, with {@code adversarial} off, of the
     * regularisers alone, e.g. the warm-up MSE). Returns L_D of the batch as {@code loss}, and {@link #lastRegs()}.
     */
    public StepResult generatorGradients(boolean adversarial, double[] weights, boolean useWarmupInput) {
        double lossD = Double.NaN;
        FloatBuffer gkb = gk.data().asNioFloat();
        if (adversarial) {
            long t0 = System.nanoTime();
            degradation.forward(discriminator.input());
            lossD = discriminator.step(false, true);
            float[] dk = degradation.backward(discriminator.inputGradient());
            TIMES[1] += System.nanoTime() - t0;
            for (int i = 0; i < cfg.profileLength(); i++) {
                gkb.put(i, -dk[i]);
            }
        } else {
            for (int i = 0; i < cfg.profileLength(); i++) {
                gkb.put(i, 0f);
            }
        }
        FloatBuffer wb = regWeights.data().asNioFloat();
        for (int i = 0; i < REG_NAMES.length; i++) {
            wb.put(i, (float) weights[i]);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("gk", gk);
        ph.put("w", regWeights);
        ph.put("xw", useWarmupInput ? xw : xwIdle);
        long t1 = System.nanoTime();
        OutAndGrad og;
        boolean helpers = helpersOff();
        try {
            og = gen.calculateGradientsAndOutputs(ph, List.of("regs", "g_loss"), genParams);
        } finally {
            restoreHelpers(helpers);
        }
        TIMES[2] += System.nanoTime() - t1;
        INDArray regs = og.getOutputs().get("regs");
        for (int i = 0; i < REG_NAMES.length; i++) {
            lastRegs[i] = regs.getDouble(i);
        }
        List<INDArray> grads = new ArrayList<>();
        for (String n : genParams) {
            grads.add(dense(og.getGradients().get(n)));
        }
        return new StepResult(lossD, grads);
    }

    /** The generator graph's loss for the current parameters, upstream gradient {@code g} and weights (tests). */
    double generatorLoss(float[] g, double[] weights) {
        gk.data().asNioFloat().put(0, g, 0, g.length);
        FloatBuffer wb = regWeights.data().asNioFloat();
        for (int i = 0; i < REG_NAMES.length; i++) {
            wb.put(i, (float) weights[i]);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("gk", gk);
        ph.put("w", regWeights);
        ph.put("xw", xw);
        return gen.output(ph, "g_loss").get("g_loss").getDouble(0);
    }

    /**
     * Turns ND4J's platform helpers (oneDNN) off for the generator graph and returns the previous setting: on these
     * tiny tensors oneDNN's per-call primitive creation made matmul/concat 3× slower (0.18 s → 0.06 s per gradient
     * pass). The setting is process-wide, so it is restored right after each call (SMORE's convolutions want it).
     */
    private static boolean helpersOff() {
        var env = Nd4j.getEnvironment();
        boolean was = env.helpersAllowed();
        if (was) {
            env.allowHelpers(false);
        }
        // The generator's ops are tiny: with 2 OpenMP threads on a shared machine each op waited on the other
        // thread (0.05 s -> 0.37 s per gradient pass). Run them on one thread; restored afterwards.
        savedThreads = env.maxThreads();
        if (savedThreads > 1) {
            env.setMaxThreads(1);
        }
        savedBlasThreads = blasThreads();
        if (savedBlasThreads > 1) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
        savedOmp = ompThreads();
        if (savedOmp > 1) {
            setOmp(1);
        }
        return was;
    }

    private static int savedThreads, savedBlasThreads, savedOmp;

    private static int ompThreads() {
        try {
            return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        } catch (Throwable e) {
            return 1;
        }
    }

    private static void setOmp(int n) {
        try {
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        } catch (Throwable e) {
            // not available on this backend
        }
    }

    private static int blasThreads() {
        try {
            return Nd4j.factory().blas().getMaxThreads();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static void restoreHelpers(boolean was) {
        var env = Nd4j.getEnvironment();
        if (was) {
            env.allowHelpers(true);
        }
        if (savedThreads > 1) {
            env.setMaxThreads(savedThreads);
        }
        if (savedBlasThreads > 1) {
            Nd4j.factory().blas().setMaxThreads(savedBlasThreads);
        }
        if (savedOmp > 1) {
            setOmp(savedOmp);
        }
    }

    /** Generator gradients for an explicit upstream gradient {@code g} = dL/dk (tests). */
    List<INDArray> generatorGradients(float[] g, double[] weights) {
        gk.data().asNioFloat().put(0, g, 0, g.length);
        FloatBuffer wb = regWeights.data().asNioFloat();
        for (int i = 0; i < REG_NAMES.length; i++) {
            wb.put(i, (float) weights[i]);
        }
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("gk", gk);
        ph.put("w", regWeights);
        ph.put("xw", xw);
        Map<String, INDArray> gr = gen.calculateGradients(ph, genParams);
        List<INDArray> out = new ArrayList<>();
        for (String n : genParams) {
            out.add(gr.get(n).dup());
        }
        return out;
    }

    private final double[] lastRegs = new double[REG_NAMES.length];

    /** Regulariser values of the last generator step, in {@link #REG_NAMES} order. */
    public double[] lastRegs() {
        return lastRegs.clone();
    }

    /** Recomputes k from the generator and copies it into the discriminator graph; returns it. */
    public float[] syncProfile() {
        Map<String, INDArray> ph = new HashMap<>();
        ph.put("gk", gk);
        ph.put("w", regWeights);
        ph.put("xw", xwIdle);
        long t0 = System.nanoTime();
        INDArray k;
        boolean helpers = helpersOff();
        try {
            k = gen.output(ph, "k").get("k");
        } finally {
            restoreHelpers(helpers);
        }
        TIMES[3] += System.nanoTime() - t0;
        float[] taps = k.data().asFloat();
        degradation.setProfile(taps);
        profile = taps;
        return taps.clone();
    }

    private float[] profile;

    /** The current (not averaged) profile. */
    public float[] profile() {
        return profile.clone();
    }

    private static INDArray dense(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    public SameDiff generatorGraph() {
        return gen;
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
        for (String n : genParams) {
            s.put(n, gen.getArrForVarName(n).data().asFloat());
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
        for (String n : genParams) {
            put(gen.getArrForVarName(n), s.get(n), n);
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
