package org.espreso.evaluation.experiment;

import org.espreso.bridge.ProfileEstimator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.espreso.bridge.SrKernel;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Profile;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Volume;
import org.espreso.evaluation.metrics.HeadMask;
import org.espreso.evaluation.metrics.ImageMetrics;
import org.espreso.evaluation.metrics.Mask;
import org.espreso.evaluation.metrics.ProfileErrors;
import org.espreso.evaluation.simulate.Simulation;
import org.espreso.evaluation.simulate.SimulationSpec;

/**
 * Runs an experiment config: for every image × simulation × seed a cell that simulates, runs the methods and
 * scores them per docs/evaluation.md. Finished cells (their cell.json) are reused; cells run in parallel on
 * {@code workers} threads. Writes table.md, table.csv, cells.json and report.html.
 */
public final class ExperimentRunner {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ExperimentConfig cfg;
    private final Path configFile;
    private final Path out;
    private final Methods methods;
    private final int workers;
    private final PrintWriter log;
    private final String version;
    /**
     * Learning stages (estimates, SR trainings) running at once: each uses the process's thread count
     * ({@code --threads}), so {@code workers} of them run together only where that many fit the cores; the others
     * wait. A cell's result does not depend on how many ran beside it: its shards and seeds are its own, and BLAS
     * sections overlap safely ({@code compute.Blas#enterSingleThreaded}).
     */
    private final java.util.concurrent.Semaphore learning;

    public ExperimentRunner(ExperimentConfig cfg, Path configFile, Path out, Methods methods, int workers, PrintWriter log, String version) {
        this.cfg = cfg;
        this.configFile = configFile;
        this.out = out;
        this.methods = methods;
        this.workers = Math.max(1, workers);
        this.learning = new java.util.concurrent.Semaphore(learningSlots(this.workers,
                org.espreso.core.runtime.Threads.defaultThreads(), Runtime.getRuntime().availableProcessors()), true);
        this.log = log;
        this.version = version;
    }

    /** Runs what is not done yet and writes the tables; returns them. */
    public ResultTable run() throws Exception {
        boolean created = !Files.exists(out);
        Files.createDirectories(out.resolve("cells"));
        try {
            return runCells();
        } catch (Exception | Error e) {
            // Keep finished cells (a re-run reuses them) but no empty skeleton of the ones that did not finish.
            removeEmptyFolders(out.resolve("cells"));
            if (created) {
                removeEmptyFolders(out);
            }
            throw e;
        }
    }

    /** Removes {@code root} and the folders under it that hold no file, deepest first. */
    private static void removeEmptyFolders(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
                try (var entries = Files.list(p)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException ignored) {
            // best effort: the error being reported matters more
        }
    }

