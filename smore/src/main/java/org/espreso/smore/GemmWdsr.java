package org.espreso.smore;

import java.nio.FloatBuffer;
import java.util.List;
import org.espreso.compute.Blas;
import org.espreso.compute.ShiftedGemmConv;
import org.espreso.compute.Shards;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The WDSR-B network of {@link Wdsr} evaluated with hand-written forward and backward passes on direct SGEMM
 * calls: the CPU engine. (The SameDiff graph spent its time in oneDNN convolutions on NCHW with 25–128 channels at
 * about 11 GFLOP/s per core; see docs/benchmarks.md.)
 *
 * <p><b>Layout.</b> One image at a time, activations are position-major on the zero-padded grid: row
 * {@code 1 + (h + 1) wp + (w + 1)} of a [rows, channels] buffer holds pixel (h, w), {@code wp = cols + 2}, and
 * every other row (the padding ring and one guard row at each end) is zero. A 1×1 convolution is one GEMM; a 3×3
 * convolution is nine GEMMs accumulating into the same output, tap (dy, dx) reading the input rows shifted by
 * {@code (dy − 1) wp + (dx − 1)} — a contiguous block, so there is no im2col copy. Each pass computes the rows of
 * the padded grid's interior lines (the pad columns come out as garbage and are zeroed again), about 4 % more
 * work than the pixels. The one-channel input's 3×3 head and 5×5 skip convolutions use a small im2col.
 *
 * <p><b>Threads.</b> The batch is split into contiguous shards, one per compute thread, run concurrently on
 * single-threaded BLAS ({@link Shards}); each keeps its own activations (one image's worth) and gradient sums,
 * which are added in shard order, so a result depends on the thread count only through that summation order.
 *
 * <p>Weights are the weight-normalised {@code g v / ||v||}, recomputed from the parameters at every pass; the
 * backward pass returns gradients for v, g and the biases. Gradients match the SameDiff graph's (tested).
 */
public final class GemmWdsr {
    private final Wdsr net;
    private final int rows, cols, f, c, c4, mid, blocks;
    private final int wp, r0, n, bufRows;
    private final int[] shift3 = new int[9];
    private final List<Wdsr.Conv> convs;
    private final INDArray[] w;
    private final double[][] norms;
    private final Shard[] shards;
    private final boolean training;
    private final int head, tail, skip;

    /**
     * @param rows     network input rows (after any fractional pre-upsampling)
     * @param threads  shards run concurrently (at most one per image of a batch)
     * @param training whether the backward pass is needed (keeps every layer's activations of one image)
     */
    public GemmWdsr(Wdsr net, int rows, int cols, int threads, boolean training) {
        if (net.params().isEmpty()) {
            throw new IllegalStateException("parameters not initialised");
        }
        this.net = net;
        this.rows = rows;
        this.cols = cols;
        this.f = net.factor();
        this.c = net.channels();
        this.c4 = 4 * c;
        this.mid = (int) Math.floor(0.8 * c);
        this.blocks = net.blocks();
        this.training = training;
        this.wp = cols + 2;
        this.r0 = wp + 1;
        this.n = rows * wp;
        this.bufRows = (rows + 2) * wp + 2;
        for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
                shift3[dy * 3 + dx] = (dy - 1) * wp + (dx - 1);
            }
        }
        this.convs = net.convs();
        this.head = 0;
        this.tail = 1 + 3 * blocks;
        this.skip = 2 + 3 * blocks;
        w = new INDArray[convs.size()];
        norms = new double[convs.size()][];
        for (int k = 0; k < convs.size(); k++) {
            Wdsr.Conv cv = convs.get(k);
            w[k] = Nd4j.create(DataType.FLOAT, (long) cv.k() * cv.k() * cv.in(), cv.out());
            norms[k] = new double[cv.out()];
        }
        shards = new Shard[Math.max(1, threads)];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard();
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** sr[count, rows f, cols] from lr[count, rows, cols] (row-major images one after another). */
    public void forward(float[] lr, int count, float[] sr) {
        refreshWeights();
        int s = Math.min(shards.length, count);
        Shards.run(s, i -> {
            Shard sh = shards[i];
            for (int im = from(i, s, count); im < from(i + 1, s, count); im++) {
                sh.forward(lr, im, false);
                sh.output(sr, im);
            }
            return null;
        });
    }

    /** Parameter gradients of a batch, in the layouts of the parameters: v [k k in, out], g and b [out]. */
    public record Gradients(float[][] v, float[][] g, float[][] b) {
    }

    /**
     * Forward and backward pass of the mean L1 loss between the network's output for {@code lr} and {@code hr};
     * returns the loss and writes the gradients into {@code grads}. {@code sr} receives the output when not null.
     */
    public double lossAndGradients(float[] lr, float[] hr, int count, Gradients grads) {
        if (!training) {
            throw new IllegalStateException("built for inference only");
        }
        refreshWeights();
        int s = Math.min(shards.length, count);
        double inv = 1.0 / ((double) count * rows * f * cols);
        List<Double> parts = Shards.run(s, i -> {
            Shard sh = shards[i];
            sh.zeroGradients();
            double l = 0;
            for (int im = from(i, s, count); im < from(i + 1, s, count); im++) {
                sh.forward(lr, im, true);
                l += sh.backward(hr, im, inv);
            }
            return l;
        });
        double loss = 0;
        for (double p : parts) {
            loss += p;
        }
        for (int k = 0; k < convs.size(); k++) {
            Wdsr.Conv cv = convs.get(k);
            float[] gw = sum(k, true, s, cv.k() * cv.k() * cv.in() * cv.out());
            float[] gb = sum(k, false, s, cv.out());
            System.arraycopy(gb, 0, grads.b()[k], 0, gb.length);
            weightNormBackward(k, gw, grads.v()[k], grads.g()[k]);
        }
        return loss * inv;
    }

    /** Fresh gradient holders for this network. */
    public Gradients newGradients() {
        float[][] v = new float[convs.size()][], g = new float[convs.size()][], b = new float[convs.size()][];
        for (int k = 0; k < convs.size(); k++) {
            Wdsr.Conv cv = convs.get(k);
            v[k] = new float[cv.k() * cv.k() * cv.in() * cv.out()];
            g[k] = new float[cv.out()];
            b[k] = new float[cv.out()];
        }
        return new Gradients(v, g, b);
    }

    private static int from(int shard, int shards, int count) {
        return (int) ((long) shard * count / shards);
    }

    private float[] sum(int k, boolean weights, int s, int len) {
        float[] out = new float[len], part = new float[len];
        for (int i = 0; i < s; i++) {
            (weights ? shards[i].gw[k] : shards[i].gb[k]).data().asNioFloat().get(0, part, 0, len);
            for (int j = 0; j < len; j++) {
                out[j] += part[j];
            }
        }
        return out;
    }

    /** w = g v / ||v|| per output channel (the last axis of v). */
    private void refreshWeights() {
        for (int k = 0; k < convs.size(); k++) {
            Wdsr.Conv cv = convs.get(k);
            int out = cv.out(), fan = cv.k() * cv.k() * cv.in();
            float[] v = floats(net.params().get(cv.name() + "_v"));
            float[] g = floats(net.params().get(cv.name() + "_g"));
            double[] sq = new double[out];
            for (int i = 0; i < fan; i++) {
                for (int o = 0; o < out; o++) {
                    double x = v[i * out + o];
                    sq[o] += x * x;
                }
            }
            float[] res = new float[v.length];
            for (int o = 0; o < out; o++) {
                norms[k][o] = Math.sqrt(sq[o]);
            }
            for (int i = 0; i < fan; i++) {
                for (int o = 0; o < out; o++) {
                    res[i * out + o] = (float) (g[o] * v[i * out + o] / norms[k][o]);
                }
            }
            w[k].data().asNioFloat().put(0, res, 0, res.length);
        }
    }

    /** dL/dv = (g/n)(dW − (dW·v / n²) v), dL/dg = dW·v / n, per output channel. */
    private void weightNormBackward(int k, float[] dw, float[] dv, float[] dg) {
        Wdsr.Conv cv = convs.get(k);
        int out = cv.out(), fan = cv.k() * cv.k() * cv.in();
        float[] v = floats(net.params().get(cv.name() + "_v"));
        float[] g = floats(net.params().get(cv.name() + "_g"));
        double[] dot = new double[out];
        for (int i = 0; i < fan; i++) {
            for (int o = 0; o < out; o++) {
                dot[o] += (double) dw[i * out + o] * v[i * out + o];
            }
        }
        for (int o = 0; o < out; o++) {
            dg[o] = (float) (dot[o] / norms[k][o]);
        }
        for (int i = 0; i < fan; i++) {
            for (int o = 0; o < out; o++) {
                double nn = norms[k][o];
                dv[i * out + o] = (float) (g[o] / nn * (dw[i * out + o] - dot[o] / (nn * nn) * v[i * out + o]));
            }
        }
    }

    /** The elements of a dense float32 parameter array (its own buffer, not a view's base). */
    static float[] floats(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.isView() || a.ordering() != 'c') {
            throw new IllegalArgumentException("dense float32 c-order parameter array expected");
        }
        return a.data().asFloat();
    }

    private INDArray bias(int k) {
        return net.params().get(convs.get(k).name() + "_b");
    }

    /** One thread's buffers: one image's activations (all layers when training) and its gradient sums. */
    private final class Shard {
        final INDArray x9 = buf(9), x25 = buf(25), out = buf(f), ones;
        final INDArray[] h, r, y2;
        final INDArray dh, dy2, dr, dout;
        final INDArray[] gw, gb;
        final float[] zeros = new float[bufRows * Math.max(Math.max(c4, 25), f)];
        final float[] chunk = new float[n * Math.max(Math.max(c4, 25), f)];
        final float[] chunk2 = new float[training ? n * Math.max(c4, f) : 0];

        Shard() {
            ones = Nd4j.ones(DataType.FLOAT, n);
            int keep = training ? blocks : 1;
            h = new INDArray[training ? blocks + 1 : 2];
            for (int i = 0; i < h.length; i++) {
                h[i] = buf(c);
            }
            r = new INDArray[keep];
            y2 = new INDArray[keep];
            for (int i = 0; i < keep; i++) {
                r[i] = buf(c4);
                y2[i] = buf(mid);
            }
            if (training) {
                dh = buf(c);
                dy2 = buf(mid);
                dr = buf(c4);
                dout = buf(f);
                gw = new INDArray[convs.size()];
                gb = new INDArray[convs.size()];
                for (int k = 0; k < convs.size(); k++) {
                    gw[k] = Nd4j.create(DataType.FLOAT, w[k].shape());
                    gb[k] = Nd4j.create(DataType.FLOAT, convs.get(k).out());
                }
            } else {
                dh = dy2 = dr = dout = null;
                gw = gb = null;
            }
        }

        private INDArray buf(int channels) {
            return Nd4j.create(DataType.FLOAT, bufRows, channels);
        }

        void zeroGradients() {
            for (int k = 0; k < gw.length; k++) {
                gw[k].assign(0);
                gb[k].assign(0);
            }
        }

        INDArray hAt(int i, boolean keep) {
            return keep ? h[i] : h[i % 2];
        }

        void forward(float[] lr, int im, boolean keep) {
            im2col(lr, im * rows * cols);
            INDArray h0 = hAt(0, keep);
            broadcastBias(head, h0, 0f);
            Blas.gemm(false, false, n, c, 9, 1f, x9, (long) r0 * 9, 9, w[head], 0, c, 1f, h0, (long) r0 * c, c);
            ring(h0, c);
            for (int i = 0; i < blocks; i++) {
                INDArray hi = hAt(i, keep), hn = hAt(i + 1, keep), ri = r[keep ? i : 0], yi = y2[keep ? i : 0];
                int k1 = 1 + 3 * i, k2 = k1 + 1, k3 = k1 + 2;
                Blas.gemm(false, false, n, c4, c, 1f, hi, (long) r0 * c, c, w[k1], 0, c4, 0f, ri, (long) r0 * c4, c4);
                reluBias(ri, bias(k1));
                broadcastBias(k2, yi, 0f);
                Blas.gemm(false, false, n, mid, c4, 1f, ri, (long) r0 * c4, c4, w[k2], 0, mid, 1f, yi, (long) r0 * mid, mid);
                ring(yi, mid);
                Blas.copy(bufRows * c, hi, 0, hn, 0);
                broadcastBias(k3, hn, 1f);
                conv3(yi, mid, k3, hn, c);
                ring(hn, c);
            }
            INDArray hl = hAt(blocks, keep);
            broadcastBias(tail, out, 0f);
            broadcastBias(skip, out, 1f);
            conv3(hl, c, tail, out, f);
            Blas.gemm(false, false, n, f, 25, 1f, x25, (long) r0 * 25, 25, w[skip], 0, f, 1f, out, (long) r0 * f, f);
        }

        /** Pixel shuffle of the output buffer into sr image {@code im}: row h f + channel. */
        void output(float[] sr, int im) {
            out.data().asNioFloat().get(r0 * f, chunk, 0, n * f);
            int base = im * rows * f * cols;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int q = (y * wp + x + 1) * f;
                    for (int ch = 0; ch < f; ch++) {
                        sr[base + (y * f + ch) * cols + x] = chunk[q + ch];
                    }
                }
            }
        }

        /** Backward pass of image {@code im} (after its forward pass); returns its summed absolute error. */
        double backward(float[] hr, int im, double inv) {
            // dL/dout from the L1 loss, in the output buffer's layout; the ring rows stay zero.
            out.data().asNioFloat().get(r0 * f, chunk, 0, n * f);
            java.util.Arrays.fill(chunk2, 0, n * f, 0f);
            int base = im * rows * f * cols;
            double l = 0;
            float g = (float) inv;
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int q = (y * wp + x + 1) * f;
                    for (int ch = 0; ch < f; ch++) {
                        float d = chunk[q + ch] - hr[base + (y * f + ch) * cols + x];
                        l += Math.abs(d);
                        chunk2[q + ch] = d > 0 ? g : d < 0 ? -g : 0f;
                    }
                }
            }
            dout.data().asNioFloat().put(r0 * f, chunk2, 0, n * f);
            Blas.gemm(true, false, 25, f, n, 1f, x25, (long) r0 * 25, 25, dout, (long) r0 * f, f, 1f, gw[skip], 0, f);
            biasGrad(skip, dout, f);
            conv3Backward(h[blocks], c, tail, dout, f, dh);
            for (int i = blocks - 1; i >= 0; i--) {
                int k1 = 1 + 3 * i, k2 = k1 + 1, k3 = k1 + 2;
                INDArray hi = h[i], ri = r[i], yi = y2[i];
                conv3Backward(yi, mid, k3, dh, c, dy2);
                Blas.gemm(true, false, c4, mid, n, 1f, ri, (long) r0 * c4, c4, dy2, (long) r0 * mid, mid, 1f, gw[k2], 0, mid);
                biasGrad(k2, dy2, mid);
                Blas.gemm(false, true, n, c4, mid, 1f, dy2, (long) r0 * mid, mid, w[k2], 0, mid, 0f, dr, (long) r0 * c4, c4);
                reluBackward(dr, ri);
                Blas.gemm(true, false, c, c4, n, 1f, hi, (long) r0 * c, c, dr, (long) r0 * c4, c4, 1f, gw[k1], 0, c4);
                biasGrad(k1, dr, c4);
                Blas.gemm(false, true, n, c, c4, 1f, dr, (long) r0 * c4, c4, w[k1], 0, c4, 1f, dh, (long) r0 * c, c);
            }
            Blas.gemm(true, false, 9, c, n, 1f, x9, (long) r0 * 9, 9, dh, (long) r0 * c, c, 1f, gw[head], 0, c);
            biasGrad(head, dh, c);
            return l;
        }

        /** out += the 3×3 convolution of {@code in} with conv k's weights (no bias): nine shifted GEMMs. */
        private void conv3(INDArray in, int cin, int k, INDArray out, int cout) {
            ShiftedGemmConv.forward(n, cin, cout, shift3, in, r0, w[k], out, r0, 1f);
        }

        /** Backward of {@link #conv3}: adds conv k's weight and bias gradients, writes dL/d{@code in} to din. */
        private void conv3Backward(INDArray in, int cin, int k, INDArray dy, int cout, INDArray din) {
            zero(din, cin);
            ShiftedGemmConv.weightGradient(n, cin, cout, shift3, in, r0, dy, r0, gw[k], 1f);
            ShiftedGemmConv.inputGradient(n, cin, cout, shift3, dy, r0, w[k], din, r0, 1f);
            biasGrad(k, dy, cout);
            ring(din, cin);
        }

        /** y[r0 .. r0 + n) = beta y + bias (a rank-1 GEMM with a column of ones). */
        private void broadcastBias(int k, INDArray y, float beta) {
            int out = convs.get(k).out();
            Blas.gemm(false, false, n, out, 1, 1f, ones, 0, 1, bias(k), 0, out, beta, y, (long) r0 * out, out);
        }

        /** Bias gradient += the column sums of dy over the computed rows (its ring rows are zero). */
        private void biasGrad(int k, INDArray dy, int out) {
            Blas.gemm(false, false, 1, out, n, 1f, ones, 0, n, dy, (long) r0 * out, out, 1f, gb[k], 0, out);
        }

        private void reluBias(INDArray y, INDArray b) {
            FloatBuffer fb = y.data().asNioFloat();
            float[] bb = b.data().asFloat();
            int len = n * c4;
            fb.get(r0 * c4, chunk, 0, len);
            for (int p = 0; p < len; p += c4) {
                for (int ch = 0; ch < c4; ch++) {
                    float v = chunk[p + ch] + bb[ch];
                    chunk[p + ch] = v > 0 ? v : 0f;
                }
            }
            fb.put(r0 * c4, chunk, 0, len);
        }

        private void reluBackward(INDArray d, INDArray act) {
            int len = n * c4;
            FloatBuffer fd = d.data().asNioFloat();
            fd.get(r0 * c4, chunk, 0, len);
            act.data().asNioFloat().get(r0 * c4, chunk2, 0, len);
            for (int p = 0; p < len; p++) {
                if (chunk2[p] <= 0) {
                    chunk[p] = 0f;
                }
            }
            fd.put(r0 * c4, chunk, 0, len);
        }

        private void zero(INDArray a, int channels) {
            a.data().asNioFloat().put(0, zeros, 0, bufRows * channels);
        }

        /** Zeroes every row that is not an image pixel: the guard rows, the padding ring. */
        private void ring(INDArray a, int ch) {
            FloatBuffer fb = a.data().asNioFloat();
            int first = 1 + wp + 1;
            fb.put(0, zeros, 0, first * ch);
            for (int y = 0; y < rows; y++) {
                int end = 1 + (y + 1) * wp + 1 + cols;
                int next = y + 1 < rows ? end + (wp - cols) : bufRows;
                fb.put(end * ch, zeros, 0, (next - end) * ch);
            }
        }

        /** The head's 3×3 and the skip's 5×5 patches of the one-channel input, zero outside the image. */
        private void im2col(float[] lr, int off) {
            fillPatches(lr, off, 3, x9);
            fillPatches(lr, off, 5, x25);
        }

        private void fillPatches(float[] lr, int off, int k, INDArray dst) {
            int kk = k * k, half = k / 2;
            java.util.Arrays.fill(chunk, 0, n * kk, 0f);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int q = (y * wp + x + 1) * kk;
                    for (int dy = 0; dy < k; dy++) {
                        int yy = y + dy - half;
                        if (yy < 0 || yy >= rows) {
                            continue;
                        }
                        for (int dx = 0; dx < k; dx++) {
                            int xx = x + dx - half;
                            if (xx >= 0 && xx < cols) {
                                chunk[q + dy * k + dx] = lr[off + yy * cols + xx];
                            }
                        }
                    }
                }
            }
            dst.data().asNioFloat().put(r0 * kk, chunk, 0, n * kk);
        }
    }
}
