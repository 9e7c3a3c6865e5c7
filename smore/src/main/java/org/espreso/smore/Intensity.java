package org.espreso.smore;

import org.espreso.core.volume.Volume;

/**
 * Min–max intensity normalisation to [0, 1] over the whole volume (docs/smore.md), applied on the fly when slices
 * and patches are read so that no normalised copy of the volume is held.
 */
public record Intensity(float min, float max) {
    public static Intensity of(Volume v) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float x : v.data()) {
            if (x < lo) {
                lo = x;
            }
            if (x > hi) {
                hi = x;
            }
        }
        return new Intensity(lo, hi);
    }

    /** Multiplier of the forward map; 1 for a constant image so that it maps to 0 rather than NaN. */
    public float scale() {
        return max > min ? 1f / (max - min) : 1f;
    }

    public float forward(float v) {
        return (v - min) * scale();
    }

    public float inverse(float v) {
        return max > min ? v * (max - min) + min : v + min;
    }
}
