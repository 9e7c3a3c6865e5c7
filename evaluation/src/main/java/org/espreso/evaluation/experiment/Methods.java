package org.espreso.evaluation.experiment;

import org.espreso.bridge.ProfileEstimator;
import org.espreso.bridge.SuperResolver;

/**
 * Builds the methods an experiment names (preset + overrides) for one seed; {@code task} names the cell and
 * stage they run for ("colin27 gaussian-4mm-x4 seed 0 sr-with"), for progress lines.
 */
public interface Methods {
    ProfileEstimator estimator(ExperimentConfig.Method m, long seed, String task);

    SuperResolver superResolver(ExperimentConfig.Method m, long seed, String task);
}
