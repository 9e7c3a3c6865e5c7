package org.espreso.smore;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Inference through the SameDiff graph, for a fixed batch shape (a short batch is zero-padded). */
final class SameDiffForward implements WdsrForward {
    private final SameDiff sd;
    private final INDArray in;
    private final float[] buf;
    private final int batch, pixelsIn, pixelsOut;

    SameDiffForward(Wdsr net, int batch, int rows, int cols) {
        this.sd = net.graph(batch, rows, cols, false);
        this.batch = batch;
        this.pixelsIn = rows * cols;
        this.pixelsOut = rows * net.factor() * cols;
        this.in = Nd4j.create(DataType.FLOAT, batch, 1, rows, cols);
        this.buf = new float[batch * pixelsIn];
    }

    @Override
    public void apply(float[] lr, int count, float[] sr) {
        if (count > batch) {
            throw new IllegalArgumentException("batch of " + count + " exceeds " + batch);
        }
        System.arraycopy(lr, 0, buf, 0, count * pixelsIn);
        Arrays.fill(buf, count * pixelsIn, buf.length, 0f);
        in.data().asNioFloat().put(0, buf, 0, buf.length);
        INDArray out = sd.output(Map.of("lr", in), "sr").get("sr");
        out.data().asNioFloat().get(0, sr, 0, count * pixelsOut);
        out.close();
        System.gc(); // frees the native buffers of the graph's dropped intermediate arrays
    }

    @Override
    public int batch() {
        return batch;
    }
}
