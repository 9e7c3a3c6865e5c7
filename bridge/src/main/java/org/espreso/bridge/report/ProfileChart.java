package org.espreso.bridge.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.espreso.core.profile.Fwhm;
import org.espreso.core.profile.Profile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one profile plot of the toolkit (estimate folders, pipeline and cohort reports): taps against position in mm
 * (centred), the half-maximum segment with the FWHM in mm, optionally an ensemble's tap-wise range as a band and
 * the true profile for comparison.
 */
public final class ProfileChart {
    private ProfileChart() {
    }

    public static XYChart chart(String title, Profile estimate, Profile truth) {
        return chart(title, "estimate", estimate, truth, java.util.List.of());
    }

    /**
     * @param label   the estimate's legend entry
     * @param members the ensemble members' profiles (same taps as the estimate): drawn as their tap-wise range;
     *                fewer than two draw no band
     */
    public static XYChart chart(String title, String label, Profile estimate, Profile truth, java.util.List<double[]> members) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("position (mm)").yAxisTitle("weight").build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        if (members.size() > 1) {
            addBand(c, members, estimate.tapSpacingMm());
        }
        addProfile(c, label, estimate, new Color(0x1f77b4));
        if (truth != null) {
            addProfile(c, "truth", truth, new Color(0xd62728));
        }
        return c;
    }

    private static void addProfile(XYChart c, String name, Profile p, Color color) {
        double[] k = p.taps();
        double[] x = new double[k.length];
        int centre = k.length / 2;
        for (int i = 0; i < k.length; i++) {
            x[i] = (i - centre) * p.tapSpacingMm();
        }
        double fwhm = Fwhm.of(k);
        XYSeries s = c.addSeries(String.format("%s (FWHM %.2f mm)", name, fwhm * p.tapSpacingMm()), x, k);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
        // Half-maximum segment between the interpolated crossings.
        double max = java.util.Arrays.stream(k).max().orElse(0);
        double[] edges = Fwhm.halfMaximumEdges(k);
        XYSeries h = c.addSeries(name + " half maximum", new double[] {(edges[0] - centre) * p.tapSpacingMm(),
            (edges[1] - centre) * p.tapSpacingMm()}, new double[] {max / 2, max / 2});
        h.setMarker(SeriesMarkers.NONE);
        h.setLineColor(color);
        h.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        h.setShowInLegend(false);
    }

    /** The members' tap-wise range as a shaded band (the area under the maximum, the area under the minimum blanked). */
    private static void addBand(XYChart c, java.util.List<double[]> members, double dx) {
        int k = members.get(0).length, centre = k / 2;
        double[] x = new double[k], lo = new double[k], hi = new double[k];
        java.util.Arrays.fill(lo, Double.MAX_VALUE);
        java.util.Arrays.fill(hi, -Double.MAX_VALUE);
        for (double[] m : members) {
            for (int i = 0; i < k; i++) {
                lo[i] = Math.min(lo[i], m[i]);
                hi[i] = Math.max(hi[i], m[i]);
            }
        }
        for (int i = 0; i < k; i++) {
            x[i] = (i - centre) * dx;
        }
        Color band = new Color(174, 199, 232);
        XYSeries top = c.addSeries("members' range", x, hi);
        top.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        top.setFillColor(band);
        top.setLineColor(band);
        top.setMarker(SeriesMarkers.NONE);
        XYSeries bottom = c.addSeries(" ", x, lo);
        bottom.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        bottom.setFillColor(Color.WHITE);
        bottom.setLineColor(band);
        bottom.setMarker(SeriesMarkers.NONE);
        bottom.setShowInLegend(false);
    }

    public static byte[] png(XYChart c) {
        try {
            return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
