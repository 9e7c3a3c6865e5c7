package org.espreso.bridge.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.espreso.bridge.Pipeline;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;
import org.espreso.bridge.report.ProfileChart;

/**
 * The report of one pipeline run: report.html (self-contained) plus the same figures as PNGs in figures/.
 * Truth (profile, HR image) and metrics are shown when the caller knows them, e.g. for a simulated input.
 */
public final class PipelineReport {
    /** What the caller knows beyond the run: optional truth and metric rows ("method" → metric → value). */
    public record Extras(Profile trueProfile, Volume truth, Map<String, Map<String, Double>> metrics, Map<String, String> provenance) {
        public static Extras none(Map<String, String> provenance) {
            return new Extras(null, null, Map.of(), provenance);
        }
    }

    private PipelineReport() {
    }

    public static Path write(Pipeline.Request req, Pipeline.Result res, Extras x, Path outDir) throws IOException {
        Path figs = outDir.resolve("figures");
        Files.createDirectories(figs);
        HtmlReport html = new HtmlReport("espreso pipeline report");
        Map<String, String> head = new LinkedHashMap<>();
        head.put("estimated FWHM" + (x.trueProfile() != null ? String.format(Locale.ROOT, " (truth %.2f mm)", x.trueProfile().fwhmMm()) : ""),
                Pipeline.describe(res.estimate(), res.estimateSummary()));
        Map<String, Double> srM = x.metrics().get("SR (estimated profile)");
        Map<String, Double> cubicM = x.metrics().get("cubic interpolation");
        if (srM != null && cubicM != null) {
            head.put("SR PSNR (cubic)", String.format(Locale.ROOT, "%.2f dB (%.2f dB)", srM.get("PSNR"), cubicM.get("PSNR")));
        }
        head.put("through-plane FWHM after SR", Pipeline.describe(res.measured(), res.measuredSummary()));
        html.headline(head);
        html.paragraph("Input " + (req.input() == null ? "(in memory)" : req.input().toString()) + ", LR axis " + req.lrAxis()
                + String.format(Locale.ROOT, ", slice spacing %.3g mm, in-plane %.3g mm, scale %.3g.", req.lr().spacing(req.lrAxis()),
                        req.lr().spacing(Volume.inPlaneAxes(req.lrAxis())[0]), req.lr().scale(req.lrAxis())));

        html.heading("Slice profile");
        List<HtmlReport.Figure> pf = new ArrayList<>();
        pf.add(save(figs, "profile.png", "estimated profile (relative to the in-plane PSF)",
                ProfileChart.png(ProfileChart.chart("Estimated slice profile", res.estimate(), x.trueProfile()))));
        pf.add(save(figs, "measured.png", "profile measured on the SR output",
                ProfileChart.png(ProfileChart.chart("Measured after SR", res.measured(), null))));
        html.figures(pf);

        html.heading("Through-plane slices");
        int normal = Volume.inPlaneAxes(req.lrAxis())[1];
        int idx = req.lr().dim(normal) / 2;
        SliceRenderer.Window w = SliceRenderer.Window.robust(req.lr());
        double px = req.lr().spacing(Volume.inPlaneAxes(req.lrAxis())[0]) / 2; // two screen pixels per voxel
        List<HtmlReport.Figure> sf = new ArrayList<>();
        sf.add(slice(figs, "slice-lr.png", "input (LR)", req.lr(), normal, idx, w, px));
        sf.add(slice(figs, "slice-cubic.png", "cubic interpolation", Pipeline.cubicBaseline(req.lr(), req.lrAxis()), normal, idx, w, px));
        sf.add(slice(figs, "slice-sr.png", "SR (estimated profile)", res.sr(), normal, idx, w, px));
        if (x.truth() != null) {
            sf.add(slice(figs, "slice-truth.png", "truth", x.truth(), normal, idx, w, px));
        }
        html.figures(sf);

        if (!x.metrics().isEmpty()) {
            html.heading("Metrics against the truth (head mask, paper conventions)");
            List<String> cols = new ArrayList<>();
            x.metrics().values().forEach(m -> m.keySet().forEach(k -> {
                if (!cols.contains(k)) {
                    cols.add(k);
                }
            }));
            List<String> header = new ArrayList<>(List.of("method"));
            header.addAll(cols);
            List<List<String>> rows = new ArrayList<>();
            x.metrics().forEach((method, m) -> {
                List<String> r = new ArrayList<>(List.of(method));
                cols.forEach(c -> r.add(m.containsKey(c) ? String.format(Locale.ROOT, c.contains("SSIM") ? "%.4f" : "%.2f", m.get(c)) : "—"));
                rows.add(r);
            });
            html.table(header, rows);
        }

        html.heading("Provenance");
        List<List<String>> prov = new ArrayList<>();
        x.provenance().forEach((k, v) -> prov.add(List.of(k, v)));
        res.seconds().forEach((s, t) -> prov.add(List.of("time " + s.dir(), String.format(Locale.ROOT, "%.1f s", t))));
        html.table(List.of("item", "value"), prov);
        Path report = outDir.resolve("report.html");
        OutputFiles.write(report, true, out -> out.write(html.bytes()));
        return report;
    }

    private static HtmlReport.Figure slice(Path figs, String name, String caption, Volume v, int normal, int idx,
                                           SliceRenderer.Window w, double px) throws IOException {
        return save(figs, name, caption, SliceRenderer.png(SliceRenderer.plane(v, normal, Math.min(idx, v.dim(normal) - 1), w, px)));
    }

    private static HtmlReport.Figure save(Path figs, String name, String caption, byte[] png) throws IOException {
        OutputFiles.write(figs.resolve(name), true, out -> out.write(png));
        return new HtmlReport.Figure(caption, png);
    }
}
