package org.espreso.bridge.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.profile.Npy;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.ProfileJson;
import org.espreso.estimator.Estimator;
import org.espreso.estimator.EstimatorResult;
import org.espreso.estimator.Json;

/**
 * Writes the files of one estimate (docs/espreso.md) into a directory: {@code profile.npy} (float32, K taps),
 * {@code profile.json} (taps, FWHM in taps and mm, spacing, scale, axes, preset, seed, version, wall time),
 * {@code profile.png}, {@code loss.csv} (one row per step) and {@code config.json} (the resolved configuration
 * plus the input geometry).
 */
public final class ResultWriter {
    public static final String NPY = "profile.npy", JSON = "profile.json", PNG = "profile.png", LOSS = "loss.csv",
            CONFIG = "config.json";

    private ResultWriter() {
    }

    /**
     * @param extra facts for profile.json (input file, version, ...); may be empty
     * @param truth the true profile to overlay on the plot, or null
     */
    public static void write(EstimatorResult r, Path dir, Map<String, Object> extra, Profile truth) throws IOException {
        Files.createDirectories(dir);
        Profile p = r.profile();
        OutputFiles.write(dir.resolve(NPY), true, out -> Npy.write(out, p.taps()));
        Map<String, Object> meta = new LinkedHashMap<>(summary(r));
        meta.putAll(extra);
        if (truth != null) {
            meta.put("true_fwhm_mm", truth.fwhmMm());
        }
        OutputFiles.writeString(dir.resolve(JSON), true, ProfileJson.toJson(p, meta));
        OutputFiles.write(dir.resolve(PNG), true, out -> out.write(png(r, truth)));
        OutputFiles.writeString(dir.resolve(LOSS), true, lossCsv(r.lossRows()));
        Map<String, Object> cfg = new LinkedHashMap<>(r.config().toMap());
        cfg.put("input", geometry(r));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("converged", r.converged());
        run.put("gan_iterations_used", r.ganIterations());
        run.put("member_gan_iterations", r.members().stream().map(EstimatorResult.Member::ganIterations).toList());
        run.put("member_converged", r.members().stream().map(EstimatorResult.Member::converged).toList());
        cfg.put("run", run);
        OutputFiles.writeString(dir.resolve(CONFIG), true, Json.write(cfg));
    }

    /** The facts of an estimate for JSON reports. */
    public static Map<String, Object> summary(EstimatorResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fwhm_taps", r.fwhmTaps());
        m.put("fwhm_mm", r.fwhmMm());
        m.put("thickness_mm_estimate", r.fwhmMm());
        m.put("slice_spacing_mm", r.sliceMm());
        m.put("in_plane_spacing_mm", r.inPlaneMm());
        m.put("scale", r.scale());
        m.put("lr_axis", r.lrAxis());
        m.put("in_plane_axes", org.espreso.core.volume.Volume.inPlaneAxes(r.lrAxis()));
        m.put("preset", r.config().preset());
        m.put("seed", r.config().seed());
        m.put("iterations", r.config().iterations());
        m.put("gan_iterations_used", r.ganIterations());
        m.put("converged", r.converged());
        m.put("members", r.members().size());
        m.put("fwhm_mean_mm", finite(r.fwhmMeanMm()));
        m.put("fwhm_sd_mm", finite(r.fwhmSdMm()));
        m.put("fwhm_uncertainty_mm", finite(r.fwhmUncertaintyMm()));
        m.put("systematic_fraction", r.config().systematicFraction());
        double[] iv = r.fwhmIntervalMm();
        m.put("fwhm_interval_mm", Double.isNaN(iv[0]) ? null : iv);
        m.put("narrower_than_slice_spacing", r.narrowerThanSpacing());
        m.put("member_fwhm_mm", r.memberFwhmMm());
        m.put("member_converged", r.members().stream().map(EstimatorResult.Member::converged).toList());
        m.put("member_gan_iterations", r.members().stream().map(EstimatorResult.Member::ganIterations).toList());
        m.put("member_start_fwhm_taps", r.members().stream().map(EstimatorResult.Member::startFwhm).toList());
        m.put("member_seconds", r.members().stream().map(EstimatorResult.Member::wallSeconds).toList());
        m.put("warmup_iterations", r.config().warmupIterations());
        m.put("batch_size", r.config().batchSize());
        m.put("wall_seconds", r.wallSeconds());
        m.put("resumed_from_step", r.resumedFrom());
        m.put("last_profile_taps", r.last());
        return m;
    }

    /** JSON has no NaN: an undefined figure (e.g. the spread of one run) is written as null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Map<String, Object> geometry(EstimatorResult r) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("lr_axis", r.lrAxis());
        g.put("in_plane_spacing_mm", r.inPlaneMm());
        g.put("slice_spacing_mm", r.sliceMm());
        g.put("scale", r.scale());
        g.put("patch_shape", new int[] {r.geometry().patchLength(), r.geometry().lr()});
        g.put("hr_length", r.geometry().hr());
        g.put("slice_margin", r.geometry().margin());
        return g;
    }

    /** The rows of {@link EstimatorResult#lossRows()}: the member number, then {@link Estimator#LOSS_COLUMNS}. */
    public static String lossCsv(List<double[]> rows) {
        StringBuilder sb = new StringBuilder("member,").append(String.join(",", Estimator.LOSS_COLUMNS)).append('\n');
        for (double[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                double v = row[i];
                if (i <= 3) {
                    sb.append((long) v);
                } else if (!Double.isNaN(v)) {
                    sb.append(String.format(Locale.ROOT, "%.7g", v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The profile against position in mm (centre tap at 0), its half-maximum segment, the members' band; truth overlaid. */
    public static byte[] png(EstimatorResult r, Profile truth) {
        String title = r.members().size() > 1
                ? String.format(Locale.ROOT, "ESPRESO (%s): FWHM %.2f ± %.2f mm (members %.2f ± %.2f, n = %d)%s",
                        r.config().preset(), r.fwhmMm(), r.fwhmUncertaintyMm(), r.fwhmMeanMm(), r.fwhmSdMm(),
                        r.members().size(), r.converged() ? "" : ", NOT converged")
                : String.format(Locale.ROOT, "ESPRESO (%s): FWHM %.2f mm = %.2f taps", r.config().preset(), r.fwhmMm(), r.fwhmTaps());
        return ProfileChart.png(ProfileChart.chart(title, r.members().size() > 1 ? "estimate (median of members)" : "estimate",
                r.profile(), truth, r.members().stream().map(EstimatorResult.Member::ema).toList()));
    }
}
