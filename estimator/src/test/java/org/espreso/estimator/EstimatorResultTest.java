package org.espreso.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.espreso.core.profile.Profiles;
import org.espreso.estimator.model.PatchGeometry;
import org.junit.jupiter.api.Test;

/** The reported uncertainty of an estimate: the interval, and its extension for readings below the slice spacing. */
class EstimatorResultTest {

    /** A two-member estimate whose members read Gaussians of the given FWHMs (taps of {@code inPlaneMm}). */
    private static EstimatorResult estimate(double inPlaneMm, double sliceMm, double... memberFwhmTaps) {
        EstimatorConfig cfg = EstimatorConfig.calibrated();
        int k = cfg.profileLength();
        List<EstimatorResult.Member> members = new java.util.ArrayList<>();
        double[] median = new double[k];
        for (int j = 0; j < memberFwhmTaps.length; j++) {
            double[] taps = Profiles.discretise(Profiles.gaussian(memberFwhmTaps[j]), 1).paddedTo(k);
            members.add(new EstimatorResult.Member(j, cfg.seed() + j, 2, taps, 500, true, 1, List.of()));
            for (int i = 0; i < k; i++) {
                median[i] += taps[i] / memberFwhmTaps.length;
            }
        }
        double scale = sliceMm / inPlaneMm;
        PatchGeometry geo = PatchGeometry.of(scale, k, cfg.maxLrPatch(), (int) Math.round(180 / scale));
        return new EstimatorResult(cfg, median, median, geo, 2, inPlaneMm, sliceMm, 1, 0, members);
    }

    @Test
    void aDecimatedReadingNarrowerThanTheSpacingHasAnIntervalReachingTheSpacing() {
        EstimatorResult r = estimate(1, 8, 1.4, 1.5);
        assertTrue(r.narrowerThanSpacing());
        double c = r.fwhmMm(), u = r.fwhmUncertaintyMm();
        double[] iv = r.fwhmIntervalMm();
        assertTrue(c + 2 * u < 8, "the usual interval stays below the spacing, so the extension is what is tested");
        assertEquals(8, iv[1], 1e-12);
        assertEquals(Math.max(0, Math.min(c - 2 * u, 1.4)), iv[0], 0.02, "the lower end is the usual one");
        assertTrue(r.summary().contains("narrower than the slice spacing of 8.00 mm"), r.summary());
    }

    @Test
    void aReadingAboveTheSpacingOrOfAnUndecimatedImageKeepsTheUsualInterval() {
        for (EstimatorResult r : new EstimatorResult[] {estimate(1, 4, 5.0, 5.2), estimate(1, 1, 1.4, 1.5),
                estimate(0.5, 0.5, 3.0, 3.1)}) {
            assertFalse(r.narrowerThanSpacing());
            double c = r.fwhmMm(), u = r.fwhmUncertaintyMm();
            double hi = c + 2 * u;
            for (double f : r.memberFwhmMm()) {
                hi = Math.max(hi, f);
            }
            assertEquals(hi, r.fwhmIntervalMm()[1], 1e-12);
            assertFalse(r.summary().contains("slice spacing"), r.summary());
        }
    }

    @Test
    void theSpacingIsInMillimetresNotTaps() {
        // 0.5 mm voxels, 3 mm slices (scale 6): 5 taps are 2.5 mm, below the spacing (a comparison of taps with mm
        // would miss it); 7 taps are 3.5 mm, above it (a comparison of mm with the scale would flag it)
        EstimatorResult below = estimate(0.5, 3, 5, 5.1);
        assertTrue(below.narrowerThanSpacing());
        assertTrue(below.fwhmIntervalMm()[1] >= 3);
        assertFalse(estimate(0.5, 3, 7, 7.1).narrowerThanSpacing());
    }
}
