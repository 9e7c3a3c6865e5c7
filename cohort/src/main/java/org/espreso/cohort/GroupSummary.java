package org.espreso.cohort;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.espreso.bridge.report.HtmlReport;
import org.espreso.bridge.report.StripPlot;
import org.espreso.core.io.OutputFiles;

/**
 * The group level: {@code group_<suffix>.tsv} (one row per scan) and {@code group_report.html} (strip plots whose
 * points link to the scans' reports, QC flags, what was skipped and why), from the status files alone.
 */
public final class GroupSummary {
    /** Columns of the group tables. */
    public static final List<String> COLUMNS = List.of("participant_id", "session_id", "source", "status",
            "slice_axis", "slice_thickness_mm", "slice_spacing_mm", "inplane_mm", "fwhm_mm", "fwhm_uncertainty_mm",
            "fwhm_low_mm", "fwhm_high_mm", "converged", "fwhm_after_sr_mm", "fwhm_after_sr_uncertainty_mm",
            "wall_s", "peak_rss_mb", "qc_flags", "reason");

    /**
     * An estimate this far from the header's slice thickness (or spacing where no sidecar gives the thickness),
     * relative to it, is flagged: a profile that wide or narrow contradicts the acquisition protocol.
     */
    public static final double FAR_FROM_HEADER = 0.5;

    /**
     * What was written.
     *
     * @param tables one TSV per suffix
     * @param counts scans per status
     */
    public record Result(List<Path> tables, Path report, Map<ScanStatus.State, Integer> counts, int flagged) {
    }

    private GroupSummary() {
    }

    public static Result write(Path out) throws IOException {
        List<ScanStatus> all = ScanStatus.readAll(out);
        Map<String, List<ScanStatus>> bySuffix = new TreeMap<>();
        all.forEach(s -> bySuffix.computeIfAbsent(s.suffix(), k -> new ArrayList<>()).add(s));
        List<Path> tables = new ArrayList<>();
        for (var e : bySuffix.entrySet()) {
            StringBuilder tsv = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
            for (ScanStatus s : e.getValue()) {
                tsv.append(String.join("\t", row(s))).append('\n');
            }
            Path f = out.resolve("group_" + e.getKey() + ".tsv");
            OutputFiles.writeString(f, true, tsv.toString());
            tables.add(f);
        }
        Map<ScanStatus.State, Integer> counts = new LinkedHashMap<>();
        for (ScanStatus.State st : ScanStatus.State.values()) {
            counts.put(st, (int) all.stream().filter(s -> s.state() == st).count());
        }
        int flagged = (int) all.stream().filter(s -> !flags(s).isEmpty()).count();
        Path report = out.resolve("group_report.html");
        OutputFiles.write(report, true, o -> o.write(html(all, counts, flagged).bytes()));
        return new Result(tables, report, counts, flagged);
    }

    private static HtmlReport html(List<ScanStatus> all, Map<ScanStatus.State, Integer> counts, int flagged) {
        HtmlReport html = new HtmlReport("espreso: group report");
        Map<String, String> head = new LinkedHashMap<>();
        head.put("scans", Integer.toString(all.size()));
        counts.forEach((k, v) -> head.put(k.label(), Integer.toString(v)));
        head.put("flagged", Integer.toString(flagged));
        html.headline(head);
        html.paragraph("One point per scan; click a point for the scan's report. Red: QC flag. Bars: ± the combined "
                + "uncertainty of the estimate.");
        html.plot(plot("Estimated slice-profile FWHM", "mm", all, ScanStatus::fwhmMm, ScanStatus::fwhmUncertaintyMm));
        html.plot(plot("Through-plane FWHM after SR", "mm", all, ScanStatus::afterSrFwhmMm, ScanStatus::afterSrUncertaintyMm));
        html.plot(plot("Estimated FWHM / header slice thickness", "ratio", all, GroupSummary::ratioToHeader, s -> null));
        html.plot(plot("Wall time per scan", "s", all, ScanStatus::seconds, s -> null));
        html.heading("Scans");
        List<List<String>> rows = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<Boolean> flaggedRows = new ArrayList<>();
        for (ScanStatus s : all) {
            rows.add(List.of(s.key(), s.state().label(), fmt(s.sliceSpacingMm()), fmt(s.sliceThicknessMm()),
                    s.fwhmMm() == null ? "n/a" : fwhm(s.fwhmMm(), s.fwhmUncertaintyMm(), s.converged()),
                    s.afterSrFwhmMm() == null ? "n/a" : fwhm(s.afterSrFwhmMm(), s.afterSrUncertaintyMm(), s.afterSrConverged()),
                    fmt(s.seconds()), String.join("; ", flags(s)), s.reason() == null ? "" : s.reason()));
            links.add(link(s));
            flaggedRows.add(!flags(s).isEmpty());
        }
        html.linkedTable(List.of("scan", "status", "spacing (mm)", "thickness (mm)", "estimated FWHM", "FWHM after SR",
                "wall (s)", "QC flags", "reason"), rows, links, flaggedRows);
        return html;
    }

