package org.espreso.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Npy;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;

/**
 * Estimate → super-resolve with the estimated profile → measure the SR output's through-plane FWHM. Each stage
 * writes into its own folder, built under a temporary name and renamed when complete, with a {@code done.json}
 * inside; a finished stage is reused on the next run unless {@link Request#from} asks to redo it.
 */
public final class Pipeline {
    /** The stages in order; each owns the folder of its name. */
    public enum Stage {
        ESTIMATE, SR, MEASURE;

        public String dir() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param input  the LR file (for provenance)
     * @param from   first stage to redo; earlier finished stages are reused (null: redo nothing finished)
     */
    public record Request(Path input, Volume lr, int lrAxis, Path outDir, Stage from) {
    }

    /**
     * What a run produced. The summaries are the estimator's facts about each estimate (e.g. {@code fwhm_sd_mm},
     * {@code fwhm_interval_mm}, {@code converged}), as in the stage's JSON file.
     */
    public record Result(Profile estimate, Volume sr, Path srFile, Profile measured, Map<Stage, Double> seconds,
                         Map<String, Object> estimateSummary, Map<String, Object> measuredSummary) {
        public double measuredFwhmMm() {
            return measured.fwhmMm();
        }
    }

    /**
     * "4.12 mm ± 0.65 (interval 2.82–5.42 mm)" with ", narrower than the slice spacing" and ", NOT converged" where
     * they apply: an estimate's FWHM and, where its summary has them, its combined uncertainty, the reported interval,
     * whether it read narrower than the slice spacing (EstimatorResult#narrowerThanSpacing) and the convergence
     * verdict.
     */
    public static String describe(Profile p, Map<String, Object> summary) {
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "%.2f mm", p.fwhmMm()));
        if (summary.get("fwhm_uncertainty_mm") instanceof Number sd) {
            sb.append(String.format(java.util.Locale.ROOT, " ± %.2f", sd.doubleValue()));
        }
        Object iv = summary.get("fwhm_interval_mm");
        if (iv instanceof double[] a && a.length == 2) {
            sb.append(String.format(java.util.Locale.ROOT, " (interval %.2f–%.2f mm)", a[0], a[1]));
        } else if (iv instanceof List<?> l && l.size() == 2) {
            sb.append(String.format(java.util.Locale.ROOT, " (interval %.2f–%.2f mm)", ((Number) l.get(0)).doubleValue(),
                    ((Number) l.get(1)).doubleValue()));
        }
        if (Boolean.TRUE.equals(summary.get("narrower_than_slice_spacing"))) {
            sb.append(", narrower than the slice spacing");
        }
        if (Boolean.FALSE.equals(summary.get("converged"))) {
            sb.append(", NOT converged");
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Path json) throws IOException {
        return ProfileJson.MAPPER.readValue(json.toFile(), Map.class);
    }

    private final ProfileEstimator estimator;
    private final SuperResolver superResolver;
    private final SrKernel.Mode kernelMode;
    private final PrintWriter log;

    /** @param kernelMode what of the estimate SR blurs with: its taps or a Gaussian of its FWHM */
    public Pipeline(ProfileEstimator estimator, SuperResolver superResolver, SrKernel.Mode kernelMode, PrintWriter log) {
        this.estimator = estimator;
        this.superResolver = superResolver;
        this.kernelMode = kernelMode;
        this.log = log;
    }

