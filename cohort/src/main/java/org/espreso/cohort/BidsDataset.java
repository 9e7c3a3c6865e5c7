package org.espreso.cohort;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.espreso.core.InvalidInputException;
import org.espreso.core.profile.ProfileJson;

/**
 * A BIDS dataset opened for reading: its description and its anatomical images under
 * {@code sub-<label>/[ses-<label>/]anat/}. Nothing here writes.
 *
 * @param root the dataset folder (absolute, real path)
 * @param name the dataset's {@code Name}
 */
public record BidsDataset(Path root, String name) {
    /** {@code <entities>_<suffix>.nii[.gz]}: entities are key-value pairs, the first one the subject. */
    private static final Pattern IMAGE = Pattern.compile("(sub-([A-Za-z0-9]+)(?:_[a-zA-Z]+-[A-Za-z0-9]+)*)_([A-Za-z0-9]+)\\.nii(?:\\.gz)?");

    /**
     * Opens {@code dir} as a BIDS dataset.
     *
     * @throws InvalidInputException naming the folder when it is not one (no folder, no readable
     *                               {@code dataset_description.json} with {@code Name} and {@code BIDSVersion})
     */
    public static BidsDataset open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw InvalidInputException.of(dir, "is not a folder");
        }
        Path desc = dir.resolve("dataset_description.json");
        if (!Files.isRegularFile(desc)) {
            throw InvalidInputException.of(dir, "is not a BIDS dataset (no dataset_description.json)");
        }
        JsonNode n;
        try {
            n = ProfileJson.MAPPER.readTree(desc.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(desc, "is not valid JSON: " + org.espreso.cohort.ScanSurvey.oneLine(e.getMessage()));
        }
        if (!n.path("Name").isTextual() || !n.path("BIDSVersion").isTextual()) {
            throw InvalidInputException.of(desc, "lacks Name or BIDSVersion, which a BIDS dataset description must have");
        }
        if ("derivative".equals(n.path("DatasetType").asText())) {
            throw InvalidInputException.of(dir, "is a derivative dataset; give the raw dataset it was made from");
        }
        try {
            return new BidsDataset(dir.toRealPath(), n.get("Name").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Subject labels (without {@code sub-}), sorted. */
    public List<String> subjects() {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.matches("sub-[A-Za-z0-9]+"))
                    .map(n -> n.substring(4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The anatomical images the selection asks for, in subject, session, file-name order.
     *
     * @throws IllegalArgumentException when a participant or session label of the selection is not in the dataset
     */
    public List<Scan> scans(Selection sel) {
        List<String> subjects = subjects();
        for (String p : sel.participants()) {
            if (!subjects.contains(p)) {
                throw new IllegalArgumentException("participant label '" + p + "' is not in " + root + " (it has "
                        + (subjects.isEmpty() ? "no subjects" : "sub-" + String.join(", sub-", subjects)) + ")");
            }
        }
        List<Scan> out = new ArrayList<>();
        TreeSet<String> sessionsSeen = new TreeSet<>();
        for (String sub : subjects) {
            if (!sel.participants().isEmpty() && !sel.participants().contains(sub)) {
                continue;
            }
            Path sdir = root.resolve("sub-" + sub);
            List<String> sessions = sessions(sdir);
            sessionsSeen.addAll(sessions);
            if (sessions.isEmpty()) {
                if (sel.sessions().isEmpty()) {
                    collect(sdir.resolve("anat"), sub, null, sel, out);
                }
            } else {
                for (String ses : sessions) {
                    if (sel.sessions().isEmpty() || sel.sessions().contains(ses)) {
                        collect(sdir.resolve("ses-" + ses).resolve("anat"), sub, ses, sel, out);
                    }
                }
            }
        }
        for (String s : sel.sessions()) {
            if (!sessionsSeen.contains(s)) {
                throw new IllegalArgumentException("session label '" + s + "' is not in " + root + " for the selected subjects"
                        + (sessionsSeen.isEmpty() ? " (they have no sessions)" : " (they have ses-" + String.join(", ses-", sessionsSeen) + ")"));
            }
        }
        return out;
    }

    private static List<String> sessions(Path subjectDir) {
        try (Stream<Path> s = Files.list(subjectDir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> n.matches("ses-[A-Za-z0-9]+"))
                    .map(n -> n.substring(4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void collect(Path anat, String sub, String ses, Selection sel, List<Scan> out) {
        if (!Files.isDirectory(anat)) {
            return;
        }
        try (Stream<Path> s = Files.list(anat)) {
            for (Path f : s.sorted().toList()) {
                Matcher m = IMAGE.matcher(f.getFileName().toString());
                if (!m.matches() || !m.group(2).equals(sub) || !sel.suffixes().contains(m.group(3))) {
                    continue;
                }
                String rel = root.relativize(f.toAbsolutePath()).toString().replace('\\', '/');
                out.add(new Scan(f.toAbsolutePath(), rel, sub, ses, m.group(1), m.group(3)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The scan's {@code SliceThickness} (mm) from its JSON sidecar, following BIDS inheritance from the dataset
     * level down to the image's own sidecar; NaN when no sidecar gives one.
     */
    public double sliceThickness(Scan scan) {
        double v = Double.NaN;
        List<Path> chain = new ArrayList<>();
        chain.add(root.resolve(scan.suffix() + ".json"));
        if (scan.session() != null) {
            chain.add(root.resolve("sub-" + scan.subject()).resolve("ses-" + scan.session() + "_" + scan.suffix() + ".json"));
        }
        chain.add(scan.file().resolveSibling(scan.key() + ".json"));
        for (Path p : chain) {
            if (Files.isRegularFile(p)) {
                try {
                    JsonNode t = ProfileJson.MAPPER.readTree(p.toFile()).path("SliceThickness");
                    if (t.isNumber()) {
                        v = t.asDouble();
                    }
                } catch (IOException e) {
                    // an unreadable sidecar gives no thickness; the image itself decides what is done
                }
            }
        }
        return v;
    }
}
