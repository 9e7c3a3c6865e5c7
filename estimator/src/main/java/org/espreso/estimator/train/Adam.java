package org.espreso.estimator.train;

import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam as PyTorch's {@code torch.optim.Adam}: coupled L2 weight decay added to the gradient, bias correction with
 * the current beta1 (so a cycled beta1 behaves as under {@code OneCycleLR}), eps 1e-8 outside the square root.
 * Updates ND4J parameter arrays in place through their native buffers; moments are kept in Java arrays so that a
 * checkpoint can save them. Optional clipping by value is applied to the raw gradient before the decay term,
 * as {@code clip_grad_value_} before {@code step()}.
 */
public final class Adam {
    private final List<INDArray> params;
    private final float[][] m, v;
    private final double beta2, weightDecay, clip;
    private int step;

    public Adam(List<INDArray> params, double beta2, double weightDecay, double clip) {
        this.params = params;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
        this.clip = clip;
        m = new float[params.size()][];
        v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            int n = (int) params.get(i).length();
            m[i] = new float[n];
            v[i] = new float[n];
        }
    }

    /** One step; {@code grads} in the order of the parameters. */
    public void step(List<INDArray> grads, double lr, double beta1) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        double stepSize = lr / bc1;
        double sqrtBc2 = Math.sqrt(bc2);
        float b1 = (float) beta1, b2 = (float) beta2, wd = (float) weightDecay, c = (float) clip;
        for (int i = 0; i < params.size(); i++) {
            FloatBuffer p = buffer(params.get(i));
            FloatBuffer g = buffer(grads.get(i));
            float[] mi = m[i], vi = v[i];
            for (int j = 0; j < mi.length; j++) {
                float gj = g.get(j);
                if (c > 0) {
                    gj = Math.max(-c, Math.min(c, gj));
                }
                float pj = p.get(j);
                gj += wd * pj;
                mi[j] = b1 * mi[j] + (1 - b1) * gj;
                vi[j] = b2 * vi[j] + (1 - b2) * gj * gj;
                double denom = Math.sqrt(vi[j]) / sqrtBc2 + 1e-8;
                p.put(j, (float) (pj - stepSize * mi[j] / denom));
            }
        }
    }

    static FloatBuffer buffer(INDArray a) {
        if (a.isView() || a.ordering() != 'c' || a.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
            throw new IllegalArgumentException("Adam needs dense float32 arrays");
        }
        return a.data().asNioFloat();
    }

    public int stepCount() {
        return step;
    }

    public float[][] firstMoments() {
        return m;
    }

    public float[][] secondMoments() {
        return v;
    }

    /** Forgets the moments and the step count, as a new optimiser over the same parameters. */
    public void reset() {
        for (int i = 0; i < m.length; i++) {
            java.util.Arrays.fill(m[i], 0f);
            java.util.Arrays.fill(v[i], 0f);
        }
        step = 0;
    }

    /** Restores the state saved from {@link #firstMoments()}, {@link #secondMoments()} and {@link #stepCount()}. */
    public void restore(int stepCount, float[][] m1, float[][] m2) {
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m1[i], 0, m[i], 0, m[i].length);
            System.arraycopy(m2[i], 0, v[i], 0, v[i].length);
        }
        step = stepCount;
    }
}
