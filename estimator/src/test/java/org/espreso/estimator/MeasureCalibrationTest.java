package org.espreso.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.espreso.core.TestData;
import org.espreso.compute.Backend;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

/**
 * {@code measure} as a resolution meter (docs/espreso.md, "measure as a resolution meter"): Colin27 (1 mm isotropic)
 * blurred along z by a known Gaussian and not decimated, measured along z with the default preset, and unblurred.
 * The whole image rather than a crop: the estimator's cost is per patch, not per voxel, so a crop would save no
 * time, and the blurred cases then repeat {@code configs/measure_calibration.yaml} (docs/results.md) to the digit.
 */
@org.junit.jupiter.api.Tag("slow")
class MeasureCalibrationTest {
    /**
     * Largest error of a blurred case this test accepts (mm). The readings of 2026-12-02 were 1.37, 1.85, 3.23 and
     * 5.88 mm for 2, 3, 4 and 6 mm (largest error 1.21 mm; docs/results.md): far from the 0.3 mm a calibrated meter
     * should reach, so this guards the present accuracy against regressions rather than certifying it.
     */
    static final double TOLERANCE_MM = 1.3;


    static double measure(Volume v) {
        EstimatorConfig cfg = EstimatorConfig.calibrated();
        EstimatorResult r = Estimator.run(cfg, Estimator.prepare(cfg, v, Estimator.Options.defaults().withLrAxis(2)),
                Estimator.Options.defaults().withLrAxis(2), Estimator.Listener.NONE, 2);
        double[] iv = r.fwhmIntervalMm();
        System.out.printf(Locale.ROOT, "measure: %.3f mm, members %s, interval [%.2f, %.2f], converged %s, %.1f s%n",
                r.fwhmMm(), java.util.Arrays.toString(r.memberFwhmMm()), iv[0], iv[1], r.converged(), r.wallSeconds());
        return r.fwhmMm();
    }

    @Test
    void readsAKnownThroughPlaneBlurAndOneVoxelWithoutIt() {
        Backend.init(2);
        Volume iso = NiftiReader.read(TestData.colin27());
        double sharp = measure(iso);
        assertTrue(sharp >= 0.6 && sharp <= 1.4, "unblurred image read " + sharp + " mm, expected about one voxel");
        List<Double> readings = new ArrayList<>();
        for (double fwhm : new double[] {2, 3, 4, 6}) {
            double m = measure(Acquisition.simulate(iso, 2, Profiles.gaussian(fwhm), 1));
            readings.add(m);
            assertEquals(fwhm, m, TOLERANCE_MM, "Gaussian " + fwhm + " mm along z");
        }
        for (int i = 1; i < readings.size(); i++) {
            assertTrue(readings.get(i) > readings.get(i - 1), "readings increase with the blur: " + readings);
        }
    }
}