    private ResultTable runCells() throws Exception {
        List<CellResult> results = new ArrayList<>();
        List<java.util.concurrent.Callable<CellResult>> todo = new ArrayList<>();
        List<Future<CellResult>> pending = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (ExperimentConfig.Image im : cfg.images()) {
                Volume hr = load(im);
                String settings = cfg.cellSettingsHash(im);
                for (ExperimentConfig.Labelled sim : cfg.simulations()) {
                    for (long seed : cfg.seedsOrDefault()) {
                        Path dir = out.resolve("cells").resolve(safe(im.name())).resolve(safe(sim.label())).resolve("seed-" + seed);
                        Path done = dir.resolve("cell.json");
                        if (Files.exists(done)) {
                            results.add(reuse(done, settings));
                            log.printf("[%s %s seed %d] done before; reused%n", im.name(), sim.label(), seed);
                            continue;
                        }
                        todo.add(() -> runCell(im.name(), hr, sim, seed, dir, settings));
                    }
                }
            }
            // Submitted only once every reused cell has passed its check, so a refusal starts no work.
            for (java.util.concurrent.Callable<CellResult> c : todo) {
                pending.add(pool.submit(c));
            }
            List<String> failures = new ArrayList<>();
            for (Future<CellResult> f : pending) {
                try {
                    results.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " cell(s) failed; first: " + failures.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        ResultTable table = new ResultTable();
        for (CellResult r : results) {
            r.metrics().forEach((variant, m) -> table.add(new ResultTable.Entry(r.image(), r.column(), variant, r.seed(), m)));
        }
        writeOutputs(table, results);
        return table;
    }

    /** A finished cell, provided it was computed under the same settings (cells of older versions carry none). */
    private CellResult reuse(Path done, String settings) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(done.toFile());
        String was = n.path("settings_hash").asText("");
        if (!was.isEmpty() && !was.equals(settings)) {
            throw InvalidInputException.of(done, "was computed with other settings (image, estimator or sr) than "
                    + configFile + "; write to a new output folder or delete that cell");
        }
        return JSON.treeToValue(n, CellResult.class);
    }

    private Volume load(ExperimentConfig.Image im) {
        Path p = Path.of(im.path());
        Volume v = NiftiReader.read(p);
        if (v.firstNonFinite() >= 0) {
            throw InvalidInputException.of(p, "has NaN/Inf voxels");
        }
        if (im.crop() != null) {
            if (im.crop().start() == null || im.crop().size() == null || im.crop().start().length != 3 || im.crop().size().length != 3) {
                throw InvalidInputException.of(configFile, "crop of '" + im.name() + "' needs start: [x, y, z] and size: [x, y, z]");
            }
            try {
                for (int a = 0; a < 3; a++) {
                    v = Resampling.crop(v, a, im.crop().start()[a], im.crop().size()[a]);
                }
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of(configFile, "crop of '" + im.name() + "': " + e.getMessage());
            }
        }
        return v;
    }

    private CellResult runCell(String image, Volume hr, ExperimentConfig.Labelled sim, long seed, Path dir,
                               String settings) throws Exception {
        Path tmp = org.espreso.core.io.PartialFolder.begin(dir, false);
        try {
            return runCell(image, hr, sim, seed, dir, tmp, settings);
        } catch (Exception | Error e) {
            org.espreso.core.io.PartialFolder.discard(dir);
            throw e;
        }
    }

    private CellResult runCell(String image, Volume hr, ExperimentConfig.Labelled sim, long seed, Path dir, Path tmp,
                               String settings) throws Exception {
        long t0 = System.nanoTime();
        log.printf("[%s %s seed %d] running%n", image, sim.label(), seed);
        Simulation.Result s = Simulation.run(hr, sim.spec(), null);
        int axis = sim.spec().lrAxis();
        Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
        double[] est = null;
        switch (cfg.table()) {
            case TABLE1 -> {
                ProfileEstimator.Estimate ee = estimate(s.lr(), axis, seed, tmp.resolve("estimate"));
                Profile e = ee.profile();
                est = e.taps();
                Map<String, Double> m = table1Metrics(hr, s, e);
                m.putAll(spread(ee, s.truth().fwhmMm(), ""));
                metrics.put("", m);
            }
            case TABLE2 -> {
                Profile e = estimate(s.lr(), axis, seed, tmp.resolve("estimate")).profile();
                est = e.taps();
                Volume truth = Resampling.crop(hr, axis, 0, Simulation.truthSlices(s));
                Mask mask = HeadMask.of(truth);
                Volume cubic = Resampling.upsampleCubic(s.lr(), axis, sim.spec().scale());
                metrics.put("cubic", ImageMetrics.of(truth, cubic, mask).asMap());
                Volume without = sr(s.lr(), axis, null, seed, tmp.resolve("sr-without"));
                metrics.put("W/O SP", ImageMetrics.of(truth, without, mask).asMap());
                double pixelMm = s.lr().spacing(Volume.inPlaneAxes(axis)[0]);
                Volume with = sr(s.lr(), axis, cfg.srKernelMode().apply(e, pixelMm), seed, tmp.resolve("sr-with"));
                Map<String, Double> w = ImageMetrics.of(truth, with, mask).asMap();
                w.put("est. FWHM (mm)", e.fwhmMm());
                metrics.put("W/ SP", w);
                if (cfg.withOracle()) {
                    Volume oracle = sr(s.lr(), axis, SrKernel.fromEstimate(s.truth(), pixelMm), seed, tmp.resolve("sr-true"));
                    metrics.put("W/ true SP", ImageMetrics.of(truth, oracle, mask).asMap());
                }
            }
            case TABLE3 -> {
                boolean estimated = cfg.sr().kernel() != null && cfg.sr().kernel().startsWith("estimated");
                Profile kernel = null;
                if (estimated) {
                    Profile e = estimate(s.lr(), axis, seed, tmp.resolve("estimate")).profile();
                    est = e.taps();
                    kernel = cfg.srKernelMode().apply(e, s.lr().spacing(Volume.inPlaneAxes(axis)[0]));
                }
                Volume srv = sr(s.lr(), axis, kernel, seed, tmp.resolve("sr"));
                ProfileEstimator.Estimate me = estimate(srv, axis, seed, tmp.resolve("measure"));
                Profile measured = me.profile();
                Volume truth = ImageMetrics.truthOnSrGrid(hr, srv.dims(), axis);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("true FWHM (mm)", s.truth().fwhmMm());
                m.put("measured FWHM (mm)", measured.fwhmMm());
                m.putAll(spread(me, Double.NaN, "measured "));
                m.putAll(ImageMetrics.of(truth, srv, HeadMask.of(truth)).asMap());
                metrics.put("", m);
                est = measured.taps();
            }
        }
        CellResult r = new CellResult(image, sim.label(), seed, metrics, s.truth().taps(), est, (System.nanoTime() - t0) / 1e9);
        ObjectNode n = JSON.valueToTree(r);
        n.put("espreso_version", version);
        n.put("config_hash", ExperimentConfig.hash(configFile));
        n.put("settings_hash", settings);
        OutputFiles.writeString(tmp.resolve("cell.json"), true, JSON.writeValueAsString(n) + "\n");
        org.espreso.core.io.PartialFolder.commit(dir);
        log.printf("[%s %s seed %d] done in %.1f s: %s%n", image, sim.label(), seed, r.seconds(), metrics);
        return r;
    }

    private Map<String, Double> table1Metrics(Volume hr, Simulation.Result s, Profile est) {
        Map<String, Double> m = new LinkedHashMap<>();
        Profile e = new Profile(est.taps(), s.truth().tapSpacingMm());
        m.put("FWHM error (mm)", ProfileErrors.fwhmErrorMm(e, s.truth()));
        m.put("profile error", ProfileErrors.profileError(e, s.truth()));
        // Both images go through the same simulator with a discrete profile, so only the profiles differ.
        SimulationSpec fileSpec = new SimulationSpec("file", 0, s.spec().scale(), s.spec().lrAxis());
        Volume byTruth = Simulation.run(hr, fileSpec, s.truth()).lr();
        Volume byEstimate = Simulation.run(hr, fileSpec, e).lr();
        m.putAll(ImageMetrics.of(byTruth, byEstimate, HeadMask.of(byTruth)).asMap());
        m.put("est. FWHM (mm)", e.fwhmMm());
        return m;
    }

    private ProfileEstimator.Estimate estimate(Volume v, int axis, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        learning.acquireUninterruptibly();
        try {
            return methods.estimator(cfg.estimator(), seed, task(dir)).estimate(v, axis, dir);
        } finally {
            learning.release();
        }
    }

    /**
     * The estimate's spread (members' FWHM SD), whether it converged (1/0) and, with a finite {@code truthMm}, whether
     * the truth lies in its reported interval (1/0; the mean over cells is the coverage). Absent for an estimator
     * that reports no spread.
     */
    static Map<String, Double> spread(ProfileEstimator.Estimate e, double truthMm, String prefix) {
        Map<String, Double> m = new LinkedHashMap<>();
        Object sd = e.summary().get("fwhm_sd_mm");
        if (sd instanceof Number n) {
            m.put(prefix + "FWHM SD (mm)", n.doubleValue());
        }
        if (e.summary().get("fwhm_uncertainty_mm") instanceof Number u) {
            m.put(prefix + "FWHM uncertainty (mm)", u.doubleValue());
        }
        if (e.summary().get("fwhm_interval_mm") instanceof double[] iv && Double.isFinite(truthMm)) {
            m.put("truth in interval", truthMm >= iv[0] && truthMm <= iv[1] ? 1.0 : 0.0);
        }
        if (e.summary().get("converged") instanceof Boolean c) {
            m.put(prefix + "converged", c ? 1.0 : 0.0);
        }
        return m;
    }

    private Volume sr(Volume lr, int axis, Profile kernel, long seed, Path dir) throws IOException {
        Files.createDirectories(dir);
        learning.acquireUninterruptibly();
        try {
            return methods.superResolver(cfg.sr(), seed, task(dir)).superResolve(lr, axis, kernel, dir);
        } finally {
            learning.release();
        }
    }

    /** How many learning stages run at once: the parallel cells, as far as their threads fit the cores (at least 1). */
    static int learningSlots(int workers, int threadsPerStage, int cores) {
        return Math.max(1, Math.min(workers, cores / Math.max(1, threadsPerStage)));
    }

    /** "image simulation seed-N stage" from a stage folder cells/IMAGE/SIM/.seed-N.partial/STAGE. */
    private String task(Path stageDir) {
        Path cell = stageDir.getParent();
        String seed = cell.getFileName().toString().replaceFirst("^\\.", "").replace(".partial", "");
        return cell.getParent().getParent().getFileName() + " " + cell.getParent().getFileName() + " " + seed + " "
                + stageDir.getFileName();
    }

    private void writeOutputs(ResultTable table, List<CellResult> results) throws IOException {
        String title = switch (cfg.table()) {
            case TABLE1 -> "Table 1 — slice-profile estimation accuracy";
            case TABLE2 -> "Table 2 — SR without vs. with the estimated profile";
            case TABLE3 -> "Table 3 — through-plane resolution measured after SR";
        };
        OutputFiles.writeString(out.resolve("table.md"), true, table.markdown(title, cfg.paper()));
        OutputFiles.writeString(out.resolve("table.csv"), true, table.csv());
        ObjectNode all = JSON.createObjectNode();
        all.put("experiment", cfg.experiment());
        all.put("config", configFile.toAbsolutePath().toString());
        all.put("config_hash", ExperimentConfig.hash(configFile));
        all.put("espreso_version", version);
        all.put("images", String.join(", ", cfg.images().stream().map(i -> i.name() + "=" + i.path()).toList()));
        ArrayNode cells = all.putArray("cells");
        results.stream().sorted(Comparator.comparing(CellResult::image).thenComparing(CellResult::column).thenComparing(CellResult::seed))
                .forEach(r -> cells.add(JSON.valueToTree(r)));
        OutputFiles.writeString(out.resolve("cells.json"), true, JSON.writeValueAsString(all) + "\n");
        ExperimentReport.write(out, title, cfg, table, results, version, ExperimentConfig.hash(configFile));
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

}
