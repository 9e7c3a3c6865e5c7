package org.espreso.cohort;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.espreso.bridge.SrKernel;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.smore.SmoreConfig;

/**
 * What is computed for each scan, and with which settings.
 *
 * @param stage     how far each scan goes
 * @param estimator the estimator's settings (also used to measure the SR output)
 * @param sr        SMORE's settings
 * @param kernel    what of the estimate SR blurs with
 */
public record CohortSettings(Stage stage, EstimatorConfig estimator, SmoreConfig sr, SrKernel.Mode kernel) {
    /** How far each scan goes. */
    public enum Stage {
        /** The slice profile only. */
        ESTIMATE,
        /** The profile and the SR image. */
        SR,
        /** Profile, SR image, and the SR image's measured through-plane resolution. */
        PIPELINE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "estimate", "sr" or "pipeline". */
        public static Stage parse(String s) {
            for (Stage v : values()) {
                if (v.label().equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("--stage must be estimate, sr or pipeline, got '" + s + "'");
        }
    }

    /** The settings as recorded in sidecars and status files (operational fields such as checkpoints left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage.label());
        Map<String, Object> est = new LinkedHashMap<>(estimator.toMap());
        est.remove("checkpointEvery");
        m.put("estimator", est);
        if (stage != Stage.ESTIMATE) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("steps", sr.steps());
            s.put("batchSize", sr.batchSize());
            s.put("patchSize", sr.patchSize());
            s.put("maxLr", sr.maxLr());
            s.put("seed", sr.seed());
            s.put("channels", sr.channels());
            s.put("blocks", sr.blocks());
            s.put("uniformSampling", sr.uniformSampling());
            s.put("combine", sr.combine().name());
            s.put("fbaPower", sr.fbaPower());
            s.put("kernel", kernel.name().toLowerCase(Locale.ROOT));
            m.put("sr", s);
        }
        return m;
    }

    /** A digest of {@link #toMap()}: two runs with the same identity compute the same thing. */
    public String identity() {
        try {
            String text = org.espreso.core.profile.ProfileJson.MAPPER.writeValueAsString(toMap());
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
