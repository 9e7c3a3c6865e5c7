package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Npy;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code espreso estimate} / {@code measure}: outputs, refusals, and bad input leaving nothing behind. */
class EstimateCommandTest {
    @TempDir
    Path dir;

    /** A textured ball, isotropic 1 mm, n³. */
    static Volume ball(int n) {
        float[] d = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double dx = x - n / 2.0, dy = y - n / 2.0, dz = z - n / 2.0;
                    if (dx * dx + dy * dy + dz * dz < 0.17 * n * n) {
                        d[x + n * (y + n * z)] = (float) (100 + 60 * Math.sin(0.5 * x) * Math.cos(0.4 * y + 0.3 * z));
                    }
                }
            }
        }
        return Volume.of(new int[] {n, n, n}, new double[] {1, 1, 1}, d);
    }

    private Path write(String name, Volume v) throws IOException {
        Path p = dir.resolve(name);
        NiftiWriter.write(v, p, false);
        return p;
    }

    private static final String[] FAST = {"--preset", "release", "--iterations", "4", "--batch-size", "2", "--set", "warmupIterations=2",
        "--set", "genChannels=8", "--set", "discChannels=8", "--threads", "1", "--checkpoint-every", "3"};

    private CliRunner run(String cmd, Path in, Path out, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of(cmd, "-i", in.toString(), "-o", out.toString()));
        a.addAll(List.of(FAST));
        a.addAll(List.of(extra));
        return CliRunner.run(a.toArray(new String[0]));
    }

    private void assertNothingLeft(String prefix) throws IOException {
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().contains(prefix)), "no output left behind");
        }
    }

    @Test
    void writesAllOutputs() throws IOException {
        Volume lr = Acquisition.simulate(ball(96), 2, Profiles.gaussian(4), 4);
        Path in = write("lr.nii.gz", lr);
        Path truth = dir.resolve("truth.npy");
        Files.write(truth, Npy.toBytes(new double[] {0.1, 0.2, 0.4, 0.2, 0.1}));
        Path out = dir.resolve("est");
        CliRunner r = run("estimate", in, out, "--true-profile", truth.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("FWHM"), r.out());
        for (String f : new String[] {"profile.npy", "profile.json", "profile.png", "loss.csv", "config.json", "checkpoints"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        double[] k = Npy.read(out.resolve("profile.npy"));
        assertEquals(21, k.length);
        assertEquals(1, Arrays.stream(k).sum(), 1e-5);
        String json = Files.readString(out.resolve("profile.json"));
        for (String key : new String[] {"fwhm_mm", "fwhm_taps", "slice_spacing_mm", "scale", "lr_axis", "preset", "seed",
            "espreso_version", "wall_seconds", "true_fwhm_mm"}) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals(1 + 6, loss.size());
        assertTrue(loss.get(0).startsWith("member,step,phase,iter,lr,beta1,d_loss,g_adv"));
        String cfg = Files.readString(out.resolve("config.json"));
        assertTrue(cfg.contains("\"genChannels\" : 8") && cfg.contains("\"patch_shape\""), cfg);
        byte[] png = Files.readAllBytes(out.resolve("profile.png"));
        assertEquals((byte) 0x89, png[0]);
        assertFalse(Files.exists(dir.resolve(".est.partial")));

        // an existing OUTDIR is refused without --force, replaced with it
        CliRunner again = run("estimate", in, out);
        assertEquals(1, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, run("estimate", in, out, "--force").code());
    }

    @Test
    void theDefaultPresetIsAnEnsembleWithASpreadAndAConvergenceVerdict() throws IOException {
        Volume lr = Acquisition.simulate(ball(96), 2, Profiles.gaussian(4), 4);
        Path in = write("lr.nii.gz", lr);
        Path out = dir.resolve("cal");
        CliRunner r = CliRunner.run("estimate", "-i", in.toString(), "-o", out.toString(), "--threads", "2",
                "--iterations", "12", "--convergence-window", "4", "--members", "3", "--batch-size", "2",
                "--set", "warmupIterations=2", "--set", "genChannels=8", "--set", "discChannels=8");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("members") && r.out().contains("± ") && r.out().contains("interval"), r.out());
        assertTrue(r.out().contains("converged") || r.out().contains("NOT CONVERGED"), r.out());
        String json = Files.readString(out.resolve("profile.json"));
        for (String key : new String[] {"fwhm_sd_mm", "fwhm_uncertainty_mm", "fwhm_interval_mm", "member_fwhm_mm", "converged",
            "gan_iterations_used", "member_converged", "systematic_fraction"}) {
            assertTrue(json.contains("\"" + key + "\""), key);
        }
        assertTrue(json.contains("\"preset\" : \"calibrated\""), json);
        // a decimated reading narrower than the slice spacing says so, and its interval reaches the spacing
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        double spacing = tree.get("slice_spacing_mm").asDouble();
        boolean narrower = tree.get("fwhm_mm").asDouble() < spacing;
        assertEquals(narrower, tree.get("narrower_than_slice_spacing").asBoolean(), json);
        assertEquals(narrower, r.out().contains("narrower than the slice spacing"), r.out());
        if (narrower) {
            assertTrue(tree.get("fwhm_interval_mm").get(1).asDouble() >= spacing, json);
        }
        String cfg = Files.readString(out.resolve("config.json"));
        assertTrue(cfg.contains("\"members\" : 3") && cfg.contains("\"convergenceWindow\" : 4"), cfg);
        assertTrue(cfg.contains("\"run\"") && cfg.contains("\"member_gan_iterations\""), cfg);
        List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
        assertTrue(loss.stream().anyMatch(l -> l.startsWith("2,")), "member 2's rows are in loss.csv");
    }

    @Test
    void badConvergenceSettingsAreUsageErrors() throws IOException {
        Path in = write("lr.nii", Acquisition.simulate(ball(48), 2, Profiles.gaussian(4), 4));
        String[][] bad = {{"--fwhm-tolerance", "0"}, {"--profile-tolerance", "-0.1"}, {"--members", "0"},
            {"--convergence-window", "100", "--iterations", "150"}, {"--convergence-window", "-1"}};
        String[] named = {"fwhmTolerance", "profileTolerance", "members", "maximum budget of 150", "convergenceWindow"};
        int i = 0;
        for (String[] b : bad) {
            List<String> a = new java.util.ArrayList<>(List.of("estimate", "-i", in.toString(), "-o", dir.resolve("b").toString()));
            a.addAll(List.of(b));
            CliRunner r = CliRunner.run(a.toArray(new String[0]));
            assertEquals(2, r.code(), String.join(" ", b) + ": " + r.err());
            assertTrue(r.err().lines().findFirst().orElse("").contains(named[i++]), r.err());
            assertFalse(Files.exists(dir.resolve("b")), "nothing written for " + String.join(" ", b));
        }
    }

    @Test
    void resumeContinuesAnInterruptedRunToTheSameResult() throws Exception {
        Volume lr = Acquisition.simulate(ball(96), 2, Profiles.gaussian(3), 4);
        Path in = write("lr.nii.gz", lr);
        Path full = dir.resolve("full");
        assertEquals(0, run("estimate", in, full).code());
        // An interrupted run of the same command: the partial directory holds the checkpoint of step 3 of 6.
        Path out = dir.resolve("resumed");
        Path ckpt = dir.resolve(".resumed.partial").resolve("checkpoints");
        Files.createDirectories(ckpt);
        var cfg = org.espreso.estimator.EstimatorConfig.release().with("iterations", "4").with("batchSize", "2")
                .with("warmupIterations", "2").with("genChannels", "8").with("discChannels", "8").with("checkpointEvery", "3");
        var opt = new org.espreso.estimator.Estimator.Options(in, -1, false, ckpt, false);
        var prep = org.espreso.estimator.Estimator.prepare(cfg, org.espreso.core.nifti.NiftiReader.read(in), opt);
        new org.espreso.estimator.Estimator.Session(cfg, prep, opt).train(org.espreso.estimator.Estimator.Listener.NONE, 5);
        // The checkpoint interval is operational, not part of the run's identity: a resume may change it.
        List<String> a = new java.util.ArrayList<>(List.of("estimate", "-i", in.toString(), "-o", out.toString(), "--resume"));
        for (int i = 0; i < FAST.length; i++) {
            a.add(FAST[i].equals("3") && FAST[i - 1].equals("--checkpoint-every") ? "2" : FAST[i]);
        }
        CliRunner r = CliRunner.run(a.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming"), r.err());
        assertTrue(Files.readString(out.resolve("profile.json")).contains("\"resumed_from_step\" : 3"));
        assertEquals(Arrays.toString(Npy.read(full.resolve("profile.npy"))), Arrays.toString(Npy.read(out.resolve("profile.npy"))));
        assertEquals(Files.readString(full.resolve("loss.csv")), Files.readString(out.resolve("loss.csv")));
        // nothing to resume: an existing OUTDIR is still refused
        assertEquals(1, run("estimate", in, out, "--resume").code());
    }

    @Test
    void measuresIsotropicImageAlongChosenAxis() throws IOException {
        Path in = write("iso.nii.gz", ball(96));
        CliRunner noAxis = run("estimate", in, dir.resolve("m0"));
        assertEquals(1, noAxis.code());
        assertTrue(noAxis.err().contains("--lr-axis"), noAxis.err());
        assertNothingLeft("m0");
        Path out = dir.resolve("m1");
        CliRunner r = run("measure", in, out, "--lr-axis", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resolution along axis 0"), r.out());
        assertTrue(Files.readString(out.resolve("profile.json")).contains("\"lr_axis\" : 0"));
        CliRunner usage = CliRunner.run("measure", "-i", in.toString(), "-o", dir.resolve("m2").toString());
        assertEquals(2, usage.code());
    }

    @Test
    void badInputFailsCleanly() throws IOException {
        Volume aniso = Volume.of(new int[] {96, 96, 20}, new double[] {1, 1.3, 4}, new float[96 * 96 * 20]);
        Path a = write("aniso.nii.gz", aniso);
        CliRunner r = run("estimate", a, dir.resolve("o1"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("aniso.nii.gz") && r.err().contains("anisotropic"), r.err());
        assertNothingLeft("o1");

        Volume thin = Acquisition.simulate(ball(96), 2, Profiles.gaussian(4), 24);   // 4 slices
        Path t = write("thin.nii.gz", thin);
        r = run("estimate", t, dir.resolve("o2"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("slices"), r.err());
        assertNothingLeft("o2");

        Volume blank = Volume.of(new int[] {96, 96, 24}, new double[] {1, 1, 4}, new float[96 * 96 * 24]);
        r = run("estimate", write("blank.nii.gz", blank), dir.resolve("o3"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no foreground"), r.err());
        assertNothingLeft("o3");

        float[] d = Acquisition.simulate(ball(96), 2, Profiles.gaussian(4), 4).data().clone();
        d[1000] = Float.NaN;
        Path nan = write("nan.nii.gz", Volume.of(new int[] {96, 96, 24}, new double[] {1, 1, 4}, d));
        r = run("estimate", nan, dir.resolve("o4"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("NaN") && r.err().lines().count() == 1, r.err());
        assertNothingLeft("o4");
    }
}
