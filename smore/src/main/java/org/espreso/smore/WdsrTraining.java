package org.espreso.smore;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One engine's training state of a WDSR network: the parameters it updates and their Adam moments. The update is
 * ND4J's Adam (beta2 0.999, eps 1e-8; step size lr·sqrt(1 − beta2^t)/(1 − beta1^t) with the current beta1), so
 * both engines follow the same trajectory up to float rounding and share one checkpoint format.
 */
public interface WdsrTraining {
    /**
     * One Adam step on a batch (lr [batch, rows, cols], hr [batch, rows f, cols]); returns the batch's mean L1
     * loss before the update, or NaN where it is not measured ({@code wantLoss} false may skip it).
     */
    double step(float[] lr, float[] hr, double learningRate, double beta1, boolean wantLoss);

    /** The trained parameter array {@code name} (the engine's own; updated in place by {@link #step}). */
    INDArray param(String name);

    /** Adam's first and second moments of parameter {@code name}, in its shape. */
    INDArray[] moments(String name);

    /** Continues from saved parameters, moments and iteration count (checkpoint resume). */
    void restore(Map<String, INDArray> params, Map<String, INDArray[]> moments, int iteration);

    /** Frees native buffers. */
    void close();
}
