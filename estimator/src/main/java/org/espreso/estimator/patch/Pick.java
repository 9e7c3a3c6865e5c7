package org.espreso.estimator.patch;

/**
 * One patch position: voxel offset of its first sample, strides along the patch's HR axis (axis 0, P samples)
 * and along z (axis 1, lr samples), flips, and which of the sub-samplers drew it (orientation·4 + flips).
 */
public record Pick(int base, int strideH, int strideZ, boolean flipH, boolean flipZ, int subSampler) {

    /** Writes the patch as rows (b, z) of length P: {@code dst[(b·lr + j)·P + p]} (the "fake" layout). */
    public void writeRows(float[] data, float[] dst, int b, int patchLength, int lr) {
        for (int j = 0; j < lr; j++) {
            int zj = flipZ ? lr - 1 - j : j;
            int row = (b * lr + j) * patchLength;
            int src = base + zj * strideZ;
            if (flipH) {
                for (int p = 0; p < patchLength; p++) {
                    dst[row + p] = data[src + (patchLength - 1 - p) * strideH];
                }
            } else {
                for (int p = 0; p < patchLength; p++) {
                    dst[row + p] = data[src + p * strideH];
                }
            }
        }
    }

    /** Writes the patch as columns: {@code dst[p·(B·lr) + b·lr + j]} (the "real" layout). */
    public void writeColumns(float[] data, float[] dst, int b, int batch, int patchLength, int lr) {
        int width = batch * lr;
        for (int p = 0; p < patchLength; p++) {
            int hp = flipH ? patchLength - 1 - p : p;
            int src = base + hp * strideH;
            int row = p * width + b * lr;
            for (int j = 0; j < lr; j++) {
                int zj = flipZ ? lr - 1 - j : j;
                dst[row + j] = data[src + zj * strideZ];
            }
        }
    }

    /** Voxel index of the patch's centre sample (offsets (P−1)/2, (lr−1)/2, before flips). */
    public int centre(int patchLength, int lr) {
        return base + (patchLength - 1) / 2 * strideH + (lr - 1) / 2 * strideZ;
    }
}
