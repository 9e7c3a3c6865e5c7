package org.espreso.evaluation.experiment;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.espreso.bridge.SrKernel;
import org.espreso.core.InvalidInputException;
import org.espreso.evaluation.simulate.SimulationSpec;

/**
 * An experiment definition (configs/*.yaml): which table of the paper, on which images, over which simulation
 * grid, with which presets and seeds. Unknown keys are errors, so a typo does not silently run defaults.
 *
 * @param experiment table1 (estimation accuracy), table2 (SR with vs. without the profile) or table3 (resolution
 *                   measured after SR)
 * @param paper      the paper's numbers to print beside ours: column label → metric → value (optional)
 * @param oracle     table2 only: also run SR with the true profile ("W/ true SP"), which separates the error of
 *                   the estimate from how SR itself responds to the right kernel (optional, default false)
 */
public record ExperimentConfig(
        String experiment,
        String description,
        List<Image> images,
        Grid grid,
        List<Case> cases,
        Method estimator,
        Method sr,
        List<Long> seeds,
        Map<String, Map<String, Double>> paper,
        Boolean oracle) {

    /** Which table of the paper. */
    public enum Table {
        TABLE1, TABLE2, TABLE3;

        /** "table1", "table2" or "table3", as configs write it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Table parse(String s) {
            for (Table t : values()) {
                if (t.label().equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("'experiment' must be table1, table2 or table3, got " + s);
        }
    }

    /** The table this config reproduces ({@link #experiment} parsed; a loaded config has a valid one). */
    public Table table() {
        return Table.parse(experiment);
    }

    /** An input image, optionally cropped along an axis (to keep CI-sized runs small). */
    public record Image(String name, String path, Crop crop) {
    }

    /** A box: voxel {@code start} (x, y, z) and {@code size}. */
    public record Crop(int[] start, int[] size) {
    }

    /** The product of profiles and scales. */
    public record Grid(List<ProfileSet> profiles, List<Double> scales, @JsonProperty("lr_axis") Integer lrAxis) {
    }

    public record ProfileSet(String kind, @JsonProperty("fwhm_mm") List<Double> fwhmMm) {
    }

    /** One explicitly listed simulation, with a row label (Table 3's "Type 1"). */
    public record Case(String label, String kind, @JsonProperty("fwhm_mm") double fwhmMm, double scale,
                       @JsonProperty("lr_axis") Integer lrAxis) {
    }

    /**
     * A method's preset and per-field overrides (field names as in the CLI without dashes). For SR, {@code kernel}
     * is what it blurs with where the table leaves a choice: {@code gaussian} (FWHM = slice spacing),
     * {@code estimated} (the estimated taps) or {@code estimated-fwhm} (a Gaussian of the estimated FWHM).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Method(String preset, Map<String, String> overrides, String kernel) {
        public Map<String, String> overridesOrEmpty() {
            return overrides == null ? Map.of() : overrides;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ExperimentConfig read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw InvalidInputException.of(file, "no such file");
        } catch (IOException e) {
            throw InvalidInputException.of(file, "cannot read: " + e.getMessage());
        }
        ExperimentConfig c;
        try {
            c = YAML.readValue(bytes, ExperimentConfig.class);
        } catch (IOException e) {
            throw InvalidInputException.of(file, "invalid experiment config: " + e.getMessage().lines().findFirst().orElse(""));
        }
        c.validate(file);
        return c;
    }

    /** SHA-256 of the config file's bytes: recorded with every result as provenance. */
    public static String hash(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A digest of everything that decides one cell's outcome besides its simulation and seed: the experiment,
     * the image (path and crop), both methods and the oracle switch. A finished cell is reused only under the
     * same settings, so re-running an edited config into an old folder cannot mix results silently.
     */
    public String cellSettingsHash(Image im) {
        var m = new java.util.TreeMap<String, Object>();
        m.put("experiment", experiment);
        m.put("image", im.path());
        m.put("crop", im.crop());
        m.put("estimator", estimator);
        m.put("sr", table() == Table.TABLE1 ? null : sr);
        m.put("oracle", withOracle());
        try {
            byte[] json = CANONICAL.writeValueAsBytes(m);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private void validate(Path file) {
        try {
            table();
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(file, e.getMessage());
        }
        if (images == null || images.isEmpty()) {
            throw InvalidInputException.of(file, "'images' is empty");
        }
        if ((grid == null) == (cases == null)) {
            throw InvalidInputException.of(file, "give exactly one of 'grid' or 'cases'");
        }
        if (estimator == null) {
            throw InvalidInputException.of(file, "'estimator' is missing");
        }
        if (table() != Table.TABLE1 && sr == null) {
            throw InvalidInputException.of(file, "'sr' is missing (" + experiment + " runs super-resolution)");
        }
        if (sr != null && sr.kernel() != null) {
            List<String> allowed = table() == Table.TABLE2 ? List.of("estimated", "estimated-fwhm")
                    : List.of("gaussian", "estimated", "estimated-fwhm");
            if (!allowed.contains(sr.kernel())) {
                throw InvalidInputException.of(file, "sr kernel must be one of " + allowed + " for " + experiment
                        + ", got '" + sr.kernel() + "'");
            }
        }
        if (Boolean.TRUE.equals(oracle) && table() != Table.TABLE2) {
            throw InvalidInputException.of(file, "'oracle' applies to table2 only");
        }
        for (Image im : images) {
            if (im.name() == null || im.path() == null) {
                throw InvalidInputException.of(file, "every image needs a name and a path");
            }
        }
        try {
            simulations();
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of(file, e.getMessage());
        }
    }

    /** The simulations of one image, in table order, each with its row/column label. */
    public List<Labelled> simulations() {
        List<Labelled> out = new ArrayList<>();
        if (cases != null) {
            for (Case c : cases) {
                SimulationSpec s = new SimulationSpec(c.kind(), c.fwhmMm(), c.scale(), c.lrAxis() == null ? 2 : c.lrAxis());
                out.add(new Labelled(c.label() != null ? c.label() : s.label(), s));
            }
            return out;
        }
        int axis = grid.lrAxis() == null ? 2 : grid.lrAxis();
        for (ProfileSet p : grid.profiles()) {
            for (double f : p.fwhmMm()) {
                for (double s : grid.scales()) {
                    SimulationSpec spec = new SimulationSpec(p.kind(), f, s, axis);
                    out.add(new Labelled(spec.label(), spec));
                }
            }
        }
        return out;
    }

    /** How SR uses an estimate: the taps unless the config asks for {@code estimated-fwhm}. */
    public SrKernel.Mode srKernelMode() {
        return sr != null && "estimated-fwhm".equals(sr.kernel()) ? SrKernel.Mode.FWHM : SrKernel.Mode.PROFILE;
    }

    public boolean withOracle() {
        return Boolean.TRUE.equals(oracle);
    }

    public List<Long> seedsOrDefault() {
        return seeds == null || seeds.isEmpty() ? List.of(0L) : seeds;
    }

    /** A simulation and its label in tables. */
    public record Labelled(String label, SimulationSpec spec) {
    }
}
