package org.espreso.compute;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major SGEMM on sub-blocks of dense float32 ND4J arrays (offset + leading dimension), without creating views.
 * On the CPU backend it calls the OpenBLAS that nd4j-native itself loads (javacpp preset), which avoids the
 * copies ND4J's matmul op makes for offset views and for beta ≠ 0 (measured 2× on the discriminator's shapes).
 * On other backends it falls back to ND4J's gemm on views.
 */
public final class Blas {
    private static final boolean DIRECT = detect();

    private Blas() {
    }

    private static boolean detect() {
        if (Boolean.getBoolean("espreso.nd4jGemm")) {
            return false;
        }
        try {
            String b = Nd4j.getBackend().getClass().getName();
            if (!b.contains("CpuBackend") && !b.contains("cpu")) {
                return false;
            }
            Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            return true;
        } catch (Throwable t) {
            return false;
        }
    }

    public static boolean direct() {
        return DIRECT;
    }

    /** The BLAS thread count (ND4J's CPU BLAS is the same OpenBLAS); 1 on other backends. */
    public static int threads() {
        return DIRECT ? Nd4j.factory().blas().getMaxThreads() : 1;
    }

    /** Sets the BLAS thread count, process-wide (no-op on other backends). The backend's set-up calls it once. */
    public static void setThreads(int n) {
        if (DIRECT) {
            Nd4j.factory().blas().setMaxThreads(n);
        }
    }

    /** Sections running single-threaded GEMMs side by side now, and the thread count to restore after the last. */
    private static int singleSections;
    private static int restoreThreads;

    /**
     * Enters a section whose GEMMs run side by side on several threads (shards, ensemble members), so BLAS must be
     * single-threaded. Sections nest and overlap (two experiment cells learning at once): BLAS goes to one thread at
     * the first entry and back to its count at the last exit, instead of each caller saving and restoring a value
     * another caller may have changed. Always pair with {@link #exitSingleThreaded()} in a finally block.
     */
    public static synchronized void enterSingleThreaded() {
        if (singleSections++ == 0) {
            restoreThreads = threads();
            setThreads(1);
        }
    }

    /** Leaves a section entered with {@link #enterSingleThreaded()}. */
    public static synchronized void exitSingleThreaded() {
        if (singleSections <= 0) {
            throw new IllegalStateException("exitSingleThreaded without enterSingleThreaded");
        }
        if (--singleSections == 0) {
            setThreads(restoreThreads);
        }
    }

    public static FloatPointer pointer(INDArray a) {
        if (a.dataType() != DataType.FLOAT || a.isView() || a.ordering() != 'c') {
            throw new IllegalArgumentException("dense float32 c-order array expected");
        }
        return new FloatPointer(a.data().addressPointer());
    }

    /**
     * C[cOff ..] = alpha · op(A) op(B) + beta · C with op(A) m×k, op(B) k×n, all row-major with the given leading
     * dimensions and element offsets.
     */
    public static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                     INDArray a, long aOff, int lda, INDArray b, long bOff, int ldb,
                     float beta, INDArray c, long cOff, int ldc) {
        if (DIRECT) {
            FloatPointer pa = pointer(a).position(aOff), pb = pointer(b).position(bOff), pc = pointer(c).position(cOff);
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            return;
        }
        INDArray av = view(a, aOff, ta ? k : m, ta ? m : k, lda);
        INDArray bv = view(b, bOff, tb ? n : k, tb ? k : n, ldb);
        INDArray cv = view(c, cOff, m, n, ldc);
        Nd4j.gemm(av, bv, cv, ta, tb, alpha, beta);
    }

    /** dst[dOff, dOff + n) = src[sOff, sOff + n) on flat dense float32 arrays. */
    public static void copy(int n, INDArray src, long sOff, INDArray dst, long dOff) {
        if (DIRECT) {
            openblas_nolapack.cblas_scopy(n, pointer(src).position(sOff), 1, pointer(dst).position(dOff), 1);
            return;
        }
        INDArray s = src.reshape(src.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(sOff, sOff + n));
        dst.reshape(dst.length()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(dOff, dOff + n)).assign(s);
    }

    /**
     * A rows × cols view at element {@code off} with row stride {@code ld}, sharing {@code a}'s buffer (any
     * offset: the estimator's column blocks start mid-row).
     */
    private static INDArray view(INDArray a, long off, int rows, int cols, int ld) {
        if (off < 0 || cols > ld || off + (long) (rows - 1) * ld + cols > a.length()) {
            throw new IllegalArgumentException("gemm block outside its array: offset " + off + ", " + rows + "x" + cols
                    + " with leading dimension " + ld + " in " + a.length() + " elements");
        }
        return Nd4j.create(a.data(), new long[] {rows, cols}, new long[] {ld, 1}, a.offset() + off, 'c');
    }
}
