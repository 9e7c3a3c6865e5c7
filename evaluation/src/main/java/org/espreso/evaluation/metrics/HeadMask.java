package org.espreso.evaluation.metrics;

import org.espreso.core.volume.Median;
import org.espreso.core.volume.Volume;

/**
 * The authors' head mask (docs/evaluation.md): Gaussian smoothing with sigma = 2 voxels → threshold at the median of
 * the smoothed image (mask = smoothed &gt; median) → fill holes. Matches
 * {@code binary_fill_holes(gaussian_filter(img, 2) > np.quantile(gaussian_filter(img, 2), 0.5))} in float64:
 * the kernel is truncated at 4 sigma (radius 8), edges are scipy's 'reflect', and holes are background
 * components not 6-connected to the volume's border.
 */
public final class HeadMask {
    /** Smoothing sigma in voxels (all three axes, whatever the spacing). */
    public static final double SIGMA_VOXELS = 2.0;
    /** scipy's default truncation of the Gaussian, in sigmas. */
    public static final double TRUNCATE = 4.0;

    private HeadMask() {
    }

    /** The head mask of an image (normally the reference / HR truth). */
    public static Mask of(Volume image) {
        Checks.finite("image", image);
        double[] smooth = smoothed(image, SIGMA_VOXELS);
        double t = Median.of(smooth);
        boolean[] b = new boolean[smooth.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = smooth[i] > t;
        }
        return fillHoles(Mask.wrap(image.dims(), b));
    }

    /**
     * scipy.ndimage.gaussian_filter(image, sigma) in float64 (truncate 4, mode 'reflect'): x, then y, then z.
     */
    static double[] smoothed(Volume image, double sigma) {
        float[] src = image.data();
        double[] d = new double[src.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = src[i];
        }
        double[] w = Filters.gaussianKernel(sigma, TRUNCATE);
        for (int axis = 0; axis < 3; axis++) {
            Filters.correlateSymmetric(d, image.dims(), axis, w);
        }
        return d;
    }

    /**
     * scipy.ndimage.binary_fill_holes with its default structure (6-connectivity in 3-D): background voxels not
     * connected to the border of the volume become foreground.
     */
    public static Mask fillHoles(Mask mask) {
        int[] dims = mask.dims();
        int nx = dims[0], ny = dims[1], nz = dims[2];
        boolean[] in = mask.flags();
        int n = in.length;
        // outside[i]: background voxel reachable from the border.
        boolean[] outside = new boolean[n];
        int[] queue = new int[n];
        int head = 0, tail = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                boolean yzFace = z == 0 || z == nz - 1 || y == 0 || y == ny - 1;
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    if (yzFace || x == 0 || x == nx - 1) {
                        int i = row + x;
                        if (!in[i] && !outside[i]) {
                            outside[i] = true;
                            queue[tail++] = i;
                        }
                    } else if (x == 1) {
                        x = nx - 2; // jump to the last column of an interior row
                    }
                }
            }
        }
        int plane = nx * ny;
        while (head < tail) {
            int i = queue[head++];
            int x = i % nx, y = (i / nx) % ny, z = i / plane;
            if (x > 0 && !in[i - 1] && !outside[i - 1]) {
                outside[i - 1] = true;
                queue[tail++] = i - 1;
            }
            if (x < nx - 1 && !in[i + 1] && !outside[i + 1]) {
                outside[i + 1] = true;
                queue[tail++] = i + 1;
            }
            if (y > 0 && !in[i - nx] && !outside[i - nx]) {
                outside[i - nx] = true;
                queue[tail++] = i - nx;
            }
            if (y < ny - 1 && !in[i + nx] && !outside[i + nx]) {
                outside[i + nx] = true;
                queue[tail++] = i + nx;
            }
            if (z > 0 && !in[i - plane] && !outside[i - plane]) {
                outside[i - plane] = true;
                queue[tail++] = i - plane;
            }
            if (z < nz - 1 && !in[i + plane] && !outside[i + plane]) {
                outside[i + plane] = true;
                queue[tail++] = i + plane;
            }
        }
        boolean[] filled = new boolean[n];
        for (int i = 0; i < n; i++) {
            filled[i] = !outside[i];
        }
        return Mask.wrap(dims, filled);
    }
}
