package org.espreso.evaluation.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.espreso.bridge.report.HtmlReport;
import org.espreso.bridge.report.ProfileChart;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.profile.Profile;

/** report.html of an experiment: the table laid out like the paper's, profile figures per cell, provenance. */
final class ExperimentReport {
    private ExperimentReport() {
    }

    static void write(Path out, String title, ExperimentConfig cfg, ResultTable table, List<CellResult> results,
                      String version, String configHash) throws IOException {
        HtmlReport html = new HtmlReport(title);
        if (cfg.description() != null) {
            html.paragraph(cfg.description());
        }
        html.paragraph("Images: " + String.join(", ", cfg.images().stream().map(i -> i.name() + " (" + i.path()
                + (i.crop() != null ? ", cropped" : "") + ")").toList()) + ". Seeds: " + cfg.seedsOrDefault() + ".");
        html.heading("Results");
        html.table(table.header(), table.rowsWithPaper(cfg.paper()));
        Path figs = out.resolve("figures");
        Files.createDirectories(figs);
        List<HtmlReport.Figure> f = new ArrayList<>();
        for (CellResult r : results) {
            if (r.estimatedProfile() == null || r.seed() != cfg.seedsOrDefault().get(0)) {
                continue;
            }
            Profile est = new Profile(r.estimatedProfile(), 1.0);
            Profile truth = new Profile(r.trueProfile(), 1.0);
            String caption = r.image() + " " + r.column();
            byte[] png = ProfileChart.png(ProfileChart.chart(caption, est, (cfg.table() == ExperimentConfig.Table.TABLE3) ? null : truth));
            OutputFiles.write(figs.resolve(ExperimentRunner.safe(caption) + ".png"), true, o -> o.write(png));
            f.add(new HtmlReport.Figure(caption + ((cfg.table() == ExperimentConfig.Table.TABLE3) ? " (measured on the SR output)" : ""), png));
        }
        if (!f.isEmpty()) {
            html.heading((cfg.table() == ExperimentConfig.Table.TABLE3) ? "Profiles measured after SR" : "Estimated vs. true profiles");
            html.figures(f);
        }
        html.heading("Provenance");
        double total = results.stream().mapToDouble(CellResult::seconds).sum();
        html.table(List.of("item", "value"), List.of(
                List.of("espreso version", version),
                List.of("config", cfg.experiment() + " (sha256 " + configHash + ")"),
                List.of("estimator", cfg.estimator().preset() + " " + cfg.estimator().overridesOrEmpty()),
                List.of("SR", cfg.sr() == null ? "—" : cfg.sr().preset() + " " + cfg.sr().overridesOrEmpty()),
                List.of("cells", Integer.toString(results.size())),
                List.of("compute time (sum over cells)", String.format("%.1f s", total))));
        OutputFiles.write(out.resolve("report.html"), true, o -> o.write(html.bytes()));
    }
}
