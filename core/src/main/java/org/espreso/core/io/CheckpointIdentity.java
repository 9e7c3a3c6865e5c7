package org.espreso.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.espreso.core.InvalidInputException;

/**
 * What a training checkpoint must share with a run for that run to resume from it: the content digest of the
 * input (with its LR axis) and every setting that shapes the trajectory. Operational settings (threads, the
 * checkpoint interval, output paths) are left out by the caller, so a resumed run may change them. The one resume
 * protocol of the estimator and SMORE: store the identity in the checkpoint's {@link TensorArchive} metadata,
 * and on resume refuse, in one line that names the first difference, a checkpoint made for anything else.
 *
 * @param inputDigest SHA-256 of the input's voxels and LR axis
 * @param settings    setting name to its value as text, in a fixed order
 */
public record CheckpointIdentity(String inputDigest, Map<String, String> settings) {
    private static final String INPUT = "input_sha256", SETTINGS = "settings";

    public CheckpointIdentity {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** From settings whose values are any objects: arrays are written as lists, the rest with toString. */
    public static CheckpointIdentity of(String inputDigest, Map<String, ?> settings) {
        Map<String, String> text = new LinkedHashMap<>();
        settings.forEach((k, v) -> text.put(k, asText(v)));
        return new CheckpointIdentity(inputDigest, text);
    }

    private static String asText(Object v) {
        if (v instanceof int[] a) {
            return java.util.Arrays.toString(a);
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.toString(a);
        }
        if (v instanceof long[] a) {
            return java.util.Arrays.toString(a);
        }
        return String.valueOf(v);
    }

    /** Stores the identity in an archive's metadata. */
    public void writeTo(ObjectNode meta) {
        meta.put(INPUT, inputDigest);
        ObjectNode s = meta.putObject(SETTINGS);
        settings.forEach(s::put);
    }

    /** The identity stored in {@code archive} (read from {@code dir}). */
    public static CheckpointIdentity readFrom(TensorArchive archive, Path dir) {
        Map<String, String> s = new LinkedHashMap<>();
        JsonNode node = archive.field(dir, SETTINGS);
        node.fieldNames().forEachRemaining(k -> s.put(k, node.get(k).asText()));
        return new CheckpointIdentity(archive.field(dir, INPUT).asText(), s);
    }

    /**
     * Refuses to resume this run from a checkpoint in {@code dir} made with {@code saved}: a one-line
     * {@link InvalidInputException} naming the checkpoint and the first difference.
     */
    public void requireResumableFrom(CheckpointIdentity saved, Path dir) {
        requireResumableFrom(saved, dir, null);
    }

    /** As {@link #requireResumableFrom(CheckpointIdentity, Path)}, naming this run's input when it is not null. */
    public void requireResumableFrom(CheckpointIdentity saved, Path dir, Path input) {
        String why = null;
        if (!inputDigest.equals(saved.inputDigest)) {
            why = "it belongs to another input image (or LR axis)" + (input == null ? "" : " than " + input);
        } else {
            for (var e : settings.entrySet()) {
                String was = saved.settings.get(e.getKey());
                if (!e.getValue().equals(was)) {
                    why = e.getKey() + " was " + (was == null ? "not set" : was) + ", this run has " + e.getValue();
                    break;
                }
            }
            if (why == null) {
                for (String k : saved.settings.keySet()) {
                    if (!settings.containsKey(k)) {
                        why = "it was made with the setting " + k + ", which this version does not have";
                        break;
                    }
                }
            }
        }
        if (why != null) {
            throw InvalidInputException.of(dir, "checkpoint does not match this run: " + why
                    + "; resume with the same input and settings, or start over without --resume");
        }
    }
}
