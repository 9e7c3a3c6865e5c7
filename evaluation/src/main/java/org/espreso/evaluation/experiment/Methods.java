package org.espreso.evaluation.experiment;

import org.espreso.bridge.ProfileEstimator;
import org.espreso.bridge.SuperResolver;

/** Builds the methods an experiment names (preset + overrides) for one seed. */
public interface Methods {
    ProfileEstimator estimator(ExperimentConfig.Method m, long seed);

    SuperResolver superResolver(ExperimentConfig.Method m, long seed);
}
