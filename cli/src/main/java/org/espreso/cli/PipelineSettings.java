package org.espreso.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.espreso.bridge.EspresoEstimator;
import org.espreso.bridge.SmoreSuperResolver;
import org.espreso.bridge.SrKernel;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.smore.SmoreConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The estimate → SR settings of {@code pipeline} and {@code bids}: presets, budgets, kernel mode and seed. */
final class PipelineSettings {
    @Option(names = "--preset-estimate", defaultValue = "calibrated", paramLabel = "calibrated|release|ipmi2021",
            description = "Estimator preset (default: ${DEFAULT-VALUE}).")
    String presetEstimate;

    @Option(names = "--preset-sr", defaultValue = "fast", paramLabel = "fast|paper|reference", description = "SR preset (default: ${DEFAULT-VALUE}).")
    String presetSr;

    @Option(names = "--iterations", paramLabel = "N", description = "Estimator GAN iterations (both estimates).")
    Integer iterations;

    @Option(names = "--batch-size", paramLabel = "B", description = "Estimator patches per batch (both estimates).")
    Integer batchSize;

    @Option(names = "--sr-steps", paramLabel = "N", description = "SR training steps.")
    Integer srSteps;

    @Option(names = "--sr-kernel", defaultValue = "fwhm", paramLabel = "fwhm|profile",
            description = {"SR blurs with a Gaussian of the estimated FWHM (fwhm) or with the estimated taps (profile)",
                "(default: ${DEFAULT-VALUE}: it won Table 2 in all four columns, docs/results.md)."})
    String srKernel;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed for every stage (default: ${DEFAULT-VALUE}).")
    long seed;

    Map<String, String> estimatorOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (iterations != null) {
            m.put("iterations", iterations.toString());
        }
        if (batchSize != null) {
            m.put("batchSize", batchSize.toString());
        }
        return m;
    }

    Map<String, String> srOverrides() {
        Map<String, String> m = new LinkedHashMap<>();
        if (srSteps != null) {
            m.put("steps", srSteps.toString());
        }
        return m;
    }

    EstimatorConfig estimator(CommandSpec spec) {
        try {
            return EspresoEstimator.config(presetEstimate, estimatorOverrides(), seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    SmoreConfig smore(CommandSpec spec) {
        try {
            return SmoreSuperResolver.config(presetSr, srOverrides(), seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    SrKernel.Mode kernel(CommandSpec spec) {
        try {
            return SrKernel.Mode.parse(srKernel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--sr-kernel must be profile or fwhm, got '" + srKernel + "'");
        }
    }

    /** These settings as command-line options again (for a worker process running the same settings). */
    List<String> asArgs() {
        List<String> a = new ArrayList<>(List.of("--preset-estimate", presetEstimate, "--preset-sr", presetSr,
                "--sr-kernel", srKernel, "--seed", Long.toString(seed)));
        if (iterations != null) {
            a.addAll(List.of("--iterations", iterations.toString()));
        }
        if (batchSize != null) {
            a.addAll(List.of("--batch-size", batchSize.toString()));
        }
        if (srSteps != null) {
            a.addAll(List.of("--sr-steps", srSteps.toString()));
        }
        return a;
    }
}
