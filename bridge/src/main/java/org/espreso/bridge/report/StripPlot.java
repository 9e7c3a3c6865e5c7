package org.espreso.bridge.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A strip plot as inline SVG: one column of points per group, each point with an optional error bar, a tooltip and
 * a link (e.g. to the scan's report). Flagged points are drawn red. Vector markup, so a group report stays one
 * small offline file however many scans it holds.
 */
public final class StripPlot {
    /**
     * One point.
     *
     * @param group   its column (e.g. the BIDS suffix)
     * @param value   its value
     * @param error   half-length of its error bar (NaN: none)
     * @param label   tooltip text
     * @param href    where a click goes (null: nowhere)
     * @param flagged drawn red
     */
    public record Point(String group, double value, double error, String label, String href, boolean flagged) {
    }

    private static final int W = 640, H = 280, LEFT = 60, RIGHT = 20, TOP = 30, BOTTOM = 40;

    private final String title;
    private final String unit;
    private final List<Point> points = new ArrayList<>();

    public StripPlot(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }

    public StripPlot add(Point p) {
        if (Double.isFinite(p.value())) {
            points.add(p);
        }
        return this;
    }

    public int size() {
        return points.size();
    }

    /** The plot as an {@code <svg>} element. */
    public String svg() {
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(points.stream().map(Point::group).toList()));
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            double e = Double.isFinite(p.error()) ? p.error() : 0;
            lo = Math.min(lo, p.value() - e);
            hi = Math.max(hi, p.value() + e);
        }
        if (points.isEmpty()) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(lo, 0);
        double step = niceStep((hi - lo) / 5);
        hi = Math.ceil(hi / step) * step;
        if (hi <= lo) {
            hi = lo + 1;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"strip\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>", W, H, W, H, HtmlReport.esc(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"600\">%s</text>", LEFT,
                HtmlReport.esc(title)));
        for (double t = lo; t <= hi + 1e-9; t += step) {
            double y = y(t, lo, hi);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>", LEFT, W - RIGHT, y, y,
                    LEFT - 6, y + 4, fmt(t)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>", TOP + (H - TOP - BOTTOM) / 2, TOP + (H - TOP - BOTTOM) / 2, HtmlReport.esc(unit)));
        double colW = (W - LEFT - RIGHT) / (double) Math.max(1, groups.size());
        for (int g = 0; g < groups.size(); g++) {
            double cx = LEFT + colW * (g + 0.5);
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
                    cx, H - BOTTOM + 18, HtmlReport.esc(groups.get(g))));
        }
        for (Point p : points) {
            double cx = LEFT + colW * (groups.indexOf(p.group()) + 0.5) + jitter(p.label()) * colW * 0.3;
            double cy = y(p.value(), lo, hi);
            String colour = p.flagged() ? "#c62828" : "#1565c0";
            StringBuilder mark = new StringBuilder();
            if (Double.isFinite(p.error()) && p.error() > 0) {
                mark.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                        + "stroke-opacity=\".5\"/>", cx, cx, y(p.value() - p.error(), lo, hi), y(p.value() + p.error(), lo, hi), colour));
            }
            mark.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" fill-opacity=\".8\">"
                    + "<title>%s</title></circle>", cx, cy, colour, HtmlReport.esc(p.label())));
            if (p.href() != null) {
                sb.append("<a href=\"").append(HtmlReport.esc(p.href())).append("\">").append(mark).append("</a>");
            } else {
                sb.append(mark);
            }
        }
        return sb.append("</svg>").toString();
    }

    private static double y(double v, double lo, double hi) {
        return TOP + (H - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo));
    }

    /** A deterministic offset in [-1, 1] from the label, so points of equal value stay apart and the page is stable. */
    private static double jitter(String label) {
        int h = label.hashCode() * 0x9E3779B1;
        return ((h >>> 8) / (double) (1 << 24)) * 2 - 1;
    }

    private static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    private static String fmt(double t) {
        return Math.abs(t - Math.rint(t)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", t) : String.format(Locale.ROOT, "%.2g", t);
    }
}
