package org.espreso.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.profile.ProfileJson;

/** The BIDS-Derivatives frame of an output folder: its description, its .bidsignore, and where it may be. */
public final class Derivatives {
    /** {@code GeneratedBy.Name}. */
    public static final String NAME = "espreso";
    /** The name the description's {@code DatasetLinks} gives the source dataset, used in {@code bids:raw:...} URIs. */
    public static final String SOURCE_LINK = "raw";
    /**
     * What BIDS has no name for: slice profiles, per-subject and group reports, group tables, status files, logs
     * and SLURM scripts.
     */
    static final List<String> IGNORED = List.of("*" + ScanRunner.PROFILE + ".*", "/*.html", "/group_*.tsv", "/status/",
            "/logs/", "/slurm/");

    private Derivatives() {
    }

    /** The BIDS URI of a scan in the source dataset. */
    public static String sourceUri(Scan s) {
        return "bids:" + SOURCE_LINK + ":" + s.relative();
    }

    /**
     * Refuses an output folder inside the input dataset (or the dataset itself): nothing is ever written there.
     *
     * @throws IllegalArgumentException naming both folders
     */
    public static void checkOutside(BidsDataset ds, Path out) {
        Path o = realish(out);
        if (o.startsWith(ds.root())) {
            throw new IllegalArgumentException("the output folder " + out + " is inside the input dataset " + ds.root()
                    + "; write derivatives elsewhere (nothing is written inside a source dataset)");
        }
    }

    /** The real path of {@code p}'s nearest existing ancestor, with the rest appended. */
    private static Path realish(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }

    /** Writes (or brings up to date) {@code dataset_description.json} and {@code .bidsignore}. */
    public static void prepare(Path out, BidsDataset ds, String version) throws IOException {
        Files.createDirectories(out);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Name", NAME + " derivatives of " + ds.name());
        d.put("BIDSVersion", "1.9.0");
        d.put("DatasetType", "derivative");
        d.put("GeneratedBy", List.of(Map.of("Name", NAME, "Version", version,
                "Description", "Slice-profile estimation (ESPRESO) and through-plane super-resolution (SMORE)")));
        d.put("SourceDatasets", List.of(Map.of("URL", ds.root().toUri().toString())));
        d.put("DatasetLinks", Map.of(SOURCE_LINK, ds.root().toUri().toString()));
        writeIfChanged(out.resolve("dataset_description.json"), ProfileJson.MAPPER.writeValueAsString(d) + "\n");
        writeIfChanged(out.resolve(".bidsignore"), String.join("\n", IGNORED) + "\n");
    }

    /** The source dataset named in an output folder's description, or null when it names none. */
    public static Path sourceRoot(Path out) {
        try {
            String uri = ProfileJson.MAPPER.readTree(out.resolve("dataset_description.json").toFile()).path("DatasetLinks")
                    .path(SOURCE_LINK).asText("");
            return uri.isEmpty() ? null : Path.of(java.net.URI.create(uri));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Concurrent tasks write the same text; only a change is written (atomically). */
    private static void writeIfChanged(Path f, String text) throws IOException {
        if (Files.isRegularFile(f) && Files.readString(f).equals(text)) {
            return;
        }
        OutputFiles.writeString(f, true, text);
    }
}
