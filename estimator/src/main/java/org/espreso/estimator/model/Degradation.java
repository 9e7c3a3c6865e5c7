package org.espreso.estimator.model;

import org.espreso.compute.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.nio.FloatBuffer;

/**
 * The generator's degradation G(x) of docs/espreso.md as one linear map per column, {@code M(k) = Down · Corr(k)}
 * ([lr, P]: valid cross-correlation with k, then Keys-cubic downsampling by s), built as {@code reshape(A k)}
 * from the constant basis of {@link PatchGeometry#degradationBasis()} — exact and differentiable in k.
 *
 * <p>Writes the discriminator input (position-major [lr · N, 1], N = 2·B·lr columns): columns [0, B·lr) are the
 * fake patches, {@code M x} along their HR axis (D runs along the degraded axis), columns [B·lr, 2·B·lr) the real
 * patches, degraded along their HR axis and transposed (D runs along z). Backward: dL/dk from dL/d(input).
 */
public final class Degradation {
    private final int lr, p, k, batch, half;
    private final INDArray basis;     // [lr·P, K]
    private final INDArray kCol;      // [K, 1]
    private final INDArray mFlat, m;  // [lr·P, 1] and its [lr, P] view
    private final INDArray fake;      // [P, B·lr]   column layout: fake[p, b·lr + z]
    private final INDArray real;      // [B·lr, P]   row layout: real[b·lr + z, p]
    private final INDArray yf, yr;    // [lr, B·lr], [B·lr, lr]
    private final INDArray dM, dMflat, dk, dyf, dyr;

    public Degradation(PatchGeometry geo, int batch) {
        this.lr = geo.lr();
        this.p = geo.patchLength();
        this.k = geo.profileLength();
        this.batch = batch;
        this.half = batch * lr;
        float[][] a = geo.degradationBasis();
        basis = Nd4j.create(DataType.FLOAT, a.length, k);
        var bb = basis.data().asNioFloat();
        for (int i = 0; i < a.length; i++) {
            bb.put(i * k, a[i], 0, k);
        }
        kCol = Nd4j.create(DataType.FLOAT, k, 1);
        mFlat = Nd4j.create(DataType.FLOAT, (long) lr * p, 1);
        m = mFlat.reshape(lr, p);
        fake = Nd4j.create(DataType.FLOAT, p, half);
        real = Nd4j.create(DataType.FLOAT, half, p);
        yf = Nd4j.create(DataType.FLOAT, lr, half);
        yr = Nd4j.create(DataType.FLOAT, half, lr);
        dMflat = Nd4j.create(DataType.FLOAT, (long) lr * p, 1);
        dM = dMflat.reshape(lr, p);
        dk = Nd4j.create(DataType.FLOAT, k, 1);
        dyf = Nd4j.create(DataType.FLOAT, lr, half);
        dyr = Nd4j.create(DataType.FLOAT, half, lr);
        if (m.data() != mFlat.data() && m.data().address() != mFlat.data().address()) {
            throw new IllegalStateException("reshape copied");
        }
    }

    /** Fake patches to fill, [P, B·lr] with element (p, b·lr + z). */
    public INDArray fakeInput() {
        return fake;
    }

    /** Real patches to fill, [B·lr, P] with element (b·lr + z, p). */
    public INDArray realInput() {
        return real;
    }

    /** Sets k (K taps) and rebuilds M(k). */
    public void setProfile(float[] taps) {
        kCol.data().asNioFloat().put(0, taps, 0, k);
        Blas.gemm(false, false, lr * p, 1, k, 1f, basis, 0, k, kCol, 0, 1, 0f, mFlat, 0, 1);
    }

    /** M(k) as [lr, P]. */
    public INDArray matrix() {
        return m;
    }

    /** Writes the degraded fake and real batches into the discriminator input [lr·2B·lr, 1]. */
    public void forward(INDArray dInput) {
        Blas.gemm(false, false, lr, half, p, 1f, mFlat, 0, p, fake, 0, half, 0f, yf, 0, half);   // [lr(h'), (b,z)]
        Blas.gemm(false, true, half, lr, p, 1f, real, 0, p, mFlat, 0, p, 0f, yr, 0, lr);      // [(b,z), h']
        FloatBuffer x = dInput.data().asNioFloat(), f = yf.data().asNioFloat(), r = yr.data().asNioFloat();
        int n = 2 * half;
        for (int l = 0; l < lr; l++) {
            for (int c = 0; c < half; c++) {
                x.put(l * n + c, f.get(l * half + c));
            }
        }
        // D runs along z for the real patches: X[z, B·lr + b·lr + h'] = yr[b·lr + z, h']
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < lr; z++) {
                int src = (b * lr + z) * lr, dst = z * n + half + b * lr;
                for (int h = 0; h < lr; h++) {
                    x.put(dst + h, r.get(src + h));
                }
            }
        }
    }

    /** dL/dk (K values) from dL/d(discriminator input). */
    public float[] backward(INDArray dInput) {
        FloatBuffer x = dInput.data().asNioFloat(), f = dyf.data().asNioFloat(), r = dyr.data().asNioFloat();
        int n = 2 * half;
        for (int l = 0; l < lr; l++) {
            for (int c = 0; c < half; c++) {
                f.put(l * half + c, x.get(l * n + c));
            }
        }
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < lr; z++) {
                int dst = (b * lr + z) * lr, src = z * n + half + b * lr;
                for (int h = 0; h < lr; h++) {
                    r.put(dst + h, x.get(src + h));
                }
            }
        }
        Blas.gemm(false, true, lr, p, half, 1f, dyf, 0, half, fake, 0, half, 0f, dMflat, 0, p);   // yf = M fake
        Blas.gemm(true, false, lr, p, half, 1f, dyr, 0, lr, real, 0, p, 1f, dMflat, 0, p);      // yr = real Mᵀ
        Blas.gemm(true, false, k, 1, lr * p, 1f, basis, 0, k, dMflat, 0, 1, 0f, dk, 0, 1);
        return dk.data().asFloat();
    }
}
