package org.espreso.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.espreso.core.InvalidInputException;

/**
 * The JSON form of a profile: {@code taps}, {@code tap_spacing_mm}, {@code fwhm_taps}, {@code fwhm_mm} plus any
 * extra fields a writer adds (provenance, scale, axes). Readers need only the first two and ignore the rest.
 */
public final class ProfileJson {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProfileJson() {
    }

    public static ObjectNode toNode(Profile p, Map<String, ?> extra) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode taps = n.putArray("taps");
        for (double t : p.taps()) {
            taps.add(t);
        }
        n.put("length", p.length());
        n.put("centre_index", p.length() / 2);
        n.put("tap_spacing_mm", p.tapSpacingMm());
        n.put("fwhm_taps", p.fwhmTaps());
        n.put("fwhm_mm", p.fwhmMm());
        extra.forEach((k, v) -> n.set(k, MAPPER.valueToTree(v)));
        return n;
    }

    public static String toJson(Profile p, Map<String, ?> extra) {
        try {
            return MAPPER.writeValueAsString(toNode(p, extra)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Profile read(Path file) {
        JsonNode n;
        try {
            n = MAPPER.readTree(Files.readAllBytes(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw InvalidInputException.of(file, "no such file");
        } catch (IOException e) {
            throw InvalidInputException.of(file, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode taps = n.get("taps");
        if (taps == null || !taps.isArray() || taps.isEmpty()) {
            throw InvalidInputException.of(file, "no \"taps\" array");
        }
        double[] t = new double[taps.size()];
        for (int i = 0; i < t.length; i++) {
            if (!taps.get(i).isNumber()) {
                throw InvalidInputException.of(file, "taps[" + i + "] is not a number");
            }
            t[i] = taps.get(i).asDouble();
        }
        double spacing = n.has("tap_spacing_mm") ? n.get("tap_spacing_mm").asDouble() : 1.0;
        return new Profile(t, spacing);
    }
}
