package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.espreso.bridge.EspresoEstimator;
import org.espreso.bridge.SmoreSuperResolver;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use from Java" example, compiled and run as a user would (budgets cut to test size), gives what
 * {@code espreso pipeline} gives from the same settings: the same estimate, SR volume and measurement.
 */
class JavaApiTest {
    /** The estimator and SR budgets of both runs: tiny, the same seed. */
    private static final String EST = "EspresoEstimator.config(\"release\", java.util.Map.of(\"iterations\", \"3\", "
            + "\"batchSize\", \"2\"), 0)";
    private static final String SR = "SmoreSuperResolver.config(\"fast\", java.util.Map.of(\"steps\", \"2\"), 0)";

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleRunsAndAgreesWithTheCli() throws Exception {
        // The example sets up all cores; SMORE's sharded GEMMs depend on the thread count, so the CLI runs with the
        // same, and the tests after this one get their one thread back.
        int threads = org.espreso.compute.Backend.defaultThreads();
        try {
            readmeExample();
        } finally {
            org.espreso.compute.Backend.init(threads);
        }
    }

    private void readmeExample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("## Use from Java.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README has a Java example under 'Use from Java'");
        String example = m.group(1);
        assertTrue(example.lines().filter(l -> !l.isBlank() && !l.startsWith("import")).count() <= 20,
                "the example stays under 20 lines");
        String source = example
                .replace("EstimatorConfig.calibrated()", "org.espreso.bridge." + EST)
                .replace("Preset.FAST.config()", "org.espreso.bridge." + SR);
        assertTrue(!source.equals(example), "the budgets were cut");
        Path src = dir.resolve("src/SuperResolveOne.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-cp", System.getProperty("java.class.path"), "-d", classes.toString(),
                src.toString());
        assertEquals(0, rc, "the README example compiles: " + diagnostics.toString(StandardCharsets.UTF_8));

        Volume lr = Acquisition.simulate(EstimateCommandTest.ball(96), 2, Profiles.gaussian(3), 4);
        Path in = dir.resolve("lr.nii.gz");
        NiftiWriter.write(lr, in, false);
        Path srFile = dir.resolve("sr.nii.gz");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("SuperResolveOne").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {in.toString(), srFile.toString()});
        } finally {
            System.setOut(old);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("slice profile FWHM") && out.contains("through-plane FWHM after SR"), out);

        // The CLI's pipeline with the same settings.
        Path pipe = dir.resolve("pipe");
        CliRunner r = CliRunner.run("pipeline", "-i", in.toString(), "-o", pipe.toString(), "--preset-estimate", "release",
                "--iterations", "3", "--batch-size", "2", "--sr-steps", "2", "--seed", "0",
                "--threads", Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertEquals(0, r.code(), r.err());
        double[] cliEstimate = ProfileJson.read(pipe.resolve("estimate/estimate.json")).taps();
        double[] cliMeasured = ProfileJson.read(pipe.resolve("measure/measured.json")).taps();
        Volume cliSr = NiftiReader.read(pipe.resolve("sr/sr.nii.gz"));

        var est = org.espreso.bridge.Espreso.estimate(lr, EspresoEstimator.config("release", Map.of("iterations", "3",
                "batchSize", "2"), 0));
        assertArrayEquals(cliEstimate, est.profile().taps(), 1e-12, "estimate");
        assertEquals(String.format("slice profile FWHM %.2f ± %.2f mm", est.fwhmMm(), est.fwhmUncertaintyMm()),
                out.lines().findFirst().orElse(""), "the example printed the same estimate");
        Volume sr = NiftiReader.read(srFile);
        assertArrayEquals(cliSr.dims(), sr.dims());
        assertArrayEquals(cliSr.data(), sr.data(), 0f, "SR volume");
        var after = org.espreso.bridge.Espreso.measure(sr, est.lrAxis(), EspresoEstimator.config("release",
                Map.of("iterations", "3", "batchSize", "2"), 0));
        assertArrayEquals(cliMeasured, after.profile().taps(), 1e-12, "measurement after SR");
        assertTrue(List.of(out.split("\n")).get(1).contains(String.format("%.2f", after.fwhmMm())), out);
    }

    @Test
    void smoreConfigOfTheBridgeIsTheCliOne() {
        // The CLI's `sr --steps N` and the bridge's override give one configuration (the test above relies on it).
        assertEquals(SmoreSuperResolver.config("fast", Map.of("steps", "2"), 0),
                org.espreso.smore.Preset.FAST.config().withSeed(0).withSteps(2));
    }
}
