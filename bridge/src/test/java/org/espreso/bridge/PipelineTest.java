package org.espreso.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir
    Path dir;

    final AtomicInteger estimates = new AtomicInteger();
    final AtomicInteger srs = new AtomicInteger();
    volatile boolean failSr;

    /** Reports FWHM 4 px on LR input and 2 px on SR input, so the stages' outputs are told apart. */
    final ProfileEstimator estimator = (image, axis, out) -> {
        estimates.incrementAndGet();
        Files.writeString(out.resolve("artefact.txt"), "x");
        double f = image.scale(axis) > 1.5 ? 4 : 2;
        return new ProfileEstimator.Estimate(new Profile(Profiles.discretise(Profiles.gaussian(f), 1).paddedTo(21), 1), Map.of("fake", true));
    };

    final SuperResolver sr = (lr, axis, kernel, out) -> {
        srs.incrementAndGet();
        if (failSr) {
            throw new IllegalStateException("boom");
        }
        assertEquals(4.0, kernel.fwhmMm(), 0.01, "the estimate is the SR kernel");
        return Resampling.upsampleCubic(lr, axis, lr.scale(axis));
    };

    private Volume lr() {
        float[] d = new float[16 * 16 * 32];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.sin(i * 0.37) * 100 + 200;
        }
        return Acquisition.simulate(Volume.of(new int[] {16, 16, 32}, new double[] {1, 1, 1}, d), 2, Profiles.gaussian(4), 4);
    }

    private Pipeline.Result run(Pipeline.Stage from) throws Exception {
        return new Pipeline(estimator, sr, SrKernel.Mode.PROFILE, new PrintWriter(new StringWriter())).run(new Pipeline.Request(null, lr(), 2, dir, from));
    }

    @Test
    void describeNamesTheIntervalAReadingBelowTheSpacingAndConvergence() {
        Profile p = Profiles.discretise(Profiles.gaussian(2), 1);
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("fwhm_uncertainty_mm", 0.5);
        s.put("fwhm_interval_mm", new double[] {1.0, 8.0});
        s.put("narrower_than_slice_spacing", true);
        s.put("converged", false);
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f mm ± 0.50 (interval 1.00–8.00 mm), narrower than the "
                + "slice spacing, NOT converged", p.fwhmMm()), Pipeline.describe(p, s));
        s.put("narrower_than_slice_spacing", false);
        s.put("converged", true);
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f mm ± 0.50 (interval 1.00–8.00 mm)", p.fwhmMm()),
                Pipeline.describe(p, s));
    }

    @Test
    void fwhmModeHandsSrAGaussianOfTheEstimatedFwhm() throws Exception {
        ProfileEstimator rect = (image, axis, out) -> new ProfileEstimator.Estimate(
                new Profile(Profiles.discretise(Profiles.rect(5), 1).paddedTo(21), 1), Map.of());
        java.util.List<Profile> kernels = new java.util.ArrayList<>();
        SuperResolver record = (lr, axis, kernel, out) -> {
            kernels.add(kernel);
            return Resampling.upsampleCubic(lr, axis, lr.scale(axis));
        };
        new Pipeline(rect, record, SrKernel.Mode.FWHM, new PrintWriter(new StringWriter()))
                .run(new Pipeline.Request(null, lr(), 2, dir, null));
        assertEquals(1, kernels.size());
        assertEquals(SrKernel.gaussianOfFwhm(new Profile(Profiles.discretise(Profiles.rect(5), 1).paddedTo(21), 1), 1).taps().length,
                kernels.get(0).length());
        assertEquals(5.0, kernels.get(0).fwhmMm(), 0.05);
        // Gaussian tails, not the rect's zeros beyond +-3 taps.
        assertTrue(kernels.get(0).taps()[1] > 1e-3, "tail " + kernels.get(0).taps()[1]);
        assertTrue(Files.readString(dir.resolve("sr/kernel.json")).contains("\"kernel_mode\""));
    }

    @Test
    void runsEachStageOnceAndResumes() throws Exception {
        Pipeline.Result r = run(null);
        assertEquals(2, estimates.get());
        assertEquals(1, srs.get());
        assertEquals(4.0, r.estimate().fwhmMm(), 0.01);
        assertEquals(2.0, r.measuredFwhmMm(), 0.01);
        assertEquals(32, r.sr().dim(2));
        for (String s : new String[] {"estimate", "sr", "measure"}) {
            assertTrue(Files.exists(dir.resolve(s).resolve("done.json")), s);
        }
        assertTrue(Files.exists(dir.resolve("sr/kernel.npy")) && Files.exists(dir.resolve("sr/sr.nii.gz")));

        Path report = org.espreso.bridge.report.PipelineReport.write(new Pipeline.Request(null, lr(), 2, dir, null), r,
                org.espreso.bridge.report.PipelineReport.Extras.none(Map.of("version", "test")), dir);
        String html = Files.readString(report);
        // Two profile plots and three slices (LR, cubic, SR; no truth given), inlined and saved beside it.
        assertEquals(5, html.split("data:image/png;base64,").length - 1);
        assertTrue(html.contains("4.00 mm") && html.contains("2.00 mm"), "headline FWHMs");
        try (var figs = Files.list(dir.resolve("figures"))) {
            assertEquals(5, figs.count());
        }

        Pipeline.Result again = run(null);
        assertEquals(2, estimates.get(), "nothing redone");
        assertEquals(1, srs.get());
        assertEquals(r.measuredFwhmMm(), again.measuredFwhmMm(), 1e-12);

        run(Pipeline.Stage.SR);
        assertEquals(3, estimates.get(), "only measure re-estimates");
        assertEquals(2, srs.get());
    }

    @Test
    void aFailedStageLeavesNoFolderAndKeepsFinishedOnes() throws Exception {
        failSr = true;
        assertThrows(IllegalStateException.class, () -> run(null));
        assertTrue(Files.exists(dir.resolve("estimate/done.json")));
        assertFalse(Files.exists(dir.resolve("sr")));
        assertFalse(Files.exists(dir.resolve(".sr.partial")));
        failSr = false;
        run(null);
        assertEquals(1 + 1, estimates.get(), "estimate reused after the failure");
        assertTrue(Files.exists(dir.resolve("measure/done.json")));
    }
}
