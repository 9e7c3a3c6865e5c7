package org.espreso.estimator.patch;

import java.nio.file.Path;
import java.util.Arrays;
import org.espreso.core.InvalidInputException;
import org.espreso.estimator.model.PatchGeometry;
import org.espreso.core.train.Rng;

/**
 * The {@code ipmi2021} sampler: "fake" patch centres drawn with probability ∝ the gradient magnitude along the
 * patch's HR axis, "real" ones ∝ the gradient magnitude along z, gradients (central differences, per voxel) of
 * the image smoothed by a Gaussian of σ = 1 mm on every axis. Local-maxima suppression: only the argmax voxel of
 * each max-pool window (4 × 4 × 2 voxels over (in-plane, in-plane, z), stride 2 × 2 × 1) is a candidate, once,
 * so picks spread out. The two orientations (xz, yz) each carry half the mass; axis 0 and z are flipped with
 * probability ½ each.
 */
public final class GradientSampler extends PatchSampler {
    /** [orientation][real?] candidate bases and cumulative weights. */
    private final int[][][] bases = new int[2][2][];
    private final double[][][] cumulative = new double[2][2][];

    GradientSampler(PreparedVolume vol, PatchGeometry geo, Path source) {
        super(vol, geo);
        int[] dims = vol.dims();
        float[] smooth = vol.data().clone();
        for (int a = 0; a < 3; a++) {
            double mm = a == vol.lrAxis() ? vol.sliceMm() : vol.inPlaneMm();
            gaussian(smooth, dims, a, 1.0 / mm);
        }
        int[] ip = vol.inPlaneAxes();
        int z = vol.lrAxis();
        float[] gz = gradientMagnitude(smooth, dims, z);
        for (int o = 0; o < 2; o++) {
            float[] gh = gradientMagnitude(smooth, dims, ip[o]);
            for (int r = 0; r < 2; r++) {
                build(r == 0 ? gh : gz, o, r);
            }
        }
        boolean any = false;
        for (int o = 0; o < 2; o++) {
            any |= bases[o][0].length > 0 && bases[o][1].length > 0;
        }
        if (!any) {
            throw InvalidInputException.of(source, "no image gradient inside the admissible patch centres (blank image?)");
        }
    }

    private void build(float[] g, int o, int r) {
        int[] dims = vol.dims();
        int[] ip = vol.inPlaneAxes();
        int z = vol.lrAxis();
        int h = hrAxis(o);
        int p = geo.patchLength(), lr = geo.lr();
        int ch = (p - 1) / 2, cz = (lr - 1) / 2;
        int n0 = dims[ip[0]], n1 = dims[ip[1]], nz = dims[z];
        int s0 = vol.stride(ip[0]), s1 = vol.stride(ip[1]), sz = vol.stride(z);
        boolean[] seen = new boolean[g.length];
        int[] list = new int[16];
        double[] w = new double[16];
        int n = 0;
        int[] c = new int[3];
        for (int kz = 0; kz + 2 <= nz; kz++) {
            for (int k1 = 0; k1 + 4 <= n1; k1 += 2) {
                for (int k0 = 0; k0 + 4 <= n0; k0 += 2) {
                    int best = -1;
                    float bv = Float.NEGATIVE_INFINITY;
                    for (int dz = 0; dz < 2; dz++) {
                        for (int d1 = 0; d1 < 4; d1++) {
                            int row = (k0) * s0 + (k1 + d1) * s1 + (kz + dz) * sz;
                            for (int d0 = 0; d0 < 4; d0++) {
                                float v = g[row + d0 * s0];
                                if (v > bv) {
                                    bv = v;
                                    best = row + d0 * s0;
                                }
                            }
                        }
                    }
                    if (seen[best] || !(bv > 0)) {
                        continue;
                    }
                    seen[best] = true;
                    // coordinates of best along the HR axis and z
                    c[0] = best % dims[0];
                    c[1] = best / dims[0] % dims[1];
                    c[2] = best / dims[0] / dims[1];
                    int hc = c[h], zc = c[z];
                    if (hc - ch < 0 || hc - ch + p > dims[h] || zc - cz < 0 || zc - cz + lr > nz) {
                        continue;
                    }
                    if (n == list.length) {
                        list = Arrays.copyOf(list, 2 * n);
                        w = Arrays.copyOf(w, 2 * n);
                    }
                    list[n] = best - ch * vol.stride(h) - cz * sz;
                    w[n++] = bv;
                }
            }
        }
        bases[o][r] = Arrays.copyOf(list, n);
        double[] cum = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += w[i];
            cum[i] = s;
        }
        cumulative[o][r] = cum;
    }

    @Override
    public Pick next(Rng rng, boolean real) {
        int r = real ? 1 : 0;
        int o = rng.nextInt(2);
        if (bases[o][r].length == 0) {
            o = 1 - o;
        }
        double[] cum = cumulative[o][r];
        double u = rng.nextDouble() * cum[cum.length - 1];
        int i = Arrays.binarySearch(cum, u);
        i = i >= 0 ? Math.min(i + 1, cum.length - 1) : -i - 1;
        boolean fh = rng.nextBoolean(), fz = rng.nextBoolean();
        return new Pick(bases[o][r][i], vol.stride(hrAxis(o)), vol.stride(vol.lrAxis()), fh, fz,
                o * 4 + (fh ? 1 : 0) + (fz ? 2 : 0));
    }

    /** In-place separable Gaussian along one axis, radius 4σ, edges replicated. */
    static void gaussian(float[] data, int[] dims, int axis, double sigma) {
        double[] k = org.espreso.core.resample.GaussianTaps.of(sigma);
        int rad = k.length / 2;
        int n = dims[axis];
        int stride = org.espreso.core.volume.Volume.stride(dims, axis);
        int lines = data.length / n;
        double[] line = new double[n];
        for (int l = 0; l < lines; l++) {
            int base = lineBase(l, dims, axis);
            for (int i = 0; i < n; i++) {
                line[i] = data[base + i * stride];
            }
            for (int i = 0; i < n; i++) {
                double acc = 0;
                for (int j = -rad; j <= rad; j++) {
                    int q = Math.min(n - 1, Math.max(0, i + j));
                    acc += k[j + rad] * line[q];
                }
                data[base + i * stride] = (float) acc;
            }
        }
    }

    /** |central difference| along {@code axis} (one-sided at the ends), per voxel. */
    static float[] gradientMagnitude(float[] data, int[] dims, int axis) {
        int n = dims[axis];
        int stride = org.espreso.core.volume.Volume.stride(dims, axis);
        float[] out = new float[data.length];
        int lines = data.length / n;
        for (int l = 0; l < lines; l++) {
            int base = lineBase(l, dims, axis);
            for (int i = 0; i < n; i++) {
                float d;
                if (n == 1) {
                    d = 0;
                } else if (i == 0) {
                    d = data[base + stride] - data[base];
                } else if (i == n - 1) {
                    d = data[base + i * stride] - data[base + (i - 1) * stride];
                } else {
                    d = (data[base + (i + 1) * stride] - data[base + (i - 1) * stride]) / 2;
                }
                out[base + i * stride] = Math.abs(d);
            }
        }
        return out;
    }

    /** Flat index of the first voxel of line l along {@code axis}. */
    private static int lineBase(int l, int[] dims, int axis) {
        return switch (axis) {
            case 0 -> l * dims[0];
            case 1 -> (l % dims[0]) + (l / dims[0]) * dims[0] * dims[1];
            default -> l;
        };
    }
}
