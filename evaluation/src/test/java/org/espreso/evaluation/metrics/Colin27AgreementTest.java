package org.espreso.evaluation.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import org.espreso.core.TestData;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colin27 (181 x 217 x 181) and a copy blurred along z (sigma 1.5 voxels) with Gaussian noise (sd 5): head mask,
 * PSNR and SSIM against scipy / scikit-image. The oracle reads the NIfTI itself and hands over raw float32.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Colin27AgreementTest {
    JsonNode oracle;
    Volume ref, test;
    Mask oracleMask;

    @BeforeAll
    void runOracle(@TempDir Path dir) throws Exception {
        TestData.colin27();
        oracle = Oracle.run("colin", dir.toString(), "--sigma", "1.5", "--noise", "5", "--seed", "0");
        int[] dims = Oracle.dims(oracle);
        assertEquals(181 * 217 * 181, dims[0] * dims[1] * dims[2]);
        ref = Oracle.readF32(dir.resolve("ref.f32"), dims);
        test = Oracle.readF32(dir.resolve("test.f32"), dims);
        oracleMask = Oracle.readMask(dir.resolve("oracle_mask.u8"), dims);
    }

    @Test
    void headMaskMatchesScipy() {
        long t0 = System.nanoTime();
        Mask mask = HeadMask.of(ref);
        double s = (System.nanoTime() - t0) * 1e-9;
        int diff = mask.differences(oracleMask);
        System.out.printf(Locale.ROOT, "Colin27 head mask: %d voxels (scipy %d), %d differ; %.3f s (scipy %.3f s)%n",
                mask.count(), oracle.get("mask_count").asInt(), diff, s, oracle.get("seconds_mask").asDouble());
        assertTrue(diff < 1e-4 * mask.voxelCount(), diff + " voxels differ from scipy's mask");
        assertEquals(oracle.get("mask_count").asInt(), mask.count(), 1e-4 * mask.voxelCount());
        // Sanity: the head is roughly half of the field of view and is one filled body.
        assertTrue(mask.fraction() > 0.4 && mask.fraction() < 0.6, "mask fraction " + mask.fraction());
    }

    @Test
    void psnrAndSsimMatchScikitImage() {
        long t0 = System.nanoTime();
        double ssim = Ssim.masked(ref, test, oracleMask);
        double s = (System.nanoTime() - t0) * 1e-9;
        double psnr = Psnr.masked(ref, test, oracleMask);
        double skSsim = oracle.get("ssim").asDouble(), skPsnr = oracle.get("psnr").asDouble();
        System.out.printf(Locale.ROOT, "Colin27 PSNR %.9f dB (oracle %.9f, diff %.2e); SSIM %.12f (oracle %.12f, diff %.2e);"
                + " SSIM %.3f s (skimage %.3f s)%n", psnr, skPsnr, psnr - skPsnr, ssim, skSsim, ssim - skSsim, s,
                oracle.get("seconds_ssim").asDouble());
        assertEquals(skPsnr, psnr, 1e-3);
        assertEquals(skSsim, ssim, 1e-3);
        // Far tighter in practice (float64 throughout, scipy's order of operations); keep that from regressing.
        assertEquals(skPsnr, psnr, 1e-8);
        assertEquals(skSsim, ssim, 1e-9);
        assertTrue(ssim > 0.5 && ssim < 0.99 && psnr > 20 && psnr < 45, "a degraded image scores in between");
    }

    @Test
    void imageMetricsWithTheReferencesHeadMask() {
        ImageMetrics m = ImageMetrics.of(ref, test);
        assertEquals(oracle.get("psnr").asDouble(), m.psnr(), 1e-3);
        assertEquals(oracle.get("ssim").asDouble(), m.ssim(), 1e-3);
    }
}
