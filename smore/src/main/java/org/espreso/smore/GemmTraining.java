package org.espreso.smore;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training with {@link GemmWdsr}'s passes and Adam written out here (ND4J's formula, see {@link WdsrTraining}).
 * The parameters are the network's own arrays, updated in place. The loss comes with every step for free.
 */
final class GemmTraining implements WdsrTraining {
    private static final double BETA2 = 0.999, EPS = 1e-8;
    private final Wdsr net;
    private final GemmWdsr passes;
    private final GemmWdsr.Gradients grads;
    private final int batch;
    private final List<String> names;
    private final float[][] m, v;
    private int iteration;

    GemmTraining(Wdsr net, int batch, int rows, int cols, int threads) {
        this.net = net;
        this.batch = batch;
        this.passes = new GemmWdsr(net, rows, cols, threads, true);
        this.grads = passes.newGradients();
        this.names = net.paramNames();
        m = new float[names.size()][];
        v = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            m[i] = new float[(int) net.params().get(names.get(i)).length()];
            v[i] = new float[m[i].length];
        }
    }

    @Override
    public double step(float[] lr, float[] hr, double learningRate, double beta1, boolean wantLoss) {
        double loss = passes.lossAndGradients(lr, hr, batch, grads);
        double t = iteration + 1.0;
        double size = learningRate * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(beta1, t));
        if (!Double.isFinite(size) || size == 0) {
            size = EPS;
        }
        for (int i = 0; i < names.size(); i++) {
            int k = i / 3;
            float[] g = switch (i % 3) {
                case 0 -> grads.v()[k];
                case 1 -> grads.g()[k];
                default -> grads.b()[k];
            };
            INDArray p = net.params().get(names.get(i));
            float[] w = GemmWdsr.floats(p);
            float[] mi = m[i], vi = v[i];
            for (int j = 0; j < w.length; j++) {
                double gj = g[j];
                mi[j] = (float) (beta1 * mi[j] + (1 - beta1) * gj);
                vi[j] = (float) (BETA2 * vi[j] + (1 - BETA2) * gj * gj);
                w[j] = (float) (w[j] - size * mi[j] / (Math.sqrt(vi[j]) + EPS));
            }
            p.data().asNioFloat().put(0, w, 0, w.length);
        }
        iteration++;
        return loss;
    }

    @Override
    public INDArray param(String name) {
        return net.params().get(name);
    }

    @Override
    public INDArray[] moments(String name) {
        int i = names.indexOf(name);
        long[] sh = net.shapeOf(name);
        return new INDArray[] {Nd4j.create(m[i].clone(), sh, 'c'), Nd4j.create(v[i].clone(), sh, 'c')};
    }

    @Override
    public void restore(Map<String, INDArray> params, Map<String, INDArray[]> moments, int it) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            net.params().get(n).assign(params.get(n).reshape(net.shapeOf(n)));
            float[] mm = moments.get(n)[0].castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] vv = moments.get(n)[1].castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(mm, 0, m[i], 0, m[i].length);
            System.arraycopy(vv, 0, v[i], 0, v[i].length);
        }
        iteration = it;
    }

    @Override
    public void close() {
        // GemmWdsr's buffers are freed with it by the garbage collector; nothing is held beyond the network.
    }
}
