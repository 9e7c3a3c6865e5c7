package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.espreso.core.TestData;
import org.espreso.core.io.OutputLock;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault campaign's cases (extreme values, resume identity, concurrent runs, leftovers, file modes): each input
 * is made here, each case ends in a one-line error with exit code 2 (a value no run could use) or 1 (bad data,
 * I/O, a busy output), no stack trace, nothing partial at the output path, and no hang.
 */
class ReliabilityTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Path lr;
    Path iso;

    @BeforeEach
    void images() throws Exception {
        int nx = 64, ny = 56, nz = 8;
        float[] t = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    t[x + nx * (y + ny * z)] = (float) (50 + 40 * Math.sin(x / 3.0) * Math.cos(y / 4.0 + z));
                }
            }
        }
        lr = dir.resolve("lr.nii.gz");
        NiftiWriter.write(Volume.of(new int[] {nx, ny, nz}, new double[] {1, 1, 4}, t), lr, false);
        float[] d = new float[32 * 32 * 32];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (100 + 50 * Math.sin(i * 0.37) * Math.cos(i * 0.011));
        }
        iso = dir.resolve("iso.nii.gz");
        NiftiWriter.write(Volume.of(new int[] {32, 32, 32}, new double[] {1, 1, 1}, d), iso, false);
    }

    private static CliRunner run(String... args) {
        return assertTimeoutPreemptively(BOUND, () -> CliRunner.run(args), "bounded by a check, not a hang");
    }

    /** Exit code, one line on stderr containing every fragment, no Java internals. */
    private static void assertOneLine(CliRunner r, int code, String... fragments) {
        assertEquals(code, r.code(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "says '" + f + "': " + err);
        }
        for (String internal : new String[] {"Exception", "\tat ", "Could not invoke", "java.", "Usage:"}) {
            assertFalse(err.contains(internal), "no internals (" + internal + "): " + err);
        }
    }

    /** Nothing in {@code dir} but the inputs (no output, no .part, no .lock, no checkpoint, no .partial). */
    private void assertOnlyInputs(String... inputs) throws IOException {
        Set<String> allowed = new java.util.HashSet<>(List.of(inputs));
        allowed.add("lr.nii.gz");
        allowed.add("iso.nii.gz");
        try (var s = Files.list(dir)) {
            List<String> extra = s.map(p -> p.getFileName().toString()).filter(n -> !allowed.contains(n)).toList();
            assertEquals(List.of(), extra, "nothing left behind");
        }
    }

    private Path withHeader(String name, Volume v) throws IOException {
        Path p = dir.resolve(name);
        NiftiWriter.write(v, p, false);
        return p;
    }

    // 1. A huge scale (or a header spacing that implies one) is refused up front with one line.
    @Test
    void hugeScalesAreRefusedBeforeAnyWork() throws IOException {
        String out = dir.resolve("out.nii.gz").toString();
        for (String s : new String[] {"1e14", "1e30", "1e12"}) {
            assertOneLine(run("sr", "-i", lr.toString(), "-o", out, "--steps", "5", "--scale", s), 1, lr.toString(), "scale");
        }
        Volume v = NiftiReader.read(lr);
        Path far = withHeader("far.nii.gz", v.withGeometry(v.dims(), new double[] {1, 1, 1e30},
                org.espreso.core.volume.Affine.scaling(1, 1, 1e30), v.data()));
        assertOneLine(run("sr", "-i", far.toString(), "-o", out, "--steps", "5"), 1, far.toString(), "scale");
        assertOnlyInputs("far.nii.gz");
    }

    // 2. A profile that cannot fit the image is refused before any work (it used to run for minutes).
    @Test
    void profilesWiderThanTheImageAreRefusedAtOnce() throws IOException {
        String out = dir.resolve("out.nii.gz").toString();
        for (String fwhm : new String[] {"1e9", "1e7"}) {
            assertOneLine(run("simulate", "-i", iso.toString(), "-o", out, "--fwhm", fwhm, "--scale", "4"), 1,
                    iso.toString(), "wider than the image");
        }
        Volume v = NiftiReader.read(iso);
        Path tiny = withHeader("tiny.nii.gz", v.withGeometry(v.dims(), new double[] {1, 1, 1e-30},
                org.espreso.core.volume.Affine.scaling(1, 1, 1e-30), v.data()));
        assertOneLine(run("simulate", "-i", tiny.toString(), "-o", out, "--fwhm", "4", "--scale", "4"), 1,
                tiny.toString(), "wider than the image");
        assertOnlyInputs("tiny.nii.gz");
    }

    // 3. A checkpoint belongs to its input: resuming with another image is refused (estimate and sr).
    @Test
    void resumeRefusesAnotherInput() throws Exception {
        Volume a = Acquisition.simulate(EstimateCommandTest.ball(96), 2, Profiles.gaussian(3), 4);
        Path inA = withHeader("a.nii.gz", a);
        float[] other = a.data().clone();
        for (int i = 0; i < other.length; i++) {
            other[i] *= 1.01f;
        }
        Path inB = withHeader("b.nii.gz", a.withData(other)); // same geometry, other content
        Path ckpt = dir.resolve(".est.partial").resolve("checkpoints");
        Files.createDirectories(ckpt);
        var cfg = org.espreso.estimator.EstimatorConfig.release().with(java.util.Map.of("iterations", "4", "batchSize", "2",
                "warmupIterations", "2", "genChannels", "8", "discChannels", "8", "checkpointEvery", "3"));
        var opt = new org.espreso.estimator.Estimator.Options(inA, -1, false, ckpt, false);
        var prep = org.espreso.estimator.Estimator.prepare(cfg, NiftiReader.read(inA), opt);
        new org.espreso.estimator.Estimator.Session(cfg, prep, opt).train(org.espreso.estimator.Estimator.Listener.NONE, 5);
        Path est = dir.resolve("est");
        CliRunner r = run("estimate", "-i", inB.toString(), "-o", est.toString(), "--resume", "--preset", "release",
                "--iterations", "4", "--batch-size", "2", "--set", "warmupIterations=2", "--set", "genChannels=8",
                "--set", "discChannels=8", "--threads", "1", "--checkpoint-every", "3");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("another input image") && r.err().contains(inB.toString()), r.err());
        assertFalse(Files.exists(est), "no OUTDIR from a refused resume");

        // sr: a training interrupted after its checkpoint at step 2, resumed on another image.
        Path lrB = dir.resolve("lrB.nii.gz");
        Volume l = NiftiReader.read(lr);
        float[] lb = l.data().clone();
        lb[lb.length / 2] += 7;
        NiftiWriter.write(l.withData(lb), lrB, false);
        Path srOut = dir.resolve("o.nii.gz");
        Path srCkpt = dir.resolve("o.smore-ckpt");
        var sc = org.espreso.smore.Preset.parse("fast").config().withSeed(0).withCombine(org.espreso.smore.Combine.MEAN, 2)
                .withCheckpoints(srCkpt, 2).withSteps(4).withBatchSize(2).withPatchSize(8);
        GlobalOptions.initBackend();
        try {
            org.espreso.smore.Smore.train(sc, l, 2, 4, org.espreso.smore.Smore.gaussianKernel(l, 2, Double.NaN),
                    new org.espreso.smore.SmoreListener() {
                        @Override
                        public void stepDone(int step, int total, double loss, double lrate) {
                            if (step == 3) {
                                throw new IllegalStateException("killed");
                            }
                        }
                    }, false);
        } catch (IllegalStateException expected) {
            // the "kill"
        }
        assertTrue(Files.isDirectory(srCkpt), "a checkpoint to resume from");
        CliRunner s = run("sr", "-i", lrB.toString(), "-o", srOut.toString(), "--steps", "4", "--batch-size", "2",
                "--patch-size", "8", "--checkpoint-every", "2", "--resume");
        assertEquals(1, s.code(), s.err());
        assertTrue(s.err().contains("another input image"), s.err());
        assertFalse(Files.exists(srOut));
    }

    // 3 (pipeline). Finished stages are reused only for the image they were computed from.
    @Test
    void aPipelineFolderIsNotReusedForAnotherInput() throws Exception {
        Volume a = Acquisition.simulate(EstimateCommandTest.ball(96), 2, Profiles.gaussian(3), 4);
        Path inA = withHeader("a.nii.gz", a);
        float[] other = a.data().clone();
        other[other.length / 3] += 5;
        Path inB = withHeader("b.nii.gz", a.withData(other));
        Path out = dir.resolve("pipe");
        String[] budget = {"--preset-estimate", "release", "--iterations", "2", "--batch-size", "2", "--sr-steps", "2",
            "--threads", "1"};
        List<String> first = new ArrayList<>(List.of("pipeline", "-i", inA.toString(), "-o", out.toString()));
        first.addAll(List.of(budget));
        CliRunner r = CliRunner.run(first.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        List<String> second = new ArrayList<>(List.of("pipeline", "-i", inB.toString(), "-o", out.toString()));
        second.addAll(List.of(budget));
        assertOneLine(run(second.toArray(new String[0])), 1, out.toString(), "another input", inA.toString());
        first.addAll(List.of("--from", "measure"));
        assertEquals(0, run(first.toArray(new String[0])).code(), "the same input reuses its stages");
    }

    // 4. Two runs into one output: the second fails at once naming the holder, for every command writing a folder.
    @Test
    void aBusyOutputIsRefusedNamingItsHolder() throws Exception {
        Path busy = dir.resolve("busy");
        Process holder = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), busy.toString()).redirectErrorStream(true).start();
        try {
            var in = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", in.readLine());
            String pid = "pid " + holder.pid();
            assertOneLine(run("estimate", "-i", lr.toString(), "-o", busy.toString()), 1, busy.toString(), "in use", pid);
            assertOneLine(run("measure", "-i", iso.toString(), "-o", busy.toString(), "--lr-axis", "2"), 1, pid);
            assertOneLine(run("pipeline", "-i", lr.toString(), "-o", busy.toString()), 1, pid);
            Path cfg = dir.resolve("t.yaml");
            Files.writeString(cfg, "experiment: table1\nimages:\n  - {name: i, path: " + iso + "}\n"
                    + "grid:\n  profiles: [{kind: gaussian, fwhm_mm: [4]}]\n  scales: [4]\n"
                    + "estimator: {preset: release}\nseeds: [1]\n");
            assertOneLine(run("experiment", cfg.toString(), "-o", busy.toString()), 1, pid);
            assertFalse(Files.exists(busy), "the refused runs wrote nothing");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        // Released (and its lock file removed) when the holder ends; an in-process claim is refused the same way.
        assertFalse(Files.exists(OutputLock.lockFile(busy)));
        Path out = dir.resolve("sim.nii.gz");
        try (OutputLock l = OutputLock.acquire(out, "test")) {
            assertOneLine(run("simulate", "-i", iso.toString(), "-o", out.toString(), "--fwhm", "4", "--scale", "4"), 1,
                    "in use", "pid " + ProcessHandle.current().pid());
            assertOneLine(run("sr", "-i", lr.toString(), "-o", out.toString(), "--steps", "2"), 1, "in use");
        }
        assertEquals(0, run("simulate", "-i", iso.toString(), "-o", out.toString(), "--fwhm", "4", "--scale", "4").code());
        assertFalse(Files.exists(OutputLock.lockFile(out)), "no lock file left after a run");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // 5 and 6. Values no run could use are usage errors (exit 2) naming the option, whatever the command.
    @Test
    void badOptionValuesAreUsageErrors() {
        String l = lr.toString(), i = iso.toString(), o = dir.resolve("o.nii.gz").toString(), d = dir.resolve("d").toString();
        List<String[]> cases = new ArrayList<>();
        for (String v : new String[] {"NaN", "Infinity", "0", "-2"}) {
            cases.add(new String[] {"--scale", "sr", "-i", l, "-o", o, "--scale", v});
            cases.add(new String[] {"--scale", "simulate", "-i", i, "-o", o, "--fwhm", "4", "--scale", v});
            cases.add(new String[] {"--fwhm", "simulate", "-i", i, "-o", o, "--fwhm", v, "--scale", "4"});
            cases.add(new String[] {"--slice-thickness", "sr", "-i", l, "-o", o, "--slice-thickness", v});
            cases.add(new String[] {"--fba-power", "sr", "-i", l, "-o", o, "--combine", "fba", "--fba-power", v});
        }
        cases.add(new String[] {"--fba-power", "sr", "-i", l, "-o", o, "--fba-power", "1e30"});
        cases.add(new String[] {"lr", "estimate", "-i", l, "-o", d, "--set", "lr=-1"});
        cases.add(new String[] {"lr", "estimate", "-i", l, "-o", d, "--set", "lr=NaN"});
        cases.add(new String[] {"warmupIterations", "estimate", "-i", l, "-o", d, "--set", "warmupIterations=-5"});
        cases.add(new String[] {"checkpointEvery", "estimate", "-i", l, "-o", d, "--checkpoint-every", "-1"});
        cases.add(new String[] {"--resume", "estimate", "-i", l, "-o", d, "--resume", "--force"});
        cases.add(new String[] {"--resume", "sr", "-i", l, "-o", o, "--resume", "--force"});
        cases.add(new String[] {"--checkpoint-every", "sr", "-i", l, "-o", o, "--checkpoint-every", "-1"});
        cases.add(new String[] {"--threads", "--threads", "0", "info", "-i", l});
        for (String cmd : new String[] {"simulate", "sr", "estimate", "info", "metrics", "pipeline"}) {
            List<String> a = new ArrayList<>(switch (cmd) {
                case "simulate" -> List.of(cmd, "-i", i, "-o", o, "--fwhm", "4", "--scale", "4");
                case "sr" -> List.of(cmd, "-i", l, "-o", o);
                case "estimate" -> List.of(cmd, "-i", l, "-o", d);
                case "info" -> List.of(cmd, "-i", l);
                case "metrics" -> List.of(cmd, "--reference", l, "--test", l);
                default -> List.of(cmd, "-i", l, "-o", d);
            });
            a.addAll(List.of("--volume", "-1"));
            List<String> c = new ArrayList<>(List.of("--volume"));
            c.addAll(a);
            cases.add(c.toArray(new String[0]));
        }
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            CliRunner r = run(args);
            assertOneLine(r, 2, c[0]);
            assertTrue(r.err().contains("see 'espreso"), "points to the help: " + r.err());
        }
        assertFalse(Files.exists(Path.of(o)) || Files.exists(Path.of(d)), "no output from a usage error");
    }

    // 7. Messages name the file or the field, never Java internals.
    @Test
    void messagesNameTheFileOrTheField() throws Exception {
        Volume v = NiftiReader.read(lr);
        float[] huge = v.data().clone();
        for (int k = 0; k < huge.length; k++) {
            huge[k] *= 3e36f;
        }
        Path big = withHeader("big.nii.gz", v.withData(huge));
        assertOneLine(run("estimate", "-i", big.toString(), "-o", dir.resolve("e").toString(), "--preset", "release",
                "--iterations", "4", "--batch-size", "2"), 1, big.toString(), "rescale");
        Path empty = dir.resolve("empty.npy");
        org.espreso.core.profile.Npy.write(java.nio.file.Files.newOutputStream(empty), new double[0]);
        assertOneLine(run("sr", "-i", lr.toString(), "-o", dir.resolve("o.nii.gz").toString(), "--profile", empty.toString()),
                1, empty.toString(), "empty");
        // the pipeline names its input, not its working folder; too few slices fail in the estimate stage
        Path pipe = dir.resolve("pipe");
        CliRunner p = run("pipeline", "-i", lr.toString(), "-o", pipe.toString(), "--preset-estimate", "release",
                "--iterations", "4", "--batch-size", "2");
        assertEquals(1, p.code(), p.err());
        String last = p.err().strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.startsWith("espreso pipeline: error: " + lr), "the error (after the stage log) names the input: " + p.err());
        assertFalse(p.err().contains(".partial") || p.err().contains("Exception"), p.err());
        // 4-D inputs: --volume exists wherever the advice to use it is given
        Path four = TestData.nibabelData().resolve("example4d.nii.gz");
        CliRunner m = run("metrics", "--reference", four.toString(), "--test", four.toString(), "--volume", "1",
                "-o", dir.resolve("m.json").toString());
        assertEquals(0, m.code(), m.err());
        CliRunner s = run("sr", "-i", four.toString(), "-o", dir.resolve("o4.nii.gz").toString());
        assertEquals(1, s.code());
        assertTrue(s.err().contains("--volume"), s.err());
        // with a volume chosen it is read, and then refused for its own reasons (a scale too large for it)
        assertOneLine(run("sr", "-i", four.toString(), "-o", dir.resolve("o4.nii.gz").toString(), "--volume", "0",
                "--scale", "1e12"), 1, four.toString(), "scale");
        assertOnlyInputs("big.nii.gz", "empty.npy", "m.json");
    }

    // 8. Leftovers: stale temporaries of dead runs are removed, a failed pipeline or experiment leaves nothing, and
    // sr checks that its output can be written before it trains.
    @Test
    void nothingIsLeftBehind() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path out = dir.resolve("s.nii.gz");
        Path stale = dir.resolve(".s.nii.gz." + gone.pid() + "-1.part");
        Files.write(stale, new byte[1000]);
        Path live = dir.resolve(".s.nii.gz." + ProcessHandle.current().pid() + "-999.part");
        Files.write(live, new byte[10]);
        assertEquals(0, run("simulate", "-i", iso.toString(), "-o", out.toString(), "--fwhm", "4", "--scale", "4").code());
        assertFalse(Files.exists(stale), "a dead run's temporary is removed");
        assertTrue(Files.exists(live), "a running process's temporary is kept");
        Files.delete(live);

        // a failed run into a new folder leaves no empty folder
        Path nested = dir.resolve("new").resolve("sub").resolve("x.nii.gz");
        assertEquals(1, run("simulate", "-i", dir.resolve("missing.nii").toString(), "-o", nested.toString(),
                "--fwhm", "4", "--scale", "4").code());
        assertFalse(Files.exists(dir.resolve("new")));

        Path pipe = dir.resolve("pipe");
        assertEquals(1, run("pipeline", "-i", lr.toString(), "-o", pipe.toString(), "--preset-estimate", "release",
                "--iterations", "4").code());
        assertFalse(Files.exists(pipe), "a failed pipeline leaves no folder");

        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "experiment: table1\nimages:\n  - {name: i, path: " + iso + ", crop: {start: [0, 0, 0], size: [20, 20, 10]}}\n"
                + "grid:\n  profiles: [{kind: gaussian, fwhm_mm: [4]}]\n  scales: [16]\n"
                + "estimator: {preset: release, overrides: {iterations: \"4\", batchSize: \"2\"}}\nseeds: [1]\n");
        Path exp = dir.resolve("exp");
        assertEquals(1, run("experiment", cfg.toString(), "-o", exp.toString()).code());
        assertFalse(Files.exists(exp), "a failed experiment leaves no cells/ skeleton");

        long t0 = System.nanoTime();
        CliRunner r = run("sr", "-i", lr.toString(), "-o", "/proc/espreso-no-such-dir/o.nii.gz", "--steps", "2000");
        assertOneLine(r, 1, "/proc/espreso-no-such-dir/o.nii.gz");
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "refused before training 2000 steps");
        assertOnlyInputs("s.nii.gz", "s_profile.npy", "s_profile.json", "bad.yaml");
    }

    // 9. Outputs get the ordinary modes less the umask, as a file or folder made by any other tool.
    @Test
    void outputsHonourTheUmask() throws Exception {
        Path ref = Files.createFile(dir.resolve("reference-file"));
        Path refDir = Files.createDirectory(dir.resolve("reference-dir"));
        Set<PosixFilePermission> fileMode = Files.getPosixFilePermissions(ref);
        Set<PosixFilePermission> dirMode = Files.getPosixFilePermissions(refDir);
        Path out = dir.resolve("s.nii.gz");
        assertEquals(0, run("simulate", "-i", iso.toString(), "-o", out.toString(), "--fwhm", "4", "--scale", "4").code());
        for (String f : new String[] {"s.nii.gz", "s_profile.npy", "s_profile.json"}) {
            assertEquals(fileMode, Files.getPosixFilePermissions(dir.resolve(f)), f);
        }
        Path model = dir.resolve("model");
        Path sr = dir.resolve("sr.nii.gz");
        CliRunner r = run("sr", "-i", lr.toString(), "-o", sr.toString(), "--steps", "2", "--batch-size", "2",
                "--patch-size", "8", "--save-model", model.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(fileMode, Files.getPosixFilePermissions(sr));
        assertEquals(dirMode, Files.getPosixFilePermissions(model), "--save-model folder");
        try (var s = Files.list(model)) {
            for (Path p : s.toList()) {
                assertEquals(fileMode, Files.getPosixFilePermissions(p), p.toString());
            }
        }
    }

    // 11. info describes a file with NaN voxels instead of refusing it.
    @Test
    void infoCountsNonFiniteVoxels() throws IOException {
        Volume v = NiftiReader.read(iso);
        float[] d = v.data().clone();
        d[5] = Float.NaN;
        d[6] = Float.POSITIVE_INFINITY;
        Path p = withHeader("nan.nii.gz", v.withData(d));
        CliRunner r = run("info", "-i", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("non-finite    2 voxels (1 NaN, 1 infinite)"), r.out());
        assertTrue(r.out().contains("dims          [32, 32, 32]"), r.out());
    }
}
