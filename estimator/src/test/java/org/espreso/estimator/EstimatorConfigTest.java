package org.espreso.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EstimatorConfigTest {
    @Test
    void theBuilderChangesFieldsByNameAndTypeAsTheNamedOverridesDo() {
        EstimatorConfig base = EstimatorConfig.calibrated();
        EstimatorConfig built = base.toBuilder().members(3).seed(7).batchSize(16).build();
        assertEquals(base.with(Map.of("members", "3", "seed", "7", "batchSize", "16")), built);
        assertEquals(base, base.toBuilder().build(), "an unchanged builder gives the same settings");
        assertNotEquals(base, built);
        int[] widths = {3, 3, 1};
        EstimatorConfig w = base.toBuilder().discWidths(widths).build();
        widths[0] = 9;
        assertArrayEquals(new int[] {3, 3, 1}, w.discWidths(), "the builder copies arrays");
        assertThrows(IllegalArgumentException.class, () -> base.toBuilder().members(0).build(), "checked as the record checks");
    }

    @Test
    void presetsAreWhatTheyRecord() {
        for (String p : EstimatorConfig.PRESETS) {
            EstimatorConfig c = EstimatorConfig.preset(p);
            assertEquals(p, c.preset());
            assertEquals(c, EstimatorConfig.fromMap(c.toMap()), "config.json reads back as the same settings");
        }
        assertEquals(2000, EstimatorConfig.release().iterations());
        assertEquals(15000, EstimatorConfig.ipmi2021().iterations());
        assertEquals(2, EstimatorConfig.calibrated().members());
    }

    @Test
    void onlyTheCalibratedPresetScalesIntensitiesAndOneNormalisationAtATime() {
        assertEquals(EstimatorConfig.INTENSITY_LEVEL, EstimatorConfig.calibrated().intensityLevel());
        assertEquals(0, EstimatorConfig.release().intensityLevel(), "the published presets train on raw intensities");
        assertEquals(0, EstimatorConfig.ipmi2021().intensityLevel());
        var both = assertThrows(IllegalArgumentException.class,
                () -> EstimatorConfig.ipmi2021().with("intensityLevel", "100"));
        assertEquals("normaliseIntensity and intensityLevel exclude each other (intensityLevel 100.0)", both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EstimatorConfig.calibrated().with("intensityLevel", "-1"));
    }
}
