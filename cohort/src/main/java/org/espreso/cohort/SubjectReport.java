package org.espreso.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.espreso.bridge.report.HtmlReport;
import org.espreso.bridge.report.ProfileChart;
import org.espreso.bridge.report.SliceRenderer;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.volume.Volume;

/**
 * {@code OUTPUT/sub-<label>.html}: one self-contained page per subject (as fMRIPrep writes them), one section per
 * scan, anchored by the scan's key so the group report links straight to it. Built from the status files and the
 * derivatives on disk, so it also covers scans finished by earlier runs.
 */
public final class SubjectReport {
    private SubjectReport() {
    }

    public static Path file(Path out, String subject) {
        return out.resolve("sub-" + subject + ".html");
    }

    public static Path write(Path out, String subject) throws IOException {
        List<ScanStatus> scans = ScanStatus.readAll(out).stream().filter(s -> s.subject().equals(subject)).toList();
        HtmlReport html = new HtmlReport("espreso: sub-" + subject);
        html.paragraph(scans.size() + " anatomical scan(s). Group summary: group_report.html.");
        for (ScanStatus s : scans) {
            html.heading(s.key() + " — " + s.state().label(), s.key());
            if (s.state() != ScanStatus.State.DONE) {
                html.paragraph((s.state() == ScanStatus.State.FAILED ? "Failed: " : "Skipped: ") + s.reason());
                html.paragraph("Source: " + s.source());
                continue;
            }
            Map<String, String> head = new LinkedHashMap<>();
            head.put("estimated slice-profile FWHM", GroupSummary.fwhm(s.fwhmMm(), s.fwhmUncertaintyMm(), s.converged()));
            if (s.afterSrFwhmMm() != null) {
                head.put("through-plane FWHM after SR", GroupSummary.fwhm(s.afterSrFwhmMm(), s.afterSrUncertaintyMm(), s.afterSrConverged()));
            }
            head.put("slice spacing / thickness", String.format(Locale.ROOT, "%.3g mm / %s", s.sliceSpacingMm(),
                    s.sliceThicknessMm() == null ? "n/a" : String.format(Locale.ROOT, "%.3g mm", s.sliceThicknessMm())));
            head.put("wall time", String.format(Locale.ROOT, "%.0f s", s.seconds()));
            html.headline(head);
            List<String> flags = GroupSummary.flags(s);
            if (!flags.isEmpty()) {
                html.paragraph("QC flags: " + String.join("; ", flags) + ".");
            }
            List<HtmlReport.Figure> figs = new ArrayList<>();
            String anat = s.scan().anatDir();
            Path estimate = out.resolve(anat).resolve(s.key() + ScanRunner.PROFILE + ".json");
            figs.add(new HtmlReport.Figure("estimated slice profile", ProfileChart.png(ProfileChart.chart("Estimated slice profile",
                    ProfileJson.read(estimate), null))));
            String srStem = s.scan().derivative(ScanRunner.DESC, "");
            Path measured = out.resolve(anat).resolve(srStem + ScanRunner.PROFILE + ".json");
            if (Files.isRegularFile(measured)) {
                figs.add(new HtmlReport.Figure("profile measured on the SR image", ProfileChart.png(ProfileChart.chart(
                        "Measured after SR", ProfileJson.read(measured), null))));
            }
            html.figures(figs);
            Path srFile = out.resolve(anat).resolve(srStem + ".nii.gz");
            if (Files.isRegularFile(srFile)) {
                html.figures(slices(s, srFile, Derivatives.sourceRoot(out)));
            }
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("source", s.source()));
            s.outputs().forEach(o -> rows.add(List.of("output", o)));
            rows.add(List.of("settings", s.settings()));
            rows.add(List.of("espreso version", s.version()));
            rows.add(List.of("finished", s.finished()));
            html.table(List.of("item", "value"), rows);
        }
        Path f = file(out, subject);
        OutputFiles.write(f, true, o -> o.write(html.bytes()));
        return f;
    }

    /** Through-plane views of the SR image (and its LR source when still readable), at the middle slice. */
    private static List<HtmlReport.Figure> slices(ScanStatus s, Path srFile, Path sourceRoot) throws IOException {
        Volume sr = NiftiReader.read(srFile);
        int axis = s.sliceAxis();
        int normal = Volume.inPlaneAxes(axis)[1];
        SliceRenderer.Window w = SliceRenderer.Window.robust(sr);
        double px = sr.spacing(Volume.inPlaneAxes(axis)[0]) / 2;
        List<HtmlReport.Figure> figs = new ArrayList<>();
        Path src = sourceRoot == null ? null : sourceRoot.resolve(s.source());
        if (src != null && Files.isRegularFile(src)) {
            try {
                Volume lr = NiftiReader.read(src);
                figs.add(new HtmlReport.Figure("source (thick slices), through-plane", SliceRenderer.png(SliceRenderer.plane(lr,
                        normal, Math.min(sr.dim(normal) / 2, lr.dim(normal) - 1), w, px))));
            } catch (RuntimeException e) {
                // a source changed since: the report shows the SR image alone
            }
        }
        figs.add(new HtmlReport.Figure("SR image, through-plane", SliceRenderer.png(SliceRenderer.plane(sr, normal,
                sr.dim(normal) / 2, w, px))));
        return figs;
    }
}
