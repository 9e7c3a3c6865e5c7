package org.espreso.smore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.espreso.core.TestData;
import org.espreso.core.backend.Backend;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;
import org.espreso.smore.bench.Quality;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SMORE must beat cubic interpolation on real data: a Colin27 slab (112 x 136 x 64 voxels, 1 mm) simulated with a
 * Gaussian profile of FWHM 4 mm at scale 4 along z; truth = the first n_lr s slices of the crop. A small budget
 * (CI: one thread, well under two minutes) — the full-size figures are in docs/results.md.
 */
@org.junit.jupiter.api.Tag("slow")
class Colin27QualityTest {
    @BeforeAll
    static void init() {
        Backend.init(Backend.defaultThreads());
    }

    @Test
    void srBeatsCubicInMaskedPsnr() {
        Volume colin = NiftiReader.read(TestData.colin27());
        Volume hr = Quality.crop(colin, new int[] {34, 40, 40}, new int[] {112, 136, 64});
        Volume lr = Acquisition.simulate(hr, 2, Profiles.gaussian(4.0), 4);
        Volume truth = Quality.firstSlices(hr, 2, lr.dim(2) * 4);
        boolean[] mask = Quality.foreground(truth);
        double cubic = Quality.maskedPsnr(truth, Resampling.upsampleCubic(lr, 2, 4), mask);
        SmoreConfig cfg = SmoreConfig.defaults().withSteps(250).withBatchSize(8).withPatchSize(16);
        long t0 = System.nanoTime();
        Volume sr = Smore.superResolve(cfg, lr, 2, 4, Smore.gaussianKernel(lr, 2, 4.0), SmoreListener.NONE);
        double secs = (System.nanoTime() - t0) / 1e9;
        double psnr = Quality.maskedPsnr(truth, sr, mask);
        System.err.printf("Colin27 slab, FWHM 4 mm x4: SR %.2f dB vs cubic %.2f dB (%.0f s)%n", psnr, cubic, secs);
        assertTrue(psnr > cubic + 0.3, String.format("SR %.2f dB does not beat cubic %.2f dB", psnr, cubic));
    }
}
