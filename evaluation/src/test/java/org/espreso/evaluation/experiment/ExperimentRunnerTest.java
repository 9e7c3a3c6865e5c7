package org.espreso.evaluation.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.espreso.bridge.ProfileEstimator;
import org.espreso.bridge.SuperResolver;
import org.espreso.core.InvalidInputException;
import org.espreso.core.TestData;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Resampling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's bookkeeping on a cropped Colin27, with stand-in methods (the real ones are tested elsewhere). */
class ExperimentRunnerTest {
    @TempDir
    Path dir;

    final AtomicInteger estimates = new AtomicInteger();
    final AtomicInteger srs = new AtomicInteger();
    /** FWHM (mm) of each kernel SR was given; NaN for SR's own default. */
    final java.util.List<String> tasks = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    final java.util.List<Double> kernels = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** Estimates a Gaussian of the FWHM the slice spacing suggests; SR is cubic interpolation. */
    final Methods fake = new Methods() {
        @Override
        public ProfileEstimator estimator(ExperimentConfig.Method m, long seed, String task) {
            tasks.add(task);
            return (image, axis, out) -> {
                estimates.incrementAndGet();
                double f = Math.max(1.2, image.spacing(axis));
                return new ProfileEstimator.Estimate(new Profile(Profiles.discretise(Profiles.gaussian(f), 1).paddedTo(21), 1), Map.of());
            };
        }

        @Override
        public SuperResolver superResolver(ExperimentConfig.Method m, long seed, String task) {
            tasks.add(task);
            return (lr, axis, kernel, out) -> {
                srs.incrementAndGet();
                kernels.add(kernel == null ? Double.NaN : kernel.fwhmMm());
                return Resampling.upsampleCubic(lr, axis, lr.scale(axis));
            };
        }
    };

