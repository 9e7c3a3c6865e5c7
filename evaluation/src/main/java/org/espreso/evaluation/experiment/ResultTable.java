package org.espreso.evaluation.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The paper's table layout: one column per simulation (and method variant, e.g. without/with the profile), and
 * for each metric one row per image plus the mean over images (and the SD where the paper gives it). Values of
 * repeated seeds are averaged per image first.
 */
public final class ResultTable {
    /** One scored run: an image, a simulation column, a variant, a seed and its metrics. */
    public record Entry(String image, String column, String variant, long seed, Map<String, Double> metrics) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public void add(Entry e) {
        entries.add(e);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Column keys in first-seen order: "column" or "column variant". */
    public List<String> columns() {
        Set<String> c = new LinkedHashSet<>();
        entries.forEach(e -> c.add(key(e)));
        return new ArrayList<>(c);
    }

    private static String key(Entry e) {
        return e.variant() == null || e.variant().isEmpty() ? e.column() : e.column() + " " + e.variant();
    }

    private List<String> images() {
        Set<String> s = new LinkedHashSet<>();
        entries.forEach(e -> s.add(e.image()));
        return new ArrayList<>(s);
    }

    private List<String> metrics() {
        Set<String> s = new LinkedHashSet<>();
        entries.forEach(e -> s.addAll(e.metrics().keySet()));
        return new ArrayList<>(s);
    }

    /** Seed-averaged value for an image and column, or NaN when missing. */
    public double value(String metric, String image, String column) {
        double sum = 0;
        int n = 0;
        for (Entry e : entries) {
            if (e.image().equals(image) && key(e).equals(column) && e.metrics().containsKey(metric)) {
                sum += e.metrics().get(metric);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean and sample SD over images of the per-image values. */
    public double[] meanSd(String metric, String column) {
        List<Double> v = new ArrayList<>();
        for (String im : images()) {
            double x = value(metric, im, column);
            if (!Double.isNaN(x)) {
                v.add(x);
            }
        }
        if (v.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return new double[] {m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0};
    }

    /** Rows of the wide table: [metric, image-or-mean, values...]. */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        List<String> cols = columns();
        for (String m : metrics()) {
            for (String im : images()) {
                List<String> r = new ArrayList<>(List.of(m, im));
                cols.forEach(c -> r.add(format(m, value(m, im, c))));
                rows.add(r);
            }
            List<String> r = new ArrayList<>(List.of(m, images().size() > 1 ? "mean ± SD" : "mean"));
            for (String c : cols) {
                double[] ms = meanSd(m, c);
                r.add(images().size() > 1 ? format(m, ms[0]) + " ± " + format(m, ms[1]) : format(m, ms[0]));
            }
            rows.add(r);
        }
        return rows;
    }

    public List<String> header() {
        List<String> h = new ArrayList<>(List.of("metric", "image"));
        h.addAll(columns());
        return h;
    }

    public String markdown(String title, Map<String, String> reference) {
        StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
        List<String> h = header();
        sb.append("| ").append(String.join(" | ", h)).append(" |\n|");
        h.forEach(x -> sb.append("---|"));
        sb.append('\n');
        for (List<String> r : rows()) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (reference != null && !reference.isEmpty()) {
            sb.append("\nPaper (mean of 5 OASIS-3 subjects): ");
            List<String> parts = new ArrayList<>();
            reference.forEach((k, v) -> parts.add(k + " " + v));
            sb.append(String.join("; ", parts)).append('\n');
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("image,column,variant,seed");
        List<String> ms = metrics();
        ms.forEach(m -> sb.append(',').append(m.replace(',', ' ')));
        sb.append('\n');
        for (Entry e : entries) {
            sb.append(csvCell(e.image())).append(',').append(csvCell(e.column())).append(',')
                    .append(csvCell(e.variant() == null ? "" : e.variant())).append(',').append(e.seed());
            for (String m : ms) {
                Double v = e.metrics().get(m);
                sb.append(',').append(v == null ? "" : Double.toString(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Metrics print with the paper's precision: SSIM 4 decimals, the rest 2. */
    static String format(String metric, double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, metric.toUpperCase(Locale.ROOT).contains("SSIM") ? "%.4f" : "%.2f", v);
    }

    static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
