package org.espreso.cli;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of option values, the same way in every command. A value that no run could use (NaN, infinite,
 * zero where a size is meant, negative) is a usage error, exit code 2, named by its option; a value that is
 * valid but does not fit the given image is the image's problem (exit 1, naming the file) and is checked
 * where the image is read.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    /** A finite value above {@code min} ({@code inclusive}: at least {@code min}). Null (option absent) passes. */
    static void finiteAbove(CommandSpec spec, String option, Double value, double min, boolean inclusive) {
        if (value == null) {
            return;
        }
        boolean ok = Double.isFinite(value) && (inclusive ? value >= min : value > min);
        if (!ok) {
            throw usage(spec, String.format(Locale.ROOT, "%s must be a finite number %s %s, got %s", option,
                    inclusive ? "of at least" : "above", trim(min), value));
        }
    }

    /** A finite value in (lo, hi]. */
    static void finiteIn(CommandSpec spec, String option, Double value, double lo, double hi) {
        if (value != null && !(Double.isFinite(value) && value > lo && value <= hi)) {
            throw usage(spec, String.format(Locale.ROOT, "%s must lie in (%s, %s], got %s", option, trim(lo), trim(hi), value));
        }
    }

    /** An integer of at least {@code min}. Null (option absent) passes. */
    static void atLeast(CommandSpec spec, String option, Integer value, int min) {
        if (value != null && value < min) {
            throw usage(spec, option + " must be at least " + min + ", got " + value);
        }
    }

    /** Refuses two options given together. */
    static void exclusive(CommandSpec spec, String a, boolean hasA, String b, boolean hasB, String why) {
        if (hasA && hasB) {
            throw usage(spec, a + " and " + b + " cannot be given together: " + why);
        }
    }

    static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
