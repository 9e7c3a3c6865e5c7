package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Random;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small synthetic volumes against scipy / scikit-image: smoothed image, mask, SSIM map, PSNR and SSIM, voxel by
 * voxel. Dims are unequal (a transposed axis shows) and small against the Gaussian's radius of 8 and the SSIM
 * window, so scipy's 'reflect' edges are exercised everywhere.
 */
class OracleAgreementTest {
    @TempDir
    Path dir;

    /** A bright shell (skull) around a dark interior with a brighter core, plus noise; values in about [0, 200]. */
    static Volume phantom(int[] dims, long seed) {
        Random rnd = new Random(seed);
        int nx = dims[0], ny = dims[1], nz = dims[2];
        float[] d = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double ex = (x - (nx - 1) / 2.0) / (0.4 * nx), ey = (y - (ny - 1) / 2.0) / (0.4 * ny);
                    double ez = (z - (nz - 1) / 2.0) / (0.4 * nz);
                    double rr = Math.sqrt(ex * ex + ey * ey + ez * ez);
                    double v = rr < 0.4 ? 120 : rr < 0.75 ? 20 : rr < 1 ? 180 : 3;
                    d[x + nx * (y + ny * z)] = (float) Math.max(0, v + 8 * rnd.nextGaussian());
                }
            }
        }
        return Volume.of(dims, new double[] {1, 1, 1}, d);
    }

    /** ref * 1.3 + noise, some voxels far outside the reference's range (both clippings matter). */
    static Volume degraded(Volume ref, long seed) {
        Random rnd = new Random(seed);
        float[] s = ref.data(), d = new float[s.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (1.3 * s[i] + 15 * rnd.nextGaussian() - 5);
        }
        d[0] = 1e4f;
        d[d.length / 2] = -300f;
        return ref.withData(d);
    }

    private void agree(int[] dims, Mask given) throws Exception {
        Volume ref = phantom(dims, 1), test = degraded(ref, 2);
        Oracle.writeF32(dir.resolve("ref.f32"), ref);
        Oracle.writeF32(dir.resolve("test.f32"), test);
        if (given != null) {
            Oracle.writeMask(dir.resolve("mask.u8"), given);
        }
        JsonNode o = Oracle.run("files", dir.toString(), "" + dims[0], "" + dims[1], "" + dims[2]);
        int n = ref.voxelCount();

        double[] smooth = HeadMask.smoothed(ref, HeadMask.SIGMA_VOXELS);
        double[] scipySmooth = Oracle.readF64(dir.resolve("smoothed.f64"), n);
        for (int i = 0; i < n; i++) {
            assertEquals(scipySmooth[i], smooth[i], 1e-12 * Math.abs(scipySmooth[i]), "smoothed voxel " + i);
        }
        assertEquals(o.get("median").asDouble(), org.espreso.core.volume.Median.of(smooth), 1e-12 * o.get("median").asDouble());

        Mask oracleMask = Oracle.readMask(dir.resolve("oracle_mask.u8"), dims);
        Mask mask = HeadMask.of(ref);
        assertEquals(0, mask.differences(oracleMask), "voxels where the head mask differs from scipy's");
        assertTrue(mask.count() > 0 && mask.count() < n, "a non-trivial mask");

        Mask used = given != null ? given : oracleMask;
        assertEquals(o.get("psnr").asDouble(), Psnr.masked(ref, test, used), 1e-9);
        assertEquals(o.get("ssim").asDouble(), Ssim.masked(ref, test, used), 1e-9);
        float[] map = Ssim.map(ref, test, used).data();
        double[] skMap = Oracle.readF64(dir.resolve("ssim_map.f64"), n);
        for (int i = 0; i < n; i++) {
            assertEquals(skMap[i], map[i], 1e-6, "SSIM map voxel " + i);
        }
    }

    @Test
    void smallPhantomMatchesScipyAndSkimage() throws Exception {
        agree(new int[] {23, 17, 13}, null);
    }

    @Test
    void volumeSmallerThanTheGaussianAndAGivenMask() throws Exception {
        int[] dims = {7, 9, 8};
        Random rnd = new Random(3);
        boolean[] m = new boolean[7 * 9 * 8];
        for (int i = 0; i < m.length; i++) {
            m[i] = rnd.nextDouble() < 0.3;
        }
        agree(dims, Mask.of(dims, m));
    }

    @Test
    void rawLayoutIsXFastest() throws Exception {
        // Guards the test plumbing itself: a voxel written at (x, y, z) is read back there by numpy's F order.
        int[] dims = {7, 8, 9};
        float[] d = new float[7 * 8 * 9];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        Volume v = Volume.of(dims, new double[] {1, 1, 1}, d);
        Oracle.writeF32(dir.resolve("ref.f32"), v);
        Oracle.writeF32(dir.resolve("test.f32"), v);
        Oracle.run("files", dir.toString(), "7", "8", "9");
        // The smoothed image of a ramp x + 7y + 56z written back in the same layout still increases fastest in x.
        double[] s = Oracle.readF64(dir.resolve("smoothed.f64"), d.length);
        assertArrayEquals(s, HeadMask.smoothed(v, 2), 1e-9);
    }
}
