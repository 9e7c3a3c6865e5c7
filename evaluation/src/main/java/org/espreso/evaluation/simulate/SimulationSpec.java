package org.espreso.evaluation.simulate;

import java.util.Locale;

/**
 * What to simulate: a profile shape ({@code gaussian}, {@code rect}, or {@code file} with its taps), its FWHM in
 * mm (ignored for a file, whose taps are one input voxel apart), the scale factor (slice spacing over input
 * spacing, integer or fractional) and the LR axis.
 */
public record SimulationSpec(String kind, double fwhmMm, double scale, int lrAxis) {
    public SimulationSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("gaussian") && !kind.equals("rect") && !kind.equals("file")) {
            throw new IllegalArgumentException("profile must be gaussian, rect or a file, got " + kind);
        }
        if (!kind.equals("file") && !(fwhmMm > 0)) {
            throw new IllegalArgumentException("FWHM must be positive, got " + fwhmMm + " mm");
        }
        if (!(scale >= 1) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
        if (lrAxis < 0 || lrAxis > 2) {
            throw new IllegalArgumentException("LR axis must be 0, 1 or 2, got " + lrAxis);
        }
    }

    public static SimulationSpec gaussian(double fwhmMm, double scale) {
        return new SimulationSpec("gaussian", fwhmMm, scale, 2);
    }

    public static SimulationSpec rect(double fwhmMm, double scale) {
        return new SimulationSpec("rect", fwhmMm, scale, 2);
    }

    /** A short name for file names and tables, e.g. {@code gaussian-4mm-x4}. */
    public String label() {
        String f = kind.equals("file") ? "file" : kind + "-" + trim(fwhmMm) + "mm";
        return f + "-x" + trim(scale) + (lrAxis == 2 ? "" : "-axis" + lrAxis);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
