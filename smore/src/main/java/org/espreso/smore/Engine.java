package org.espreso.smore;

import java.util.Locale;
import org.espreso.compute.Backend;
import org.espreso.compute.Blas;

/**
 * How SMORE evaluates its network: {@link #GEMM}, the hand-written passes on direct SGEMM ({@link GemmWdsr}), on
 * the CPU backend; {@link #SAMEDIFF}, the SameDiff graph ({@link Wdsr#graph}), on any other backend (CUDA, where
 * the graph's cuDNN convolutions are the fast path). Both compute the same network and gradients (tested);
 * {@code -Despreso.smore.engine=gemm|samediff} picks one explicitly (benchmarks compare them).
 */
public enum Engine {
    GEMM, SAMEDIFF;

    /** The engine for this process: the system property if set, else GEMM where direct SGEMM is available. */
    public static Engine current() {
        String p = System.getProperty("espreso.smore.engine");
        if (p != null && !p.isBlank()) {
            return parse(p);
        }
        return Blas.direct() ? GEMM : SAMEDIFF;
    }

    public static Engine parse(String s) {
        Engine e;
        try {
            e = valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown SMORE engine '" + s + "' (gemm or samediff)");
        }
        if (e == GEMM && !Blas.direct()) {
            throw new IllegalArgumentException("the gemm engine needs the CPU backend's OpenBLAS");
        }
        return e;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    WdsrTraining training(Wdsr net, int batch, int rows, int cols) {
        return this == GEMM ? new GemmTraining(net, batch, rows, cols, Backend.defaultThreads())
                : new SameDiffTraining(net, batch, rows, cols);
    }

    public WdsrForward forward(Wdsr net, int batch, int rows, int cols) {
        if (this == GEMM) {
            GemmWdsr g = new GemmWdsr(net, rows, cols, Backend.defaultThreads(), false);
            return new WdsrForward() {
                @Override
                public void apply(float[] lr, int count, float[] sr) {
                    g.forward(lr, count, sr);
                }

                @Override
                public int batch() {
                    return batch;
                }
            };
        }
        return new SameDiffForward(net, batch, rows, cols);
    }
}
