package org.espreso.estimator.model;

import org.espreso.core.resample.AxisMap;
import org.espreso.core.resample.Grid;

/**
 * Patch shapes of docs/espreso.md and the fixed linear maps of the degradation: LR length
 * {@code lr = min(maxLr, nz − 2·margin)}, HR length {@code hr = floor(lr·s)}, then {@code lr = floor(hr/s)} (float64
 * round trip); a patch is {@code P × lr} with {@code P = hr + K − 1}.
 *
 * <p>{@code margin} is the number of slices a patch keeps clear at each end of the LR axis. The in-plane part of the
 * discriminator's window sits (K−1)/2 voxels inside its patch, so it never comes closer than that to the in-plane
 * edges; with symmetric margins the slice window keeps the same physical distance, {@code ceil((K−1)/2 / s)} slices,
 * from the first and last slice (docs/espreso.md). The published presets use margin 0.
 */
public record PatchGeometry(double scale, int profileLength, int lr, int hr, int patchLength, int margin) {

    /** The published geometry (no slice margin). */
    public static PatchGeometry of(double scale, int profileLength, int maxLr, int nz) {
        return of(scale, profileLength, maxLr, nz, false);
    }

    /** @param symmetricMargins keep {@link #marginSlices(double, int)} slices clear at each end of the LR axis */
    public static PatchGeometry of(double scale, int profileLength, int maxLr, int nz, boolean symmetricMargins) {
        if (!(scale >= 1 - 1e-9)) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        int margin = symmetricMargins ? marginSlices(scale, profileLength) : 0;
        int lr = Math.min(maxLr, nz - 2 * margin);
        int hr = (int) Math.floor(lr * scale + 1e-9);
        lr = (int) Math.floor(hr / scale + 1e-9);
        if (lr < 1) {
            throw new IllegalArgumentException("too few slices (" + nz + ") for a patch"
                    + (margin > 0 ? " with " + margin + " kept clear at each end" : ""));
        }
        return new PatchGeometry(scale, profileLength, lr, hr, hr + profileLength - 1, margin);
    }

    /** Slices that span at least the in-plane margin (K−1)/2 voxels: {@code ceil((K−1)/2 / s)}. */
    public static int marginSlices(double scale, int profileLength) {
        return (int) Math.ceil((profileLength - 1) / 2 / scale - 1e-9);
    }

    /** Keys-cubic downsampling hr → lr (half-pixel centres, border clamp, no prefilter) as a dense [lr][hr] matrix. */
    public double[][] downsampling() {
        Grid g = Grid.downsampling(hr, scale);
        if (g.length() != lr) {
            throw new IllegalStateException("downsampling grid has " + g.length() + " samples, expected " + lr);
        }
        return AxisMap.cubic(hr, g).toDense();
    }

    /**
     * The map k → M(k) = Down · Corr(k), flattened: {@code A[(r·P + c)][j] = Down[r][c − j]} (0 ≤ c − j < hr),
     * so that {@code M = reshape(A k, [lr, P])} and the degradation of a column x of length P is {@code M x}:
     * valid cross-correlation with k followed by the cubic downsampling.
     */
    public float[][] degradationBasis() {
        double[][] d = downsampling();
        int p = patchLength, k = profileLength;
        float[][] a = new float[lr * p][k];
        for (int r = 0; r < lr; r++) {
            for (int c = 0; c < p; c++) {
                for (int j = 0; j < k; j++) {
                    int i = c - j;
                    if (i >= 0 && i < hr) {
                        a[r * p + c][j] = (float) d[r][i];
                    }
                }
            }
        }
        return a;
    }

}