    private Path config(String body) throws Exception {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, body.replace("COLIN", TestData.colin27().toString()));
        return c;
    }

    private ResultTable run(Path c) throws Exception {
        ExperimentConfig cfg = ExperimentConfig.read(c);
        return new ExperimentRunner(cfg, c, dir.resolve("out"), fake, 2, new PrintWriter(new StringWriter()), "test").run();
    }

    @Test
    void table2CellsAreScoredTabulatedAndReused() throws Exception {
        Path c = config("""
                experiment: table2
                images:
                  - {name: colin27, path: COLIN, crop: {start: [0, 0, 60], size: [181, 217, 48]}}
                grid:
                  profiles: [{kind: gaussian, fwhm_mm: [2, 6]}]
                  scales: [4]
                estimator: {preset: release}
                sr: {preset: fast}
                paper:
                  gaussian-2mm-x4 W/O SP: {PSNR: 26.11}
                """);
        ResultTable t = run(c);
        assertEquals(java.util.List.of("gaussian-2mm-x4 cubic", "gaussian-2mm-x4 W/O SP", "gaussian-2mm-x4 W/ SP",
                "gaussian-6mm-x4 cubic", "gaussian-6mm-x4 W/O SP", "gaussian-6mm-x4 W/ SP"), t.columns());
        assertEquals(2, estimates.get());
        assertEquals(4, srs.get());
        double psnr = t.value("PSNR", "colin27", "gaussian-2mm-x4 cubic");
        assertTrue(psnr > 20 && psnr < 60, "sane PSNR " + psnr);
        // The fake SR is cubic interpolation, so both SR variants score exactly like the baseline.
        assertEquals(psnr, t.value("PSNR", "colin27", "gaussian-2mm-x4 W/ SP"), 1e-9);
        String md = Files.readString(dir.resolve("out/table.md"));
        assertTrue(md.contains("| PSNR | paper |  | 26.11 |"), md);
        assertTrue(Files.readString(dir.resolve("out/table.csv")).startsWith("image,column,variant,seed,PSNR,SSIM"));
        assertTrue(Files.readString(dir.resolve("out/cells.json")).contains("\"config_hash\""));
        assertTrue(Files.readString(dir.resolve("out/report.html")).contains("data:image/png;base64,"));

        ResultTable again = run(c);
        assertEquals(2, estimates.get(), "finished cells are not redone");
        assertEquals(psnr, again.value("PSNR", "colin27", "gaussian-2mm-x4 cubic"), 0);
    }

    @Test
    void table2OracleRunsSrWithTheTrueProfile() throws Exception {
        Path c = config("""
                experiment: table2
                images:
                  - {name: colin27, path: COLIN, crop: {start: [0, 0, 60], size: [181, 217, 48]}}
                grid:
                  profiles: [{kind: gaussian, fwhm_mm: [6]}]
                  scales: [4]
                estimator: {preset: release}
                sr: {preset: fast}
                oracle: true
                """);
        ResultTable t = run(c);
        assertEquals(java.util.List.of("gaussian-6mm-x4 cubic", "gaussian-6mm-x4 W/O SP", "gaussian-6mm-x4 W/ SP",
                "gaussian-6mm-x4 W/ true SP"), t.columns());
        // Default kernel, the estimate (the stand-in says 4 mm), then the truth (6 mm).
        assertTrue(Double.isNaN(kernels.get(0)));
        assertEquals(4.0, kernels.get(1), 0.05);
        assertEquals(6.0, kernels.get(2), 0.05);
        assertEquals(java.util.List.of("colin27 gaussian-6mm-x4 seed-0 estimate", "colin27 gaussian-6mm-x4 seed-0 sr-without",
                "colin27 gaussian-6mm-x4 seed-0 sr-with", "colin27 gaussian-6mm-x4 seed-0 sr-true"), tasks);
        Path t1 = config("experiment: table1\nimages: [{name: a, path: COLIN}]\ngrid: {profiles: [{kind: gaussian, fwhm_mm: [4]}], scales: [4]}\n"
                + "estimator: {preset: release}\noracle: true\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> ExperimentConfig.read(t1)).getMessage().contains("table2 only"));
    }

    @Test
    void table1ScoresTheEstimateAgainstTheTruth() throws Exception {
        Path c = config("""
                experiment: table1
                images:
                  - {name: colin27, path: COLIN, crop: {start: [0, 0, 60], size: [181, 217, 64]}}
                grid:
                  profiles: [{kind: gaussian, fwhm_mm: [4]}]
                  scales: [4]
                estimator: {preset: release}
                """);
        ResultTable t = run(c);
        // The stand-in estimates FWHM 4 (the slice spacing): exact for this cell.
        assertEquals(0.0, t.value("FWHM error (mm)", "colin27", "gaussian-4mm-x4"), 1e-9);
        assertEquals(0.0, t.value("profile error", "colin27", "gaussian-4mm-x4"), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, t.value("PSNR", "colin27", "gaussian-4mm-x4"));
    }

    @Test
    void finishedCellsAreReusedOnlyUnderTheSameSettings() throws Exception {
        String body = """
                experiment: table1
                images:
                  - {name: colin27, path: COLIN, crop: {start: [0, 0, 60], size: [181, 217, 64]}}
                grid:
                  profiles: [{kind: gaussian, fwhm_mm: [4, 6]}]
                  scales: [4]
                estimator: {preset: release, overrides: {iterations: '300'}}
                """;
        run(config(body));
        assertEquals(2, estimates.get());
        // A reworded config with the same settings (key order, comments, paper numbers) reuses both cells.
        run(config("# same settings\n" + body.replace("{preset: release, overrides: {iterations: '300'}}",
                "{overrides: {iterations: '300'}, preset: release}")));
        assertEquals(2, estimates.get());
        Path other = config(body.replace("'300'", "'600'"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(other));
        assertTrue(e.getMessage().contains("cell.json") && e.getMessage().contains("other settings"), e.getMessage());
        assertEquals(2, estimates.get(), "a refused run starts no cell");
        assertTrue(Files.readString(dir.resolve("out/cells/colin27/gaussian-4mm-x4/seed-0/cell.json")).contains("\"settings_hash\""));
    }

    @Test
    void badConfigsNameTheFileAndTheProblem() throws Exception {
        Path c = config("experiment: table9\nimages: []\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ExperimentConfig.read(c));
        assertTrue(e.getMessage().startsWith(c.toString()) && e.getMessage().contains("table1, table2 or table3"), e.getMessage());
        Path typo = config("experiment: table1\nimagez: []\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> ExperimentConfig.read(typo)).getMessage().contains("imagez"));
        Path kernel = config("experiment: table3\nimages: [{name: a, path: COLIN}]\ncases: [{kind: gaussian, fwhm_mm: 4, scale: 4}]\n"
                + "estimator: {preset: release}\nsr: {preset: fast, kernel: estimatd}\n");
        assertTrue(assertThrows(InvalidInputException.class, () -> ExperimentConfig.read(kernel)).getMessage()
                .contains("sr kernel must be one of [gaussian, estimated, estimated-fwhm] for table3, got 'estimatd'"));
        Path fwhm = config("experiment: table2\nimages: [{name: a, path: COLIN}]\ngrid: {profiles: [{kind: gaussian, fwhm_mm: [4]}], scales: [4]}\n"
                + "estimator: {preset: release}\nsr: {preset: fast, kernel: estimated-fwhm}\n");
        assertEquals(org.espreso.bridge.SrKernel.Mode.FWHM, ExperimentConfig.read(fwhm).srKernelMode());
    }

    @Test
    void learningStagesRunTogetherOnlyWhereTheirThreadsFitTheCores() {
        assertEquals(2, ExperimentRunner.learningSlots(2, 1, 2), "--threads 1 --parallel 2 on 2 cores: both");
        assertEquals(1, ExperimentRunner.learningSlots(2, 2, 2), "--threads 2 --parallel 2 on 2 cores: one at a time");
        assertEquals(3, ExperimentRunner.learningSlots(4, 2, 7));
        assertEquals(1, ExperimentRunner.learningSlots(1, 1, 16), "--parallel 1: one");
        assertEquals(1, ExperimentRunner.learningSlots(3, 8, 2), "never none");
    }
}