    private static StripPlot plot(String title, String unit, List<ScanStatus> all, Function<ScanStatus, Double> value,
            Function<ScanStatus, Double> error) {
        StripPlot p = new StripPlot(title, unit);
        for (ScanStatus s : all) {
            Double v = value.apply(s);
            if (v == null || s.state() != ScanStatus.State.DONE) {
                continue;
            }
            Double e = error.apply(s);
            List<String> f = flags(s);
            p.add(new StripPlot.Point(s.suffix(), v, e == null ? Double.NaN : e, s.key() + ": " + fmt(v) + " " + unit
                    + (f.isEmpty() ? "" : " (" + String.join("; ", f) + ")"), link(s), !f.isEmpty()));
        }
        return p;
    }

    private static String link(ScanStatus s) {
        return "sub-" + s.subject() + ".html#" + s.key();
    }

    private static Double ratioToHeader(ScanStatus s) {
        Double ref = s.sliceThicknessMm() != null ? s.sliceThicknessMm() : s.sliceSpacingMm();
        return s.fwhmMm() == null || ref == null || ref <= 0 ? null : s.fwhmMm() / ref;
    }

    /** The QC flags of a scan (empty: nothing to look at). */
    public static List<String> flags(ScanStatus s) {
        List<String> f = new ArrayList<>();
        if (s.state() == ScanStatus.State.FAILED) {
            f.add("failed");
            return f;
        }
        if (s.state() != ScanStatus.State.DONE) {
            return f;
        }
        Double r = ratioToHeader(s);
        if (r != null && Math.abs(r - 1) > FAR_FROM_HEADER) {
            f.add(String.format(Locale.ROOT, "estimated FWHM %.2f× the header's slice %s", r,
                    s.sliceThicknessMm() != null ? "thickness" : "spacing"));
        }
        if (Boolean.FALSE.equals(s.converged())) {
            f.add("estimate not converged");
        }
        if (Boolean.FALSE.equals(s.afterSrConverged())) {
            f.add("measurement after SR not converged");
        }
        if (s.afterSrFwhmMm() != null && s.fwhmMm() != null && s.afterSrFwhmMm() >= s.fwhmMm()) {
            f.add("SR did not sharpen the through-plane profile");
        }
        return f;
    }

    /** "4.12 ± 0.40 mm" (", not converged" when it did not). */
    static String fwhm(Double v, Double u, Boolean converged) {
        if (v == null) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", v) + (u == null ? "" : String.format(Locale.ROOT, " ± %.2f", u)) + " mm"
                + (Boolean.FALSE.equals(converged) ? ", not converged" : "");
    }

    private static List<String> row(ScanStatus s) {
        return List.of("sub-" + s.subject(), s.session() == null ? "n/a" : "ses-" + s.session(), s.source(), s.state().label(),
                s.sliceAxis() == null ? "n/a" : s.sliceAxis().toString(), fmt(s.sliceThicknessMm()), fmt(s.sliceSpacingMm()),
                fmt(s.inPlaneMm()), fmt(s.fwhmMm()), fmt(s.fwhmUncertaintyMm()), fmt(s.fwhmLowMm()), fmt(s.fwhmHighMm()),
                s.converged() == null ? "n/a" : s.converged().toString(), fmt(s.afterSrFwhmMm()), fmt(s.afterSrUncertaintyMm()),
                fmt(s.seconds()), fmt(s.peakRssMb()), flags(s).isEmpty() ? "n/a" : String.join("; ", flags(s)),
                s.reason() == null ? "n/a" : s.reason().replace('\t', ' '));
    }

    /** BIDS tables write a missing value as n/a. */
    private static String fmt(Double v) {
        return v == null || !Double.isFinite(v) ? "n/a" : String.format(Locale.ROOT, "%.4g", v);
    }
}
