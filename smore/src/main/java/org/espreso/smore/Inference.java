package org.espreso.smore;

import org.espreso.core.resample.AxisMap;
import org.espreso.core.resample.Grid;
import org.espreso.core.volume.Volume;

/**
 * Applies a model to both through-plane stacks (docs/smore.md): every plane containing the LR axis and in-plane axis
 * a (one per index along b), then every plane containing the LR axis and b, batched; the two results are combined
 * by the mean (accumulated into the output array, so only the input and the output are held) or by FBA (which
 * needs the two volumes separately). Intensities are normalised on the fly and mapped back at the end.
 */
public final class Inference {
    private Inference() {
    }

    static Volume run(SmoreModel model, Volume lr, int axis, double scale, SmoreConfig options,
            SmoreListener listener) {
        double s = SrGeometry.snap(scale);
        int n = lr.dim(axis);
        Grid out = SrGeometry.outputGrid(n, s);
        int m = out.length();
        Grid pre = SrGeometry.preUpsampling(n, m, s);
        AxisMap preMap = SrGeometry.isIdentity(pre, n) ? null : AxisMap.cubic(n, pre);
        int inRows = pre.length();
        Intensity it = Intensity.of(lr);
        int[] ip = Volume.inPlaneAxes(axis);
        int[] od = lr.dims();
        od[axis] = m;
        long total = (long) od[0] * od[1] * od[2];
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output of " + total + " voxels is too large");
        }
        boolean fba = options.combine() == Combine.FBA;
        float[] acc = new float[(int) total];
        float[] second = fba ? new float[(int) total] : acc;
        int slicesTotal = lr.dim(ip[0]) + lr.dim(ip[1]);
        int[] done = {0};
        for (int stack = 0; stack < 2; stack++) {
            runStack(model, lr, axis, ip[stack], ip[1 - stack], m, inRows, preMap, it, od,
                    stack == 0 ? acc : second, options.inferencePixels(), listener, done, slicesTotal);
        }
        if (fba) {
            Fba.combine(acc, second, od, options.fbaPower());
        } else {
            for (int i = 0; i < acc.length; i++) {
                acc[i] *= 0.5f;
            }
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i] = it.inverse(acc[i]);
        }
        return SrGeometry.outputVolume(lr, axis, s, acc);
    }

    /** Number of slices per forward pass: about {@code pixels} input pixels, balanced over the batches. */
    public static int batchSize(int slices, int slicePixels, int pixels) {
        int max = Math.max(1, Math.min(slices, pixels / Math.max(1, slicePixels)));
        int batches = (slices + max - 1) / max;
        return (slices + batches - 1) / batches;
    }

    private static void runStack(SmoreModel model, Volume lr, int axis, int sliceAxis, int colAxis, int m,
            int inRows, AxisMap preMap, Intensity it, int[] od, float[] target, int pixels,
            SmoreListener listener, int[] done, int slicesTotal) {
        int n = lr.dim(axis);
        int slices = lr.dim(sliceAxis), cols = lr.dim(colAxis);
        int f = model.network().factor();
        int batch = batchSize(slices, inRows * cols, pixels);
        WdsrForward net = Engine.current().forward(model.network(), batch, inRows, cols);
        float[] buf = new float[batch * inRows * cols];
        float[] res = new float[batch * inRows * f * cols];
        double[] line = new double[n];
        float[] d = lr.data();
        int sA = lr.stride(axis), sS = lr.stride(sliceAxis), sC = lr.stride(colAxis);
        int oA = Volume.stride(od, axis), oS = Volume.stride(od, sliceAxis), oC = Volume.stride(od, colAxis);
        float lo = it.min(), k = it.scale();
        int outRows = inRows * f;
        for (int start = 0; start < slices; start += batch) {
            int count = Math.min(batch, slices - start);
            java.util.Arrays.fill(buf, 0f);
            for (int b = 0; b < count; b++) {
                int base = (start + b) * sS;
                int o = b * inRows * cols;
                for (int c = 0; c < cols; c++) {
                    if (preMap == null) {
                        for (int r = 0; r < n; r++) {
                            buf[o + r * cols + c] = (d[base + c * sC + r * sA] - lo) * k;
                        }
                    } else {
                        for (int r = 0; r < n; r++) {
                            line[r] = (d[base + c * sC + r * sA] - lo) * k;
                        }
                        double[] up = preMap.apply(line);
                        for (int r = 0; r < inRows; r++) {
                            buf[o + r * cols + c] = (float) up[r];
                        }
                    }
                }
            }
            net.apply(buf, count, res);
            for (int b = 0; b < count; b++) {
                int ob = (start + b) * oS;
                int src = b * outRows * cols;
                for (int r = 0; r < m; r++) {
                    int orow = ob + r * oA;
                    int srow = src + r * cols;
                    for (int c = 0; c < cols; c++) {
                        target[orow + c * oC] += res[srow + c];
                    }
                }
            }
            done[0] += count;
            listener.inferenceProgress(done[0], slicesTotal);
        }
    }


}
