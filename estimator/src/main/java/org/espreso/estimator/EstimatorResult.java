package org.espreso.estimator;

import java.util.Locale;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.espreso.core.profile.Fwhm;
import org.espreso.core.profile.Profile;
import org.espreso.estimator.model.PatchGeometry;

/**
 * What an estimate produced: the reported profile (the EMA of one run, or the median of an ensemble's members),
 * each member's own result, and the geometry it was estimated in.
 *
 * @param config      the resolved configuration
 * @param ema         the estimate: the EMA of k for one run (docs/espreso.md), the tap-wise median of the members'
 *                    EMAs (renormalised to sum 1) for an ensemble
 * @param last        k after the last generator step of member 0
 * @param geometry    patch shapes
 * @param lrAxis      the slice axis used
 * @param inPlaneMm   tap spacing
 * @param sliceMm     slice spacing
 * @param wallSeconds wall time of the training in this process (a resumed run counts only its part)
 * @param resumedFrom step a checkpoint was resumed from (0 when none; member 0's for an ensemble)
 * @param members     one entry per run, in member order
 */
public record EstimatorResult(EstimatorConfig config, double[] ema, double[] last, PatchGeometry geometry, int lrAxis,
                              double inPlaneMm, double sliceMm, double wallSeconds, int resumedFrom,
                              List<Member> members) {

    /**
     * One run of an estimate.
     *
     * @param index         member number (seed = config seed + index)
     * @param seed          its seed
     * @param startFwhm     FWHM (taps) of the profile its warm-up pulled toward (≤ 1: the impulse)
     * @param ema           its EMA profile at the end
     * @param ganIterations GAN iterations it ran
     * @param converged     whether it stopped on the convergence test (a fixed-count run: whether it ran them all)
     * @param wallSeconds   its wall time
     * @param lossRows      one row per step, columns {@link Estimator#LOSS_COLUMNS}
     */
    public record Member(int index, long seed, double startFwhm, double[] ema, int ganIterations, boolean converged,
                         double wallSeconds, List<double[]> lossRows) {
        public double fwhmTaps() {
            return Fwhm.of(ema);
        }
    }

    public EstimatorResult {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an estimate has at least one member");
        }
    }

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

    /** Whether every member converged (a fixed-count run: ran its whole budget). */
    public boolean converged() {
        return members.stream().allMatch(Member::converged);
    }

    /** GAN iterations of the longest member. */
    public int ganIterations() {
        return members.stream().mapToInt(Member::ganIterations).max().orElse(0);
    }

    /** The members' FWHMs in mm, in member order. */
    public double[] memberFwhmMm() {
        return members.stream().mapToDouble(m -> m.fwhmTaps() * inPlaneMm).toArray();
    }

    /** Mean of the members' FWHMs (mm). */
    public double fwhmMeanMm() {
        return Arrays.stream(memberFwhmMm()).average().orElse(Double.NaN);
    }

    /** Sample standard deviation of the members' FWHMs (mm); NaN for a single run. */
    public double fwhmSdMm() {
        double[] f = memberFwhmMm();
        if (f.length < 2) {
            return Double.NaN;
        }
        double mean = fwhmMeanMm(), ss = 0;
        for (double v : f) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (f.length - 1));
    }

    /**
     * The combined standard uncertainty of the FWHM (mm): the members' SD and the preset's systematic part
     * ({@link EstimatorConfig#systematicFraction()} × FWHM) added in quadrature. NaN for a single run.
     */
    public double fwhmUncertaintyMm() {
        double sd = fwhmSdMm(), sys = config.systematicFraction() * fwhmMm();
        return Math.sqrt(sd * sd + sys * sys);
    }

    /**
     * Whether the image is decimated (slice spacing above the in-plane spacing) and the estimate reads narrower than
     * the slice spacing. Such a reading does not rule out profiles up to the spacing: the narrower a profile is than
     * the spacing s, the smaller its mark inside the LR band (a Gaussian of FWHM w attenuates the LR Nyquist frequency
     * by exp(−0.89 (w/s)²): 0.80 at w = s/2, 0.95 at w = s/4), and on a real head the difference between the anatomy
     * along the slice axis and in-plane can be larger than that mark. On Colin27 such readings (1.1–1.6 mm at ×8
     * along one axis, for truths of 2–9 mm) said little about where below the spacing the truth lay (docs/espreso.md,
     * "Readings narrower than the slice spacing"). A single run ({@code members} = 1) has no interval, but the flag
     * still applies to its reading.
     */
    public boolean narrowerThanSpacing() {
        return sliceMm > inPlaneMm * (1 + SPACING_TOLERANCE) && fwhmMm() < sliceMm;
    }

    /** Relative difference of slice and in-plane spacing below which an image counts as not decimated. */
    private static final double SPACING_TOLERANCE = 1e-3;

    /**
     * The reported interval (mm): the estimate's FWHM ± 2 combined uncertainties, widened to contain every member's
     * FWHM and clipped at 0; for a reading {@link #narrowerThanSpacing() narrower than the slice spacing} the upper
     * end reaches at least the spacing. NaN bounds for a single run.
     */
    public double[] fwhmIntervalMm() {
        double[] f = memberFwhmMm();
        if (f.length < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double c = fwhmMm(), u = fwhmUncertaintyMm();
        double lo = c - 2 * u, hi = c + 2 * u;
        for (double v : f) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (narrowerThanSpacing()) {
            hi = Math.max(hi, sliceMm);
        }
        return new double[] {Math.max(0, lo), hi};
    }

    /** Every member's loss rows with the member number in front (column {@code member}). */
    public List<double[]> lossRows() {
        List<double[]> out = new ArrayList<>();
        for (Member m : members) {
            for (double[] r : m.lossRows()) {
                double[] row = new double[r.length + 1];
                row[0] = m.index();
                System.arraycopy(r, 0, row, 1, r.length);
                out.add(row);
            }
        }
        return out;
    }

    /** The one-line summary the CLI and the logs print: FWHM, its uncertainty and interval, convergence. */
    public String summary() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "FWHM %.3f mm (%.3f taps of %.4g mm)",
                fwhmMm(), fwhmTaps(), inPlaneMm()));
        if (members().size() > 1) {
            double[] iv = fwhmIntervalMm();
            sb.append(String.format(Locale.ROOT, " ± %.2f mm (members %.2f ± %.2f mm SD, n = %d; %.0f %% systematic), "
                    + "interval [%.2f, %.2f] mm", fwhmUncertaintyMm(), fwhmMeanMm(), fwhmSdMm(), members().size(),
                    100 * config().systematicFraction(), iv[0], iv[1]));
            if (narrowerThanSpacing()) {
                sb.append(String.format(Locale.ROOT, " (narrower than the slice spacing of %.2f mm, so widths up to "
                        + "the spacing are not ruled out)", sliceMm()));
            }
        }
        long notConverged = members().stream().filter(m -> !m.converged()).count();
        if (config().convergenceWindow() > 0) {
            sb.append(notConverged == 0
                    ? String.format(Locale.ROOT, ", converged (%d GAN iterations at most)", ganIterations())
                    : String.format(Locale.ROOT, ", NOT CONVERGED: %d of %d runs reached the maximum of %d iterations",
                            notConverged, members().size(), config().iterations()));
        }
        return sb.toString();
    }
}
