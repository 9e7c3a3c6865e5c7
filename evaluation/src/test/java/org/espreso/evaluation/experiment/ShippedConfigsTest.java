package org.espreso.evaluation.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every experiment config the project ships reads and validates: those in configs/ with their estimator and SR
 * settings (preset and overrides) built, so a bad override fails here and not an hour into a run; the recorded runs'
 * and probes' configs under docs/runs/ as files only, because some name settings of the commit they ran at that
 * were since removed (docs/espreso.md says which).
 */
class ShippedConfigsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<Path> configs() throws IOException {
        try (Stream<Path> a = Files.list(ROOT.resolve("configs"));
             Stream<Path> b = Files.walk(ROOT.resolve("docs/runs"))) {
            return Stream.concat(a, b.filter(p -> p.getFileName().toString().equals("config.yaml")
                            || p.getParent().getFileName().toString().equals("configs")))
                    .filter(p -> p.toString().endsWith(".yaml"))
                    .toList();
        }
    }

    @Test
    void everyShippedConfigReads() throws IOException {
        List<Path> all = configs();
        assertFalse(all.isEmpty());
        for (Path p : all) {
            ExperimentConfig c = ExperimentConfig.read(p);
            assertFalse(c.simulations().isEmpty(), p + " has no simulation");
            if (!p.startsWith(ROOT.resolve("configs"))) {
                continue;
            }
            if (c.estimator() != null) {
                org.espreso.bridge.EspresoEstimator.config(c.estimator().preset(), c.estimator().overridesOrEmpty(), 0);
            }
            if (c.sr() != null) {
                org.espreso.bridge.SmoreSuperResolver.config(c.sr().preset(), c.sr().overridesOrEmpty(), 0);
            }
        }
    }

    @Test
    void theAxesCalibrationCoversEachAxisWithTheFourBlurs() {
        ExperimentConfig c = ExperimentConfig.read(ROOT.resolve("configs/measure_calibration_axes.yaml"));
        var sims = c.simulations();
        assertEquals(12, sims.size());
        for (int axis = 0; axis < 3; axis++) {
            final int a = axis;
            assertEquals(List.of(2.0, 3.0, 4.0, 6.0), sims.stream().filter(s -> s.spec().lrAxis() == a)
                    .map(s -> s.spec().fwhmMm()).toList(), "axis " + axis);
        }
        sims.forEach(s -> assertEquals(1.0, s.spec().scale()));
    }
}
