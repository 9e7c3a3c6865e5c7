package org.espreso.bridge;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.espreso.core.volume.Volume;
import org.espreso.estimator.Estimator;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.estimator.EstimatorResult;
import org.espreso.bridge.report.ResultWriter;

/** ESPRESO behind the {@link ProfileEstimator} seam: runs the estimator and writes its usual outputs. */
public final class EspresoEstimator implements ProfileEstimator {
    private final EstimatorConfig config;
    private final java.util.function.Supplier<Estimator.Listener> listeners;
    private final int threads;

    /** @param listeners a fresh progress listener per estimate (each has its own clock and ETA) */
    public EspresoEstimator(EstimatorConfig config, java.util.function.Supplier<Estimator.Listener> listeners) {
        this(config, listeners, org.espreso.compute.Backend.defaultThreads());
    }

    /** @param threads compute threads of each estimate (an ensemble's members share them) */
    public EspresoEstimator(EstimatorConfig config, java.util.function.Supplier<Estimator.Listener> listeners, int threads) {
        this.config = config;
        this.listeners = listeners;
        this.threads = threads;
    }

    /**
     * A preset (null: the default, {@code calibrated}) with field overrides (names as in config.json, e.g.
     * iterations, batchSize).
     */
    public static EstimatorConfig config(String preset, Map<String, String> overrides, long seed) {
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.put("seed", Long.toString(seed));
        return EstimatorConfig.preset(preset == null ? EstimatorConfig.CALIBRATED : preset).with(all);
    }

    @Override
    public Estimate estimate(Volume image, int lrAxis, Path dir) throws IOException {
        return estimate(image, dir, lrAxis, dir);
    }

    @Override
    public Estimate estimate(Volume image, Path source, int lrAxis, Path dir) throws IOException {
        EstimatorResult r = Espreso.estimate(image, source, lrAxis, config, listeners.get(), threads);
        ResultWriter.write(r, dir, Map.of(), null);
        return new Estimate(r.profile(), ResultWriter.summary(r));
    }
}
