package org.espreso.evaluation.simulate;

import java.util.Locale;

/**
 * What to simulate: a profile shape ({@code gaussian}, {@code rect}, or {@code file} with its taps), its FWHM in
 * mm (ignored for a file, whose taps are one input voxel apart), the scale factor (slice spacing over input
 * spacing, integer or fractional) and the LR axis.
 */
public record SimulationSpec(Kind kind, double fwhmMm, double scale, int lrAxis) {
    /** The profile's shape. */
    public enum Kind {
        GAUSSIAN, RECT, FILE;

        /** "gaussian", "rect" or "file", as configs and file names write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return label();
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s == null ? "" : s.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("profile must be gaussian, rect or a file, got " + s);
        }
    }

    /** The shape by its name (gaussian, rect, file), as configs write it. */
    public SimulationSpec(String kind, double fwhmMm, double scale, int lrAxis) {
        this(Kind.parse(kind), fwhmMm, scale, lrAxis);
    }

    public SimulationSpec {
        if (kind == null) {
            throw new IllegalArgumentException("profile kind is missing");
        }
        if (kind != Kind.FILE && !(fwhmMm > 0)) {
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
        return new SimulationSpec(Kind.GAUSSIAN, fwhmMm, scale, 2);
    }

    public static SimulationSpec rect(double fwhmMm, double scale) {
        return new SimulationSpec(Kind.RECT, fwhmMm, scale, 2);
    }

    /** A short name for file names and tables, e.g. {@code gaussian-4mm-x4}. */
    public String label() {
        String f = kind == Kind.FILE ? "file" : kind.label() + "-" + trim(fwhmMm) + "mm";
        return f + "-x" + trim(scale) + (lrAxis == 2 ? "" : "-axis" + lrAxis);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
