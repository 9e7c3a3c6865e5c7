package org.espreso.estimator;

import java.util.List;
import org.espreso.core.profile.Fwhm;
import org.espreso.core.profile.Profile;
import org.espreso.estimator.model.PatchGeometry;

/**
 * What a run produced: the reported (EMA) profile, the last raw profile, the per-step loss log and the
 * geometry it was estimated in.
 *
 * @param config     the resolved configuration
 * @param ema        the exponential moving average of k — the estimate (ESPRESO.md §8)
 * @param last       k after the last generator step
 * @param lossRows   one row per step, columns {@link Estimator#LOSS_COLUMNS}
 * @param geometry   patch shapes
 * @param lrAxis     the slice axis used
 * @param inPlaneMm  tap spacing
 * @param sliceMm    slice spacing
 * @param wallSeconds wall time of the training loop in this process (a resumed run counts only its part)
 * @param resumedFrom step a checkpoint was resumed from (0 when none)
 */
public record EstimatorResult(EstimatorConfig config, double[] ema, double[] last, List<double[]> lossRows,
                              PatchGeometry geometry, int lrAxis, double inPlaneMm, double sliceMm,
                              double wallSeconds, int resumedFrom) {

    public Profile profile() {
        return new Profile(ema, inPlaneMm);
    }

    public double fwhmTaps() {
        return Fwhm.of(ema);
    }

    public double fwhmMm() {
        return fwhmTaps() * inPlaneMm;
    }

    public double scale() {
        return geometry.scale();
    }
}
