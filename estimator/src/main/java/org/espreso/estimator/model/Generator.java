package org.espreso.estimator.model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.espreso.compute.ShiftedGemmConv;
import org.espreso.core.train.Rng;
import org.espreso.estimator.EstimatorConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The profile network of docs/espreso.md with hand-written forward and backward passes: a learnable embedding E
 * [K + n(w−1), C] → n valid convolutions of width 3 along its length (ReLU between them for {@code release}) →
 * K logits → symmetrised ({@code release}) → softmax → the profile k.
 *
 * <p>Activations are position-major [length, channels], so a convolution is one GEMM of its im2col rows (row l is
 * the contiguous block of input rows l … l+2) with W [3·C_in, C_out]. The network is tiny (≈ 10 MFLOP per pass):
 * a SameDiff graph of it spent ≈ 30 ms per iteration in per-op overhead, these passes take about a millisecond.
 * Gradients are checked against finite differences (GradientCheckTest).
 */
final class Generator {
    private static final int W = 3;
    private final int k, n;
    private final boolean relu, symmetrise;
    private final int[] len, ch;
    private final List<String> names = new ArrayList<>();
    private final List<INDArray> params = new ArrayList<>(), grads = new ArrayList<>();
    private final INDArray[] act, z, dz, dact;
    private final float[][] zf;
    private float[] profile;

    Generator(EstimatorConfig cfg, Rng rng) {
        k = cfg.profileLength();
        n = cfg.genConvs();
        relu = cfg.genReLU();
        symmetrise = cfg.symmetrise();
        int c = cfg.genChannels();
        len = new int[n + 1];
        ch = new int[n + 1];
        len[0] = k + n * (W - 1);
        ch[0] = c;
        for (int i = 0; i < n; i++) {
            len[i + 1] = len[i] - (W - 1);
            ch[i + 1] = i == n - 1 ? 1 : c;
        }
        // Same draws, in the same order, as a default conv initialisation: E, then W_i and b_i per layer.
        add("g_E", uniform(rng, 1 / Math.sqrt((double) c * len[0]), len[0], c));
        act = new INDArray[n];
        z = new INDArray[n];
        dz = new INDArray[n];
        dact = new INDArray[n];
        zf = new float[n][];
        for (int i = 0; i < n; i++) {
            double bound = 1 / Math.sqrt((double) ch[i] * W);
            add("g_W" + i, uniform(rng, bound, (long) W * ch[i], ch[i + 1]));
            add("g_b" + i, uniform(rng, bound, ch[i + 1]));
            act[i] = Nd4j.create(DataType.FLOAT, len[i], ch[i]);
            dact[i] = Nd4j.create(DataType.FLOAT, len[i], ch[i]);
            z[i] = Nd4j.create(DataType.FLOAT, len[i + 1], ch[i + 1]);
            dz[i] = Nd4j.create(DataType.FLOAT, len[i + 1], ch[i + 1]);
        }
    }

    private void add(String name, INDArray p) {
        names.add(name);
        params.add(p);
        grads.add(Nd4j.create(DataType.FLOAT, p.shape()));
    }

    private static INDArray uniform(Rng rng, double bound, long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        FloatBuffer b = a.data().asNioFloat();
        for (int i = 0; i < a.length(); i++) {
            b.put(i, (float) ((2 * rng.nextDouble() - 1) * bound));
        }
        return a;
    }

    List<String> names() {
        return List.copyOf(names);
    }

    /** The parameter arrays (updated in place by the optimiser), in {@link #names()} order. */
    List<INDArray> parameters() {
        return params;
    }

    /** Computes k from the current parameters (keeping what the backward pass needs) and returns it. */
    float[] forward() {
        float[] h = params.get(0).data().asFloat();
        for (int i = 0; i < n; i++) {
            int cin = ch[i], cout = ch[i + 1], lo = len[i + 1];
            // position-major activations [len, cin]: tap t of every output reads the block shifted by t rows
            act[i].data().asNioFloat().put(0, h, 0, len[i] * cin);
            float[] bias = params.get(2 + 2 * i).data().asFloat();
            float[] zi = new float[lo * cout];
            for (int l = 0; l < lo; l++) {
                System.arraycopy(bias, 0, zi, l * cout, cout);
            }
            z[i].data().asNioFloat().put(0, zi, 0, zi.length);
            ShiftedGemmConv.forward(lo, cin, cout, ShiftedGemmConv.taps(W, 1), act[i], 0, params.get(1 + 2 * i), z[i], 0, 1f);
            zf[i] = z[i].data().asFloat();
            h = zf[i].clone();
            if (relu && i < n - 1) {
                for (int j = 0; j < h.length; j++) {
                    h[j] = Math.max(h[j], 0f);
                }
            }
        }
        double[] v = new double[k];
        for (int i = 0; i < k; i++) {
            v[i] = symmetrise ? 0.5 * ((double) h[i] + h[k - 1 - i]) : h[i];
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            e[i] = Math.exp(v[i] - max);
            sum += e[i];
        }
        profile = new float[k];
        for (int i = 0; i < k; i++) {
            profile[i] = (float) (e[i] / sum);
        }
        return profile.clone();
    }

    /**
     * Gradients of a loss with {@code dL/dk = dk} w.r.t. the parameters, for the parameters of the last
     * {@link #forward()}; the returned arrays are reused by the next call.
     */
    List<INDArray> backward(double[] dk) {
        double dot = 0;
        for (int i = 0; i < k; i++) {
            dot += profile[i] * dk[i];
        }
        double[] dv = new double[k];
        for (int i = 0; i < k; i++) {
            dv[i] = profile[i] * (dk[i] - dot);
        }
        float[] d = new float[k];
        for (int i = 0; i < k; i++) {
            d[i] = (float) (symmetrise ? 0.5 * (dv[i] + dv[k - 1 - i]) : dv[i]);
        }
        for (int i = n - 1; i >= 0; i--) {
            int cin = ch[i], cout = ch[i + 1], lo = len[i + 1];
            dz[i].data().asNioFloat().put(0, d, 0, d.length);
            float[] gb = new float[cout];
            for (int l = 0; l < lo; l++) {
                for (int o = 0; o < cout; o++) {
                    gb[o] += d[l * cout + o];
                }
            }
            grads.get(2 + 2 * i).data().asNioFloat().put(0, gb, 0, cout);
            int[] taps = ShiftedGemmConv.taps(W, 1);
            ShiftedGemmConv.weightGradient(lo, cin, cout, taps, act[i], 0, dz[i], 0, grads.get(1 + 2 * i), 0f);
            dact[i].assign(0f); // the last W − 1 rows get no first-tap term
            ShiftedGemmConv.inputGradient(lo, cin, cout, taps, dz[i], 0, params.get(1 + 2 * i), dact[i], 0, 1f);
            float[] dh = dact[i].data().asFloat();
            if (i > 0 && relu) {
                float[] zp = zf[i - 1];
                for (int j = 0; j < dh.length; j++) {
                    if (zp[j] <= 0) {
                        dh[j] = 0f;
                    }
                }
            }
            d = dh;
        }
        grads.get(0).data().asNioFloat().put(0, d, 0, d.length);
        return grads;
    }
}
