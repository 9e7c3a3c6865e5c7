package org.espreso.estimator.patch;

import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.estimator.model.PatchGeometry;
import org.espreso.core.train.Rng;

/**
 * The {@code release} sampler: 8 equally likely sub-samplers {xz, yz} × {no flip, flip axis 0, flip z, both};
 * inside one, positions are uniform over the patches (fully inside the volume) whose centre voxel is foreground,
 * foreground being above the lower threshold of a 3-class multi-Otsu. The same distribution serves fake and real
 * patches. A geometry with a slice margin ({@link PatchGeometry#margin()}) keeps that many slices clear at each end
 * of the LR axis. An orientation whose in-plane axis is shorter than a patch is skipped (its sub-samplers with it).
 */
public final class ForegroundSampler extends PatchSampler {
    private final int[][] bases = new int[2][];
    private final double threshold;

    ForegroundSampler(PreparedVolume vol, PatchGeometry geo, Path source) {
        super(vol, geo);
        float[] data = vol.data();
        threshold = MultiOtsu.threeClass(data)[0];
        int[] dims = vol.dims();
        int p = geo.patchLength(), lr = geo.lr(), z = vol.lrAxis();
        int sz = vol.stride(z), nz = dims[z];
        long total = 0;
        for (int o = 0; o < 2; o++) {
            int h = hrAxis(o), oth = otherAxis(o);
            int sh = vol.stride(h), so = vol.stride(oth), nh = dims[h], no = dims[oth];
            int ch = (p - 1) / 2 * sh, cz = (lr - 1) / 2 * sz;
            int[] list = new int[16];
            int n = 0;
            for (int q = 0; q < no; q++) {
                for (int z0 = geo.margin(); z0 + lr + geo.margin() <= nz; z0++) {
                    for (int h0 = 0; h0 + p <= nh; h0++) {
                        int base = h0 * sh + z0 * sz + q * so;
                        if (data[base + ch + cz] > threshold) {
                            if (n == list.length) {
                                list = java.util.Arrays.copyOf(list, 2 * n);
                            }
                            list[n++] = base;
                        }
                    }
                }
            }
            bases[o] = java.util.Arrays.copyOf(list, n);
            total += n;
        }
        if (total == 0) {
            throw InvalidInputException.of(source, "no foreground: no patch centre lies above the multi-Otsu threshold "
                    + threshold);
        }
    }

    public double threshold() {
        return threshold;
    }

    /** Number of admissible positions for orientation o. */
    public int positions(int o) {
        return bases[o].length;
    }

    @Override
    public Pick next(Rng rng, boolean real) {
        int sub = rng.nextInt(8);
        int o = sub / 4;
        if (bases[o].length == 0) {
            o = 1 - o;
            sub = o * 4 + sub % 4;
        }
        int base = bases[o][rng.nextInt(bases[o].length)];
        return new Pick(base, vol.stride(hrAxis(o)), vol.stride(vol.lrAxis()), (sub & 1) != 0, (sub & 2) != 0, sub);
    }
}
