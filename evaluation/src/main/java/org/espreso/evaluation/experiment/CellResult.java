package org.espreso.evaluation.experiment;

import java.util.Map;

/**
 * The scored outcome of one cell (image × simulation × seed): metrics per variant ("" when the experiment has
 * one), profiles for figures, and timings.
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellResult(String image, String column, long seed, Map<String, Map<String, Double>> metrics,
                         double[] trueProfile, double[] estimatedProfile, double seconds) {
}