    public Result run(Request r) throws IOException {
        Files.createDirectories(r.outDir());
        if (r.from() != null) {
            for (Stage s : Stage.values()) {
                if (s.ordinal() >= r.from().ordinal()) {
                    OutputFiles.deleteTree(r.outDir().resolve(s.dir()));
                }
            }
        }
        Map<Stage, Double> seconds = new LinkedHashMap<>();
        double pixel = r.lr().spacing(Volume.inPlaneAxes(r.lrAxis())[0]);

        Profile estimate = stage(r, Stage.ESTIMATE, seconds, dir -> {
            ProfileEstimator.Estimate e = estimator.estimate(r.lr(), r.input() != null ? r.input() : dir, r.lrAxis(), dir);
            writeProfile(dir.resolve("estimate.json"), e.profile(), e.summary());
            return null;
        }, dir -> ProfileJson.read(dir.resolve("estimate.json")));
        Map<String, Object> estimateMeta = meta(r.outDir().resolve(Stage.ESTIMATE.dir()).resolve("estimate.json"));
        log.printf("estimated profile: FWHM %s (%d taps)%n", describe(estimate, estimateMeta), estimate.length());

        Profile kernel = kernelMode.apply(estimate, pixel);
        Path srFile = r.outDir().resolve(Stage.SR.dir()).resolve("sr.nii.gz");
        Volume sr = stage(r, Stage.SR, seconds, dir -> {
            OutputFiles.write(dir.resolve("kernel.npy"), false, out -> Npy.write(out, kernel.taps()));
            writeProfile(dir.resolve("kernel.json"), kernel, Map.of("source", "estimate", "kernel_mode", kernelMode.name().toLowerCase(java.util.Locale.ROOT)));
            Volume out = superResolver.superResolve(r.lr(), r.lrAxis(), kernel, dir);
            NiftiWriter.write(out, dir.resolve("sr.nii.gz"), false);
            return null;
        }, dir -> NiftiReader.read(dir.resolve("sr.nii.gz")));
        log.printf("super-resolved: %s%n", srFile);

        Profile measured = stage(r, Stage.MEASURE, seconds, dir -> {
            ProfileEstimator.Estimate e = estimator.estimate(sr, srFile, r.lrAxis(), dir);
            writeProfile(dir.resolve("measured.json"), e.profile(), e.summary());
            return null;
        }, dir -> ProfileJson.read(dir.resolve("measured.json")));
        Map<String, Object> measuredMeta = meta(r.outDir().resolve(Stage.MEASURE.dir()).resolve("measured.json"));
        log.printf("through-plane FWHM after SR: %s%n", describe(measured, measuredMeta));
        return new Result(estimate, sr, srFile, measured, seconds, estimateMeta, measuredMeta);
    }

    /** The cubic-interpolation baseline on the SR grid, for comparisons. */
    public static Volume cubicBaseline(Volume lr, int lrAxis) {
        return Resampling.upsampleCubic(lr, lrAxis, lr.scale(lrAxis));
    }

    @FunctionalInterface
    private interface Work {
        Void run(Path dir) throws IOException;
    }

    @FunctionalInterface
    private interface Load<T> {
        T load(Path dir) throws IOException;
    }

    private <T> T stage(Request r, Stage s, Map<Stage, Double> seconds, Work work, Load<T> load) throws IOException {
        Path dir = r.outDir().resolve(s.dir());
        Path done = dir.resolve("done.json");
        if (Files.exists(done)) {
            JsonNode n = ProfileJson.MAPPER.readTree(done.toFile());
            seconds.put(s, n.path("seconds").asDouble());
            log.printf("[%s] already done (%s); reusing it (--from %s redoes it)%n", s.dir(), dir, s.dir());
            return load.load(dir);
        }
        if (Files.exists(dir)) {
            OutputFiles.deleteTree(dir); // an unfinished folder from an interrupted run: start it again
        }
        Path tmp = org.espreso.core.io.PartialFolder.begin(dir, false);
        log.printf("[%s] running...%n", s.dir());
        long t0 = System.nanoTime();
        try {
            work.run(tmp);
        } catch (IOException | RuntimeException e) {
            org.espreso.core.io.PartialFolder.discard(dir);
            throw e;
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        ObjectNode n = ProfileJson.MAPPER.createObjectNode();
        n.put("stage", s.dir());
        n.put("seconds", sec);
        n.put("input", r.input() == null ? "" : r.input().toAbsolutePath().toString());
        OutputFiles.writeString(tmp.resolve("done.json"), true, ProfileJson.MAPPER.writeValueAsString(n) + "\n");
        org.espreso.core.io.PartialFolder.commit(dir);
        seconds.put(s, sec);
        log.printf("[%s] done in %.1f s%n", s.dir(), sec);
        return load.load(dir);
    }

    private static void writeProfile(Path file, Profile p, Map<String, ?> extra) throws IOException {
        OutputFiles.writeString(file, false, ProfileJson.toJson(p, extra));
    }


}
