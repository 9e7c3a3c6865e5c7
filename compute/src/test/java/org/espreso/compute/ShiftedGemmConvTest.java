package org.espreso.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The shifted-GEMM convolution against plain loops, with row offsets, uneven shifts and both betas. */
class ShiftedGemmConvTest {
    private static final int ROWS = 7, CIN = 3, COUT = 4, IN_ROW = 2, OUT_ROW = 1;
    private static final int[] SHIFTS = {-2, 0, 3};

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static INDArray of(float[] a) {
        INDArray x = Nd4j.create(DataType.FLOAT, a.length);
        x.data().asNioFloat().put(0, a);
        return x;
    }

    @Test
    void forwardAndBothGradientsMatchLoops() {
        Random r = new Random(3);
        int inRows = IN_ROW + ROWS + 3 + 1, outRows = OUT_ROW + ROWS + 1, taps = SHIFTS.length;
        float[] in = random(r, inRows * CIN), w = random(r, taps * CIN * COUT), out0 = random(r, outRows * COUT);
        float[] dy = random(r, outRows * COUT), gw0 = random(r, taps * CIN * COUT), din0 = random(r, inRows * CIN);
        for (float beta : new float[] {0f, 1f}) {
            INDArray out = of(out0), gw = of(gw0), din = of(din0);
            ShiftedGemmConv.forward(ROWS, CIN, COUT, SHIFTS, of(in), IN_ROW, of(w), out, OUT_ROW, beta);
            ShiftedGemmConv.weightGradient(ROWS, CIN, COUT, SHIFTS, of(in), IN_ROW, of(dy), OUT_ROW, gw, beta);
            ShiftedGemmConv.inputGradient(ROWS, CIN, COUT, SHIFTS, of(dy), OUT_ROW, of(w), din, IN_ROW, beta);

            double[] wantOut = new double[out0.length], wantGw = new double[gw0.length], wantDin = new double[din0.length];
            for (int i = 0; i < out0.length; i++) {
                int row = i / COUT;
                wantOut[i] = row >= OUT_ROW && row < OUT_ROW + ROWS ? beta * out0[i] : out0[i];
            }
            for (int i = 0; i < gw0.length; i++) {
                wantGw[i] = beta * gw0[i];
            }
            for (int i = 0; i < din0.length; i++) {
                int row = i / CIN - IN_ROW - SHIFTS[0];
                wantDin[i] = row >= 0 && row < ROWS ? beta * din0[i] : din0[i];
            }
            for (int t = 0; t < taps; t++) {
                for (int q = 0; q < ROWS; q++) {
                    int ir = IN_ROW + q + SHIFTS[t], or = OUT_ROW + q;
                    for (int c = 0; c < CIN; c++) {
                        for (int o = 0; o < COUT; o++) {
                            double wt = w[(t * CIN + c) * COUT + o];
                            wantOut[or * COUT + o] += in[ir * CIN + c] * wt;
                            wantGw[(t * CIN + c) * COUT + o] += in[ir * CIN + c] * (double) dy[or * COUT + o];
                            wantDin[ir * CIN + c] += dy[or * COUT + o] * wt;
                        }
                    }
                }
            }
            float[] gotOut = out.data().asFloat(), gotGw = gw.data().asFloat(), gotDin = din.data().asFloat();
            for (int i = 0; i < wantOut.length; i++) {
                assertEquals(wantOut[i], gotOut[i], 1e-4, "out " + i + " beta " + beta);
            }
            for (int i = 0; i < wantGw.length; i++) {
                assertEquals(wantGw[i], gotGw[i], 1e-4, "gw " + i + " beta " + beta);
            }
            for (int i = 0; i < wantDin.length; i++) {
                assertEquals(wantDin[i], gotDin[i], 1e-4, "din " + i + " beta " + beta);
            }
        }
    }
}
