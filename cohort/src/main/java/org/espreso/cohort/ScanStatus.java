package org.espreso.cohort;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.espreso.core.io.OutputFiles;

/**
 * What happened to one scan, in {@code OUTPUT/status/<key>.json}: written last, so a scan with a {@code done} status
 * has all its derivatives. The group step reads nothing else. Figures that do not apply are null.
 *
 * @param key            the scan's file name without extension
 * @param source         its path inside the source dataset
 * @param state          done, failed or skipped
 * @param reason         why it failed or was skipped (one line)
 * @param settings       {@link CohortSettings#identity()} of the run
 * @param sourceBytes    size of the source file when it was processed
 * @param sourceModified its modification time (ms since the epoch)
 * @param peakRssMb      the worker process's peak resident memory when the scan finished
 * @param outputs        derivative files written, relative to the output folder
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ScanStatus(String key, String subject, String session, String suffix, String source, State state,
                         String reason, String settings, Long sourceBytes, Long sourceModified, Integer sliceAxis,
                         Double sliceSpacingMm, Double inPlaneMm, Double sliceThicknessMm, Double fwhmMm,
                         Double fwhmUncertaintyMm, Double fwhmLowMm, Double fwhmHighMm, Boolean converged,
                         Double afterSrFwhmMm, Double afterSrUncertaintyMm, Boolean afterSrConverged, Double seconds,
                         Double peakRssMb, String finished, String version, List<String> outputs) {
    /** What happened. */
    public enum State {
        DONE, FAILED, SKIPPED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The scan this status is about (its source path inside the dataset; the file is not resolved). */
    public Scan scan() {
        String entities = key.substring(0, key.length() - suffix.length() - 1);
        return new Scan(Path.of(source), source, subject, session, entities, suffix);
    }

    static final ObjectMapper MAPPER = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The folder of the status files inside an output folder. */
    public static Path dir(Path out) {
        return out.resolve("status");
    }

    public static Path file(Path out, String key) {
        return dir(out).resolve(key + ".json");
    }

    public void write(Path out) throws IOException {
        Files.createDirectories(dir(out));
        OutputFiles.writeString(file(out, key), true, MAPPER.writeValueAsString(this) + "\n");
    }

    /** The status of a scan, or null when it has none (or an unreadable one, which counts as none). */
    public static ScanStatus read(Path out, String key) {
        Path f = file(out, key);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return MAPPER.readValue(f.toFile(), ScanStatus.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Every status in an output folder, by key. */
    public static List<ScanStatus> readAll(Path out) throws IOException {
        List<ScanStatus> all = new ArrayList<>();
        if (!Files.isDirectory(dir(out))) {
            return all;
        }
        try (Stream<Path> s = Files.list(dir(out))) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                String name = f.getFileName().toString();
                ScanStatus st = read(out, name.substring(0, name.length() - 5));
                if (st != null) {
                    all.add(st);
                }
            }
        }
        return all;
    }

    /**
     * Whether this status makes a new run of the scan unnecessary: done, with the same settings, from the same
     * source file, and with its outputs still there.
     */
    public boolean finishes(Path out, String identity, Path sourceFile) {
        if (state != State.DONE || !identity.equals(settings)) {
            return false;
        }
        try {
            if (sourceBytes == null || Files.size(sourceFile) != sourceBytes
                    || Files.getLastModifiedTime(sourceFile).toMillis() != sourceModified) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        return outputs != null && outputs.stream().allMatch(o -> Files.isRegularFile(out.resolve(o)));
    }
}
