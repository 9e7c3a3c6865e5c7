package org.espreso.smore;

import java.lang.reflect.Method;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Training through the SameDiff graph and its Adam updater. Input arrays are allocated once and refilled each
 * step (ND4J frees native memory only when the Java GC runs).
 */
final class SameDiffTraining implements WdsrTraining {
    /** Steps between explicit garbage collections (native memory of dropped arrays). */
    private static final int GC_EVERY = 10;
    private final Wdsr net;
    private final SameDiff sd;
    private final Adam adam;
    private final INDArray lrArr, hrArr;
    private int calls;

    SameDiffTraining(Wdsr net, int batch, int rows, int cols) {
        this.net = net;
        this.sd = net.graph(batch, rows, cols, true);
        this.adam = new Adam(1e-3, 0.9, 0.999, 1e-8);
        sd.setTrainingConfig(TrainingConfig.builder().updater(adam).dataSetFeatureMapping("lr")
                .dataSetLabelMapping("hr").minimize(true).build());
        this.lrArr = Nd4j.create(DataType.FLOAT, batch, 1, rows, cols);
        this.hrArr = Nd4j.create(DataType.FLOAT, batch, 1, (long) rows * net.factor(), cols);
    }

    @Override
    public double step(float[] lr, float[] hr, double learningRate, double beta1, boolean wantLoss) {
        lrArr.data().asNioFloat().put(0, lr, 0, (int) lrArr.length());
        hrArr.data().asNioFloat().put(0, hr, 0, (int) hrArr.length());
        adam.setLearningRate(learningRate);
        adam.setBeta1(beta1);
        // SameDiff's fit skips the forward ops that the gradient does not need, the loss itself among them; a
        // forward pass (a third of a step) measures it on this batch, before the update.
        double loss = Double.NaN;
        if (wantLoss) {
            INDArray l = sd.output(Map.of("lr", lrArr, "hr", hrArr), "loss").get("loss");
            loss = l.getDouble(0);
            l.close();
        }
        MultiDataSet mds = new MultiDataSet(new INDArray[] {lrArr}, new INDArray[] {hrArr});
        if (calls == 0) {
            // SameDiff prints "Added differentiated op ..." to stdout while it builds the gradient graph.
            Quiet.run(() -> sd.fit(mds));
        } else {
            sd.fit(mds);
        }
        if (++calls % GC_EVERY == 0) {
            // Unreachable INDArrays free their native memory only when collected (docs/benchmarks.md).
            System.gc();
        }
        return loss;
    }

    @Override
    public INDArray param(String name) {
        return sd.getArrForVarName(name);
    }

    @Override
    public INDArray[] moments(String name) {
        Map<String, GradientUpdater> ups = sd.getUpdaterMap();
        GradientUpdater u = ups == null ? null : ups.get(name);
        long[] sh = net.shapeOf(name);
        if (u == null) {
            return new INDArray[] {Nd4j.zeros(DataType.FLOAT, sh), Nd4j.zeros(DataType.FLOAT, sh)};
        }
        Map<String, INDArray> st = u.getState();
        return new INDArray[] {st.get("M").reshape(sh), st.get("V").reshape(sh)};
    }

    @Override
    public void restore(Map<String, INDArray> params, Map<String, INDArray[]> moments, int iteration) {
        for (String n : net.paramNames()) {
            sd.getArrForVarName(n).assign(params.get(n));
        }
        initialiseUpdaters();
        for (String n : net.paramNames()) {
            Map<String, INDArray> s = sd.getUpdaterMap().get(n).getState();
            s.get("M").assign(moments.get(n)[0].reshape(s.get("M").shape()));
            s.get("V").assign(moments.get(n)[1].reshape(s.get("V").shape()));
        }
        sd.getTrainingConfig().setIterationCount(iteration);
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

    @Override
    public void close() {
        lrArr.close();
        hrArr.close();
    }
}
