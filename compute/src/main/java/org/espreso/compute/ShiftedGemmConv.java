package org.espreso.compute;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The toolkit's one convolution kernel: a convolution as one GEMM per tap on activations stored row-major as
 * [rows, channels], where tap t reads the input rows shifted by {@code shifts[t]}. With activations laid out so
 * that a tap's inputs for all outputs are one contiguous block (position-major for the estimator's 1-D convs; a
 * padded image for SMORE's 3×3 convs), no im2col copy is needed. Weights are [taps · cin, cout] row-major: tap t's
 * [cin, cout] block starts at row {@code t · cin}.
 *
 * <p>Rows are counted in activation rows; {@code inRow} and {@code outRow} are the first row the call reads or
 * writes. The caller sizes the arrays so that every shifted row exists.
 */
public final class ShiftedGemmConv {
    private ShiftedGemmConv() {
    }

    /**
     * {@code out[outRow + r] = beta · out[outRow + r] + Σ_t in[inRow + r + shifts[t]] · w_t} for r &lt; rows (beta
     * scales the old output once; the taps accumulate).
     */
    public static void forward(int rows, int cin, int cout, int[] shifts, INDArray in, long inRow, INDArray w,
                               INDArray out, long outRow, float beta) {
        for (int t = 0; t < shifts.length; t++) {
            Blas.gemm(false, false, rows, cout, cin, 1f, in, (inRow + shifts[t]) * cin, cin, w, (long) t * cin * cout, cout,
                    t == 0 ? beta : 1f, out, outRow * cout, cout);
        }
    }

    /** {@code gw_t = beta · gw_t + in[inRow + shifts[t] ..]ᵀ · dy[dyRow ..]} over {@code rows} rows, for every tap. */
    public static void weightGradient(int rows, int cin, int cout, int[] shifts, INDArray in, long inRow, INDArray dy,
                                      long dyRow, INDArray gw, float beta) {
        for (int t = 0; t < shifts.length; t++) {
            Blas.gemm(true, false, cin, cout, rows, 1f, in, (inRow + shifts[t]) * cin, cin, dy, dyRow * cout, cout, beta,
                    gw, (long) t * cin * cout, cout);
        }
    }

    /**
     * {@code din[inRow + shifts[t] + r] += dy[dyRow + r] · w_tᵀ} for every tap; the first tap's rows are first scaled
     * by beta (0 overwrites them; rows no first-tap output reaches are the caller's to clear).
     */
    public static void inputGradient(int rows, int cin, int cout, int[] shifts, INDArray dy, long dyRow, INDArray w,
                                     INDArray din, long inRow, float beta) {
        for (int t = 0; t < shifts.length; t++) {
            Blas.gemm(false, true, rows, cin, cout, 1f, dy, dyRow * cout, cout, w, (long) t * cin * cout, cout,
                    t == 0 ? beta : 1f, din, (inRow + shifts[t]) * cin, cin);
        }
    }

    /** The shifts of a 1-D convolution of width {@code w} whose consecutive positions are {@code stride} rows apart. */
    public static int[] taps(int w, int stride) {
        int[] s = new int[w];
        for (int t = 0; t < w; t++) {
            s[t] = t * stride;
        }
        return s;
    }
}
