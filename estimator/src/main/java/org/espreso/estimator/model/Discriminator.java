package org.espreso.estimator.model;

import org.espreso.compute.Blas;
import org.espreso.compute.ShiftedGemmConv;
import org.espreso.compute.Shards;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.espreso.compute.Backend;
import org.espreso.core.train.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ESPRESO discriminator (docs/espreso.md) with hand-written forward and backward passes on ND4J GEMMs.
 *
 * <p>Convolutions run along axis 0 only, so each of the N input columns is an independent 1-D signal. Activations
 * are stored <b>position-major</b>, {@code H[l·N + n, c]}: for a width-w valid convolution, the input rows needed
 * by all outputs at tap t are the contiguous block {@code H[t·N, (t + L')·N)}, so a layer is w GEMMs on views
 * ({@code Y = Σ_t H_t W_t}) with no im2col copy, and the backward pass is w GEMMs for the weight gradient and w
 * accumulating GEMMs for the input gradient. Every array is allocated once: an iteration allocates nothing
 * large, which keeps the native memory flat. (A SameDiff version of the same network spent most of its time
 * in slice/concat copies and their backward passes.)
 *
 * <p><b>Threads.</b> The columns are split into contiguous shards, each with its own activations: one group of
 * shards per compute thread, the groups concurrent on single-threaded BLAS, the shards of a group one after the
 * other (forward, loss and backward of a shard while its activations are in cache). Weight gradients are summed
 * in shard order (deterministic for a given thread count). Measured on 2 cores this scales better than one pass with
 * two-threaded BLAS, whose skinny GEMMs and serial element-wise passes left a core idle much of the time.
 *
 * <p>Weights are W/σ from {@link SpectralNorm}, laid out [w·in, out] (row t·in + c). Columns n &lt; N/2 are
 * fake (label 0), the others real (label 1); the loss is the mean of BCE-with-logits over the whole map.
 */
public final class Discriminator {
    private final int[] widths;
    private final int[] channels;   // channels[k] = input channels of layer k, channels[layers] = 1
    private final int[] lengths;    // lengths[k] = input length of layer k
    private final int n;
    private final double slope;
    private final List<INDArray> raw = new ArrayList<>(), wsn = new ArrayList<>(), bias = new ArrayList<>();
    private final List<INDArray> rawGrad = new ArrayList<>(), wsnGrad = new ArrayList<>(), biasGrad = new ArrayList<>();
    private final List<float[]> us = new ArrayList<>(), vs = new ArrayList<>();
    private final double[] sigma;
    /** The whole input [length · N, 1] and its gradient, position-major; scattered to and gathered from shards. */
    private final INDArray input, inputGrad;
    /** Column blocks, {@code shards.length / groups} per thread, run in order by their thread. */
    private final Shard[] shards;
    private final int groups;
    /**
     * A block's hidden-layer activations stay under this size, so a layer's output is still in cache when the
     * next layer (and, after the loss, the backward pass) reads it. Measured on 2 cores, release (4096 columns,
     * 44 MB per layer and thread in one block), three interleaved runs each: 0.280 s/iter with one block per
     * thread, 0.222 with 2 MB blocks (21 per thread), 0.228 with 1 MB; ipmi2021 unchanged within noise.
     */
    private static final long BLOCK_BYTES = 2L << 20;

    /**
     * @param columns N, the number of independent columns (2 × batch × patch width)
     * @param length  input length along axis 0
     */
    public Discriminator(int[] widths, int hidden, double slope, int columns, int length, Rng rng) {
        this(widths, hidden, slope, columns, length, rng, Backend.defaultThreads());
    }

    /** @param threads column shards run concurrently (at most one per column) */
    public Discriminator(int[] widths, int hidden, double slope, int columns, int length, Rng rng, int threads) {
        this(widths, hidden, slope, columns, length, rng, threads, BLOCK_BYTES);
    }

    /** @param blockBytes the largest hidden-layer activation of one column block (see {@link #BLOCK_BYTES}) */
    Discriminator(int[] widths, int hidden, double slope, int columns, int length, Rng rng, int threads, long blockBytes) {
        this.widths = widths.clone();
        this.n = columns;
        this.slope = slope;
        int layers = widths.length;
        channels = new int[layers + 1];
        lengths = new int[layers + 1];
        lengths[0] = length;
        channels[0] = 1;
        for (int k = 0; k < layers; k++) {
            channels[k + 1] = k == layers - 1 ? 1 : hidden;
            lengths[k + 1] = lengths[k] - widths[k] + 1;
            if (lengths[k + 1] < 1) {
                throw new IllegalArgumentException("input length " + length + " is too short for the discriminator");
            }
        }
        sigma = new double[layers];
        input = Nd4j.create(DataType.FLOAT, (long) length * n, 1);
        inputGrad = Nd4j.create(DataType.FLOAT, (long) length * n, 1);
        for (int k = 0; k < layers; k++) {
            int cin = channels[k], cout = channels[k + 1], w = widths[k];
            double bound = 1 / Math.sqrt((double) cin * w);
            raw.add(uniform(rng, bound, (long) w * cin, cout));
            bias.add(uniform(rng, bound, 1, cout));
            wsn.add(Nd4j.create(DataType.FLOAT, (long) w * cin, cout));
            rawGrad.add(Nd4j.create(DataType.FLOAT, (long) w * cin, cout));
            wsnGrad.add(Nd4j.create(DataType.FLOAT, (long) w * cin, cout));
            biasGrad.add(Nd4j.create(DataType.FLOAT, 1, cout));
            float[] u = new float[cout];
            for (int j = 0; j < cout; j++) {
                u[j] = (float) rng.nextGaussian();
            }
            SpectralNorm.normalise(u);
            us.add(u);
            vs.add(new float[w * cin]);
        }
        groups = Math.max(1, Math.min(threads, n));
        long layerBytes = (long) length * hidden * Float.BYTES * ((n + groups - 1) / groups);
        int perGroup = (int) Math.max(1, Math.min(n / groups, (layerBytes + blockBytes - 1) / blockBytes));
        int s = groups * perGroup;
        shards = new Shard[s];
        for (int i = 0; i < s; i++) {
            int from = (int) ((long) n * i / s), to = (int) ((long) n * (i + 1) / s);
            shards[i] = new Shard(from, to - from);
        }
    }

    static INDArray uniform(Rng rng, double bound, long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        FloatBuffer b = a.data().asNioFloat();
        for (int i = 0; i < a.length(); i++) {
            b.put(i, (float) ((2 * rng.nextDouble() - 1) * bound));
        }
        return a;
    }

    public int layers() {
        return widths.length;
    }

    public int columns() {
        return n;
    }

    /** Threads the column blocks run on (groups of blocks, concurrent). */
    public int threads() {
        return groups;
    }

    /** Column blocks in all (a multiple of {@link #threads()}). */
    int blocks() {
        return shards.length;
    }

    public int outputLength() {
        return lengths[widths.length];
    }

    /** The input to fill: [length · N, 1], position-major (row l·N + n). */
    public INDArray input() {
        return input;
    }

    /** Gradient of the loss w.r.t. the input after {@link #step}(…, true). */
    public INDArray inputGradient() {
        return inputGrad;
    }

    /** One power iteration per layer; writes W/σ. */
    public void spectralNormalise() {
        for (int k = 0; k < layers(); k++) {
            INDArray r = raw.get(k);
            int rowsN = (int) r.size(0), colsN = (int) r.size(1);
            FloatBuffer w = r.data().asNioFloat();
            sigma[k] = SpectralNorm.powerIteration(w, rowsN, colsN, us.get(k), vs.get(k));
            FloatBuffer out = wsn.get(k).data().asNioFloat();
            float inv = (float) (1 / sigma[k]);
            for (int i = 0; i < rowsN * colsN; i++) {
                out.put(i, w.get(i) * inv);
            }
        }
    }

    /** Recomputes W/σ with σ = uᵀWv from the stored u, v (no power iteration): the function the gradient is of. */
    void normaliseFrozen() {
        for (int k = 0; k < layers(); k++) {
            INDArray r = raw.get(k);
            int rowsN = (int) r.size(0), colsN = (int) r.size(1);
            FloatBuffer w = r.data().asNioFloat();
            float[] u = us.get(k), v = vs.get(k);
            double sg = 0;
            for (int a = 0; a < rowsN; a++) {
                for (int b = 0; b < colsN; b++) {
                    sg += (double) v[a] * w.get(a * colsN + b) * u[b];
                }
            }
            sigma[k] = sg;
            FloatBuffer out = wsn.get(k).data().asNioFloat();
            for (int i = 0; i < rowsN * colsN; i++) {
                out.put(i, (float) (w.get(i) / sg));
            }
        }
    }

    /** Forward pass on {@link #input()} with the current W/σ; returns the loss. */
    public double forward() {
        return run(false, false, false);
    }

    /**
     * Power iteration, forward, backward. With {@code weightGrads} the gradients w.r.t. the raw weights and the
     * biases are ready in {@link #gradients()}; with {@code inputGrad}, dL/dinput in {@link #inputGradient()}.
     */
    public double step(boolean weightGrads, boolean inputGrad) {
        spectralNormalise();
        double l = run(true, weightGrads, inputGrad);
        if (weightGrads) {
            for (int k = 0; k < layers(); k++) {
                sumShards(k);
                SpectralNorm.backward(wsnGrad.get(k).data().asNioFloat(), wsn.get(k).data().asNioFloat(), us.get(k),
                        vs.get(k), sigma[k], rawGrad.get(k).data().asNioFloat());
            }
        }
        return l;
    }

    /** Runs every shard (forward, and backward when asked) and returns the loss over the whole map. */
    private double run(boolean backward, boolean weightGrads, boolean inputGrad) {
        double inv = 1.0 / ((double) outputLength() * n);
        double loss = 0;
        int per = shards.length / groups;
        for (double part : Shards.run(groups, g -> {
            double l = 0;
            for (int i = g * per; i < (g + 1) * per; i++) {
                l += shards[i].pass(backward, weightGrads, inputGrad, inv);
            }
            return l;
        })) {
            loss += part;
        }
        return loss;
    }

    /** Weight and bias gradients of layer k = the sum of the shards' parts, in shard order. */
    private void sumShards(int k) {
        FloatBuffer gw = wsnGrad.get(k).data().asNioFloat(), gb = biasGrad.get(k).data().asNioFloat();
        int lw = (int) wsnGrad.get(k).length(), lb = (int) biasGrad.get(k).length();
        float[] w = new float[lw], b = new float[lb], part = new float[Math.max(lw, lb)];
        for (Shard sh : shards) {
            sh.wGrad[k].data().asNioFloat().get(0, part, 0, lw);
            for (int i = 0; i < lw; i++) {
                w[i] += part[i];
            }
            sh.bGrad[k].data().asNioFloat().get(0, part, 0, lb);
            for (int i = 0; i < lb; i++) {
                b[i] += part[i];
            }
        }
        gw.put(0, w);
        gb.put(0, b);
    }

    /** Raw weight and bias gradients, interleaved per layer (the order of {@link #parameters()}). */
    public List<INDArray> gradients() {
        List<INDArray> g = new ArrayList<>();
        for (int k = 0; k < layers(); k++) {
            g.add(rawGrad.get(k));
            g.add(biasGrad.get(k));
        }
        return g;
    }

    /** Raw weights [w·in, out] and biases [1, out], interleaved per layer. */
    public List<INDArray> parameters() {
        List<INDArray> p = new ArrayList<>();
        for (int k = 0; k < layers(); k++) {
            p.add(raw.get(k));
            p.add(bias.get(k));
        }
        return p;
    }

    public float[] u(int k) {
        return us.get(k);
    }

    /** Columns [first, first + m) of the map: own activations, gradients and weight-gradient parts. */
    private final class Shard {
        private final int first, m;
        /** acts[k] = input of layer k (acts[0] = D input), acts[layers] = logits; grads likewise. */
        private final INDArray[] acts, grads, wGrad, bGrad;
        /** A row of ones for the bias gradient (column sums as a GEMM). */
        private final INDArray ones;
        /** im2col buffer of the first layer [L'm, w] (also its input gradient). */
        private final INDArray cols;
        /** Chunks for element-wise passes: bulk copies to heap arrays, where the JIT compiles tight loops. */
        private final float[] chunk = new float[64 * 256], chunk2 = new float[64 * 256];
        /** Heap copies of the 1-channel input [length·m] and of cols [L'm·w] for im2col/col2im, kept across passes. */
        private final float[] signal, colsHeap;

        Shard(int first, int m) {
            this.first = first;
            this.m = m;
            int layers = widths.length;
            acts = new INDArray[layers + 1];
            grads = new INDArray[layers + 1];
            for (int k = 0; k <= layers; k++) {
                acts[k] = Nd4j.create(DataType.FLOAT, (long) lengths[k] * m, channels[k]);
                grads[k] = Nd4j.create(DataType.FLOAT, (long) lengths[k] * m, channels[k]);
            }
            wGrad = new INDArray[layers];
            bGrad = new INDArray[layers];
            for (int k = 0; k < layers; k++) {
                wGrad[k] = Nd4j.create(DataType.FLOAT, (long) widths[k] * channels[k], channels[k + 1]);
                bGrad[k] = Nd4j.create(DataType.FLOAT, 1, channels[k + 1]);
            }
            ones = Nd4j.ones(DataType.FLOAT, 1, (long) lengths[1] * m);
            cols = Nd4j.create(DataType.FLOAT, (long) lengths[1] * m, widths[0]);
            signal = new float[lengths[0] * m];
            colsHeap = new float[lengths[1] * m * widths[0]];
        }

        /** Forward (and backward) over this shard's columns; returns its share of the mean loss. */
        double pass(boolean backward, boolean weightGrads, boolean inputGrad, double inv) {
            scatterInput();
            forward();
            double l = loss(backward ? grads[layers()] : null, inv);
            if (backward) {
                backward(weightGrads, inputGrad);
                if (inputGrad) {
                    gatherInputGradient();
                }
            }
            return l;
        }

        private void scatterInput() {
            FloatBuffer src = input.data().asNioFloat();
            for (int l = 0; l < lengths[0]; l++) {
                src.get(l * n + first, signal, l * m, m);
            }
            acts[0].data().asNioFloat().put(0, signal);
        }

        private void gatherInputGradient() {
            grads[0].data().asNioFloat().get(0, signal);
            FloatBuffer dst = inputGrad.data().asNioFloat();
            for (int l = 0; l < lengths[0]; l++) {
                dst.put(l * n + first, signal, l * m, m);
            }
        }

        private void forward() {
            for (int k = 0; k < layers(); k++) {
                int w = widths[k], cin = channels[k], cout = channels[k + 1];
                int outRows = lengths[k + 1] * m;
                INDArray out = acts[k + 1];
                if (cin == 1 && w > 1) {
                    // single input channel: an explicit im2col [L'm, w] and one GEMM beat w rank-1 updates
                    im2col(acts[0], outRows, w);
                    Blas.gemm(false, false, outRows, cout, w, 1f, cols, 0, w, wsn.get(k), 0, cout, 0f, out, 0, cout);
                } else {
                    ShiftedGemmConv.forward(outRows, cin, cout, ShiftedGemmConv.taps(w, m), acts[k], 0, wsn.get(k), out, 0, 0f);
                }
                biasActivation(out, bias.get(k), cout, k < layers() - 1);
            }
        }

        private void backward(boolean weightGrads, boolean inputGrad) {
            for (int k = layers() - 1; k >= 0; k--) {
                int w = widths[k], cin = channels[k], cout = channels[k + 1];
                int outRows = lengths[k + 1] * m;
                INDArray dz = grads[k + 1];
                if (k < layers() - 1) {
                    // dL/d(pre-activation): the output's sign equals the input's for slope > 0
                    leakyBackward(acts[k + 1], dz, outRows * cout);
                }
                if (weightGrads) {
                    INDArray gw = wGrad[k];
                    if (cin == 1 && w > 1) {
                        Blas.gemm(true, false, w, cout, outRows, 1f, cols, 0, w, dz, 0, cout, 0f, gw, 0, cout);
                    } else {
                        ShiftedGemmConv.weightGradient(outRows, cin, cout, ShiftedGemmConv.taps(w, m), acts[k], 0, dz, 0, gw, 0f);
                    }
                    Blas.gemm(false, false, 1, cout, outRows, 1f, ones, 0, outRows, dz, 0, cout, 0f, bGrad[k], 0, cout);
                }
                if (k == 0 && inputGrad && cin == 1 && w > 1) {
                    Blas.gemm(false, true, outRows, w, cout, 1f, dz, 0, cout, wsn.get(k), 0, cout, 0f, cols, 0, w);
                    col2im(grads[0], outRows, w);
                } else if (k > 0 || inputGrad) {
                    INDArray dh = grads[k];
                    if (w > 1) {
                        FloatBuffer db = dh.data().asNioFloat();
                        int from = outRows * cin, to = lengths[k] * m * cin;
                        java.util.Arrays.fill(chunk2, 0f);
                        for (int i = from; i < to; i += chunk2.length) {
                            db.put(i, chunk2, 0, Math.min(chunk2.length, to - i));
                        }
                    }
                    ShiftedGemmConv.inputGradient(outRows, cin, cout, ShiftedGemmConv.taps(w, m), dz, 0, wsn.get(k), dh, 0, 0f);
                }
            }
        }

        /** cols[r·w + t] = x[r + t·m] for the first layer (position-major input, one channel). */
        private void im2col(INDArray x, int outRows, int w) {
            float[] in = signal, out = colsHeap;
            x.data().asNioFloat().get(0, in);
            for (int r = 0; r < outRows; r++) {
                for (int t = 0; t < w; t++) {
                    out[r * w + t] = in[r + t * m];
                }
            }
            cols.data().asNioFloat().put(0, out, 0, outRows * w);
        }

        /** dx[r + t·m] = Σ_t dcols[r·w + t] (adjoint of {@link #im2col}). */
        private void col2im(INDArray dx, int outRows, int w) {
            float[] c = colsHeap, out = signal;
            cols.data().asNioFloat().get(0, c, 0, outRows * w);
            java.util.Arrays.fill(out, 0f);
            for (int r = 0; r < outRows; r++) {
                for (int t = 0; t < w; t++) {
                    out[r + t * m] += c[r * w + t];
                }
            }
            dx.data().asNioFloat().put(0, out);
        }

        /** z += b (per channel), then LeakyReLU unless {@code act} is false; one pass. */
        private void biasActivation(INDArray z, INDArray b, int cout, boolean act) {
            FloatBuffer zb = z.data().asNioFloat();
            float[] bv = new float[cout];
            b.data().asNioFloat().get(0, bv);
            int total = (int) z.length();
            float a = act ? (float) slope : 1f;
            float[] c = chunk;
            int step = c.length / cout * cout;
            for (int off = 0; off < total; off += step) {
                int len = Math.min(step, total - off);
                zb.get(off, c, 0, len);
                for (int i = 0; i < len; i += cout) {
                    for (int j = 0; j < cout; j++) {
                        float v = c[i + j] + bv[j];
                        c[i + j] = v < 0 ? v * a : v;
                    }
                }
                zb.put(off, c, 0, len);
            }
        }

        /** g *= (h &lt; 0 ? slope : 1) over the first {@code total} elements. */
        private void leakyBackward(INDArray h, INDArray g, int total) {
            FloatBuffer hb = h.data().asNioFloat(), gb = g.data().asNioFloat();
            float a = (float) slope;
            float[] ch = chunk, cg = chunk2;
            for (int off = 0; off < total; off += ch.length) {
                int len = Math.min(ch.length, total - off);
                hb.get(off, ch, 0, len);
                gb.get(off, cg, 0, len);
                for (int i = 0; i < len; i++) {
                    cg[i] = ch[i] < 0 ? cg[i] * a : cg[i];
                }
                gb.put(off, cg, 0, len);
            }
        }

        /** This shard's part of the BCE-with-logits mean (weight {@code inv} per element); dL/dlogits into grad. */
        private double loss(INDArray grad, double inv) {
            INDArray z = acts[layers()];
            FloatBuffer zb = z.data().asNioFloat();
            FloatBuffer gb = grad == null ? null : grad.data().asNioFloat();
            int total = (int) z.length();
            double sum = 0;
            int half = n / 2;
            for (int i = 0; i < total; i++) {
                double s = first + (i % m) < half ? -1 : 1;
                double x = s * zb.get(i);
                // -log sigmoid(x) = softplus(-x), stable
                sum += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
                if (gb != null) {
                    // d/dz softplus(-s z) = -s * sigmoid(-s z)
                    double sig = x > 0 ? Math.exp(-x) / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x));
                    gb.put(i, (float) (-s * sig * inv));
                }
            }
            return sum * inv;
        }
    }
}
