package org.espreso.smore;

import org.espreso.core.train.Rng;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The WDSR-B network of docs/smore.md as SameDiff graphs over one set of parameter arrays.
 *
 * <p>head conv3x3 (1→C); B residual blocks {@code x + conv3x3(conv1x1(relu(conv1x1(x))))} with widths C→4C→⌊0.8C⌋→C;
 * tail conv3x3 (C→f); skip conv5x5 (1→f); both through the 1-D pixel shuffle along rows (output row = h f + channel)
 * and added. Every conv is weight-normalised: {@code w = g v / ||v||} per output channel, v, g and the bias being
 * the trainable parameters. Initialisation as PyTorch's default conv init (uniform ±1/sqrt(fan_in) for v and the
 * bias) with g = ||v|| so that w = v at the start. Layout NCHW, weights [kH, kW, in, out], zero "same" padding.
 */
public final class Wdsr {
    public static final int DEFAULT_CHANNELS = 32;
    public static final int DEFAULT_BLOCKS = 16;

    /** One weight-normalised convolution. */
    public record Conv(String name, int k, int in, int out) {
        long[] vShape() {
            return new long[] {k, k, in, out};
        }
    }

    private final int channels;
    private final int blocks;
    private final int factor;
    private final List<Conv> convs = new ArrayList<>();
    private final Map<String, INDArray> params = new LinkedHashMap<>();

    public Wdsr(int channels, int blocks, int factor) {
        if (channels < 2 || blocks < 0 || factor < 1) {
            throw new IllegalArgumentException("bad WDSR shape: C=" + channels + " B=" + blocks + " f=" + factor);
        }
        this.channels = channels;
        this.blocks = blocks;
        this.factor = factor;
        int mid = (int) Math.floor(0.8 * channels);
        convs.add(new Conv("head", 3, 1, channels));
        for (int i = 0; i < blocks; i++) {
            convs.add(new Conv("b" + i + "_c1", 1, channels, 4 * channels));
            convs.add(new Conv("b" + i + "_c2", 1, 4 * channels, mid));
            convs.add(new Conv("b" + i + "_c3", 3, mid, channels));
        }
        convs.add(new Conv("tail", 3, channels, factor));
        convs.add(new Conv("skip", 5, 1, factor));
    }

    public int channels() {
        return channels;
    }

    public int blocks() {
        return blocks;
    }

    public int factor() {
        return factor;
    }

    public List<Conv> convs() {
        return List.copyOf(convs);
    }

    /** Names of the parameter arrays in a fixed order: for each conv {@code name_v, name_g, name_b}. */
    public List<String> paramNames() {
        List<String> n = new ArrayList<>();
        for (Conv c : convs) {
            n.add(c.name + "_v");
            n.add(c.name + "_g");
            n.add(c.name + "_b");
        }
        return n;
    }

    public Map<String, INDArray> params() {
        return params;
    }

    public long parameterCount() {
        long n = 0;
        for (Conv c : convs) {
            n += (long) c.k * c.k * c.in * c.out + 2L * c.out;
        }
        return n;
    }

    /** Multiply-accumulates per network-input pixel of one forward pass. */
    public long macsPerPixel() {
        long n = 0;
        for (Conv c : convs) {
            n += (long) c.k * c.k * c.in * c.out;
        }
        return n;
    }

    /** Fresh seeded parameters. */
    public Wdsr initialise(Rng rng) {
        params.clear();
        for (Conv c : convs) {
            int fanIn = c.k * c.k * c.in;
            double bound = 1 / Math.sqrt(fanIn);
            float[] v = new float[fanIn * c.out];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.uniform(bound);
            }
            float[] g = new float[c.out];
            float[] b = new float[c.out];
            for (int o = 0; o < c.out; o++) {
                double s = 0;
                for (int i = 0; i < fanIn; i++) {
                    double x = v[i * c.out + o];
                    s += x * x;
                }
                g[o] = (float) Math.sqrt(s);
                b[o] = (float) rng.uniform(bound);
            }
            params.put(c.name + "_v", Nd4j.create(v, c.vShape(), 'c'));
            params.put(c.name + "_g", Nd4j.create(g, new long[] {c.out}, 'c'));
            params.put(c.name + "_b", Nd4j.create(b, new long[] {c.out}, 'c'));
        }
        return this;
    }

    /** Shape of parameter {@code name}. */
    public long[] shapeOf(String name) {
        for (Conv c : convs) {
            if (name.equals(c.name + "_v")) {
                return c.vShape();
            }
            if (name.equals(c.name + "_g") || name.equals(c.name + "_b")) {
                return new long[] {c.out};
            }
        }
        throw new IllegalArgumentException("no parameter " + name);
    }

    /**
     * A graph for inputs of a fixed shape: placeholder {@code lr} [batch, 1, rows, cols] → {@code sr}
     * [batch, 1, rows f, cols]. With {@code training}, also placeholder {@code hr} and the L1 loss {@code loss}.
     * The graph's variables are the parameter arrays of this network (updated in place by training).
     */
    public SameDiff graph(int batch, int rows, int cols, boolean training) {
        if (params.isEmpty()) {
            throw new IllegalStateException("parameters not initialised");
        }
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("lr", DataType.FLOAT, batch, 1, rows, cols);
        Map<String, SDVariable> w = new LinkedHashMap<>();
        for (Conv c : convs) {
            SDVariable v = sd.var(c.name + "_v", params.get(c.name + "_v"));
            SDVariable g = sd.var(c.name + "_g", params.get(c.name + "_g"));
            sd.var(c.name + "_b", params.get(c.name + "_b"));
            w.put(c.name, weightNorm(v, g));
        }
        SDVariable h = conv(sd, x, "head", w, 3);
        for (int i = 0; i < blocks; i++) {
            SDVariable r = conv(sd, h, "b" + i + "_c1", w, 1);
            r = sd.nn().relu(r, 0);
            r = conv(sd, r, "b" + i + "_c2", w, 1);
            r = conv(sd, r, "b" + i + "_c3", w, 3);
            h = h.add(r);
        }
        SDVariable tail = shuffle(sd, conv(sd, h, "tail", w, 3), batch, factor, rows, cols);
        SDVariable skip = shuffle(sd, conv(sd, x, "skip", w, 5), batch, factor, rows, cols);
        SDVariable sr = tail.add("sr", skip);
        if (training) {
            SDVariable y = sd.placeHolder("hr", DataType.FLOAT, batch, 1, (long) rows * factor, cols);
            sd.math().abs(sr.sub(y)).mean("loss");
            sd.setLossVariables("loss");
        }
        return sd;
    }

    /** {@code g v / ||v||}, the norm over all but the output-channel (last) dimension. */
    static SDVariable weightNorm(SDVariable v, SDVariable g) {
        SDVariable norm = v.norm2(0, 1, 2);
        return v.mul(g.div(norm));
    }

    private static SDVariable conv(SameDiff sd, SDVariable x, String name, Map<String, SDVariable> w, int k) {
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NCHW").build();
        return sd.cnn().conv2d(x, w.get(name), sd.getVariable(name + "_b"), cfg);
    }

    /**
     * 1-D pixel shuffle along rows: [b, f, r, c] → [b, 1, r f, c] with output row {@code h f + channel}.
     */
    public static SDVariable shuffle(SameDiff sd, SDVariable t, int batch, int f, int rows, int cols) {
        if (f == 1) {
            return t;
        }
        SDVariable p = sd.permute(t, 0, 2, 1, 3);
        return sd.reshape(p, batch, 1, (long) rows * f, cols);
    }
}
