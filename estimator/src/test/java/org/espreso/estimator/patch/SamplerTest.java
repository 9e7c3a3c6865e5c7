package org.espreso.estimator.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.model.PatchGeometry;
import org.espreso.core.train.Rng;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final Path SRC = Path.of("test.nii");

    /** A bright cube (foreground) in a dark, noisy background; LR axis 2 with spacing 4. */
    static Volume cube() {
        int nx = 120, ny = 110, nz = 30;
        float[] d = new float[nx * ny * nz];
        Rng r = new Rng(1);
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean in = x >= 30 && x < 90 && y >= 25 && y < 85 && z >= 5 && z < 25;
                    d[x + nx * (y + ny * z)] = (float) ((in ? 100 + 50 * Math.sin(x * 0.4 + y * 0.3 + z * 0.9) : 0) + 0.01 * r.nextDouble());
                }
            }
        }
        return Volume.of(new int[] {nx, ny, nz}, new double[] {1, 1, 4}, d);
    }

    @Test
    void foregroundSamplerDrawsOnlyForegroundCentresFromAllEightSubSamplers() {
        Volume v = cube();
        PreparedVolume pv = PreparedVolume.prepare(v, SRC, -1, false, 0, false);
        PatchGeometry g = PatchGeometry.of(pv.scale(), 21, 16, v.dim(2));
        ForegroundSampler s = (ForegroundSampler) PatchSampler.create(pv, g, false, SRC);
        assertTrue(s.threshold() > 0.01 && s.threshold() < 100, "threshold " + s.threshold());
        int[] counts = new int[8];
        Rng r = new Rng(2);
        int n = 16000;
        for (int i = 0; i < n; i++) {
            Pick p = s.next(r, i % 2 == 0);
            int c = p.centre(g.patchLength(), g.lr());
            assertTrue(pv.data()[c] > s.threshold(), "centre voxel not foreground");
            // the patch lies inside the volume
            int last = p.base() + (g.patchLength() - 1) * p.strideH() + (g.lr() - 1) * p.strideZ();
            assertTrue(p.base() >= 0 && last < pv.data().length);
            counts[p.subSampler()]++;
            assertEquals((p.subSampler() & 1) != 0, p.flipH());
            assertEquals((p.subSampler() & 2) != 0, p.flipZ());
            assertEquals(p.subSampler() < 4 ? 1 : v.dim(0), p.strideH());
        }
        for (int c : counts) {
            assertEquals(n / 8.0, c, 5 * Math.sqrt(n / 8.0), java.util.Arrays.toString(counts));
        }
    }

    @Test
    void gradientSamplerPrefersEdgesAndStaysInside() {
        Volume v = cube();
        PreparedVolume pv = PreparedVolume.prepare(v, SRC, -1, true, 0, false);
        PatchGeometry g = PatchGeometry.of(pv.scale(), 21, 16, v.dim(2));
        GradientSampler s = (GradientSampler) PatchSampler.create(pv, g, true, SRC);
        Rng r = new Rng(3);
        int nearEdge = 0, n = 4000;
        for (int i = 0; i < n; i++) {
            Pick p = s.next(r, i % 2 == 1);
            int c = p.centre(g.patchLength(), g.lr());
            int x = c % 120, y = c / 120 % 110, z = c / 120 / 110;
            int last = p.base() + (g.patchLength() - 1) * p.strideH() + (g.lr() - 1) * p.strideZ();
            assertTrue(p.base() >= 0 && last < pv.data().length);
            boolean edge = Math.abs(x - 30) < 4 || Math.abs(x - 89) < 4 || Math.abs(y - 25) < 4 || Math.abs(y - 84) < 4
                    || Math.abs(z - 5) < 2 || Math.abs(z - 24) < 2;
            boolean inside = x > 26 && x < 93 && y > 21 && y < 88 && z > 3 && z < 26;
            if (edge || inside) {
                nearEdge++;
            }
        }
        assertTrue(nearEdge > 0.95 * n, nearEdge + " of " + n);
    }

    @Test
    void blankImageHasNoForeground() {
        Volume v = Volume.of(new int[] {100, 100, 20}, new double[] {1, 1, 4}, new float[100 * 100 * 20]);
        PreparedVolume pv = PreparedVolume.prepare(v, SRC, -1, false, 0, false);
        PatchGeometry g = PatchGeometry.of(4, 21, 16, 20);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PatchSampler.create(pv, g, false, SRC));
        assertTrue(e.getMessage().contains("no foreground"), e.getMessage());
    }

    @Test
    void inputChecks() {
        Volume aniso = Volume.of(new int[] {100, 100, 20}, new double[] {1, 1.5, 4}, new float[100 * 100 * 20]);
        assertTrue(assertThrows(InvalidInputException.class, () -> PreparedVolume.prepare(aniso, SRC, -1, false, 0, false))
                .getMessage().contains("anisotropic"));
        Volume iso = Volume.of(new int[] {100, 100, 100}, new double[] {1, 1, 1}, new float[100 * 100 * 100]);
        assertTrue(assertThrows(InvalidInputException.class, () -> PreparedVolume.prepare(iso, SRC, -1, false, 0, false))
                .getMessage().contains("--lr-axis"));
        PreparedVolume pv = PreparedVolume.prepare(iso, SRC, 0, false, 0, false);
        assertEquals(0, pv.lrAxis());
        assertEquals(1.0, pv.scale());
        float[] d = new float[100 * 100 * 20];
        d[123] = Float.NaN;
        Volume nan = Volume.of(new int[] {100, 100, 20}, new double[] {1, 1, 4}, d);
        assertTrue(assertThrows(InvalidInputException.class, () -> PreparedVolume.prepare(nan, SRC, -1, false, 0, false))
                .getMessage().contains("NaN"));
        assertEquals(0f, PreparedVolume.prepare(nan, SRC, -1, false, 0, true).data()[123]);
        // LR axis 0, fractional scale
        Volume ax0 = Volume.of(new int[] {20, 100, 100}, new double[] {4.8, 0.9375, 0.9375}, new float[20 * 100 * 100]);
        PreparedVolume p0 = PreparedVolume.prepare(ax0, SRC, -1, false, 0, false);
        assertEquals(0, p0.lrAxis());
        assertEquals(5.12, p0.scale(), 1e-12);
    }

    @Test
    void anIntensityLevelPutsTheForegroundMedianThereWhateverTheImagesScale() {
        Volume v = cube();
        float[] ref = PreparedVolume.prepare(v, SRC, -1, false, 100, false).data();
        float[] fg = java.util.Arrays.copyOf(ref, ref.length);
        double t = MultiOtsu.threeClass(ref)[0];
        int n = 0;
        for (float f : ref) {
            if (f > t) {
                fg[n++] = f;
            }
        }
        java.util.Arrays.sort(fg, 0, n);
        double median = n % 2 == 1 ? fg[n / 2] : 0.5 * (fg[n / 2 - 1] + fg[n / 2]);
        assertEquals(100, median, 1e-3, "foreground median after scaling");
        assertTrue(n > 0.1 * ref.length && n <= 72000, "the foreground is the cube: " + n);
        for (double c : new double[] {1e-3, 7, 1e12}) {
            float[] d = v.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] *= (float) c;
            }
            float[] got = PreparedVolume.prepare(Volume.of(v.dims(), new double[] {1, 1, 4}, d), SRC, -1, false, 100, false).data();
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], got[i], 1e-4 * Math.max(1, Math.abs(ref[i])), "x" + c + " voxel " + i);
            }
        }
        assertEquals(v.data()[5], PreparedVolume.prepare(v, SRC, -1, false, 0, false).data()[5], "level 0 keeps intensities");
        Volume flat = Volume.of(new int[] {40, 40, 12}, new double[] {1, 1, 4}, new float[40 * 40 * 12]);
        var e = assertThrows(InvalidInputException.class, () -> PreparedVolume.prepare(flat, SRC, -1, false, 100, false));
        assertTrue(e.getMessage().startsWith("test.nii: no foreground"), e.getMessage());
    }
}
