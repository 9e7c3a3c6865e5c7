package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.espreso.core.TestData;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a one-line error naming the file, exit code 1 (2 for usage), and leaves no output behind. */
class BadInputTest {
    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void setUp() {
        out = dir.resolve("out.nii.gz");
    }

    private CliRunner simulate(Path in, String... extra) {
        String[] base = {"simulate", "-i", in.toString(), "-o", out.toString(), "--fwhm", "4", "--scale", "4"};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRunner.run(all);
    }

    private void assertFailsCleanly(CliRunner r, int code, Path named, String problem) throws IOException {
        assertEquals(code, r.code(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains(named.toString()), "names the file: " + first);
        assertTrue(first.toLowerCase().contains(problem), "says '" + problem + "': " + first);
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("out") || p.toString().endsWith(".part")),
                    "no output or temporary file left behind");
        }
    }

    private Path smallImage(String name, float fill) throws IOException {
        float[] d = new float[8 * 8 * 8];
        Arrays.fill(d, fill);
        Path p = dir.resolve(name);
        NiftiWriter.write(Volume.of(new int[] {8, 8, 8}, new double[] {1, 1, 1}, d), p, false);
        return p;
    }

    @Test
    void missingFile() throws IOException {
        Path p = dir.resolve("nope.nii.gz");
        assertFailsCleanly(simulate(p), 1, p, "no such file");
    }

    @Test
    void wrongMagic() throws IOException {
        Path p = smallImage("bad.nii", 1);
        byte[] b = Files.readAllBytes(p);
        b[344] = 'x';
        Files.write(p, b);
        assertFailsCleanly(simulate(p), 1, p, "magic");
    }

    @Test
    void truncatedGzip() throws IOException {
        Path p = smallImage("trunc.nii.gz", 1);
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length / 2));
        assertFailsCleanly(simulate(p), 1, p, "truncated");
    }

    @Test
    void headerClaimsMoreVoxelsThanTheFileHolds() throws IOException {
        Path p = smallImage("short.nii", 1);
        byte[] b = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(b, b.length - 100));
        CliRunner r = simulate(p);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(p.toString()), r.err());
    }

    @Test
    void fourDimensionalInputIsRefusedUnlessAVolumeIsChosen() throws IOException {
        Path p = TestData.nibabelData().resolve("example4d.nii.gz");
        assertFailsCleanly(simulate(p), 1, p, "4-d");
        CliRunner ok = CliRunner.run("info", "-i", p.toString(), "--volume", "1");
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void nanVoxels() throws IOException {
        Path p = smallImage("nan.nii.gz", Float.NaN);
        assertFailsCleanly(simulate(p), 1, p, "nan");
    }

    @Test
    void existingOutputIsKeptWithoutForce() throws IOException {
        Path in = smallImage("in.nii.gz", 3);
        Files.writeString(out, "precious");
        CliRunner r = simulate(in);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("precious", Files.readString(out));
        assertEquals(0, simulate(in, "--force").code());
        assertFalse(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("precious"));
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        Path in = smallImage("in.nii.gz", 3);
        assertEquals(2, CliRunner.run("simulate", "-i", in.toString(), "-o", out.toString(), "--fwhm", "4").code());
        assertEquals(2, CliRunner.run("simulate", "-i", in.toString(), "-o", out.toString(), "--scale", "4").code());
        assertEquals(2, CliRunner.run("simulate", "-i", in.toString(), "-o", dir.resolve("x.img").toString(),
                "--fwhm", "4", "--scale", "4").code());
        CliRunner kernel = CliRunner.run("pipeline", "-i", in.toString(), "-o", dir.resolve("p").toString(), "--sr-kernel", "gauss");
        assertEquals(2, kernel.code(), kernel.err());
        assertTrue(kernel.err().contains("--sr-kernel must be profile or fwhm, got 'gauss'"), kernel.err());
        assertFalse(Files.exists(dir.resolve("p")));
        assertEquals(2, CliRunner.run("no-such-command").code());
        assertEquals(2, CliRunner.run().code());
        assertFalse(Files.exists(out));
    }

    @Test
    void versionAndHelp() {
        CliRunner v = CliRunner.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("espreso "), v.out());
        assertEquals(0, CliRunner.run("simulate", "--help").code());
    }

    @Test
    void doctorNamesTheBackendAndTheSmoreEngine() {
        CliRunner d = CliRunner.run("doctor");
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("smoke test") && d.out().contains(" ok "), d.out());
        // The CPU build trains SMORE with the GEMM engine.
        assertTrue(d.out().matches("(?s).*smore engine\\s+gemm .*"), d.out());
    }

    @Test
    void unknownSmoreEngineIsAOneLineError() {
        System.setProperty("espreso.smore.engine", "bogus");
        try {
            CliRunner d = CliRunner.run("doctor");
            assertEquals(1, d.code());
            assertTrue(d.err().contains("espreso.smore.engine") && d.err().contains("gemm or samediff"), d.err());
            assertEquals(1, d.err().strip().lines().count(), d.err());
        } finally {
            System.clearProperty("espreso.smore.engine");
        }
    }

    @Test
    void tooFewSlicesForTheScale() throws IOException {
        Path in = smallImage("tiny.nii.gz", 3);
        CliRunner r = CliRunner.run("simulate", "-i", in.toString(), "-o", out.toString(), "--fwhm", "4", "--scale", "9");
        assertFailsCleanly(r, 1, in, "fewer than the scale");
    }

    @Test
    void verbosityReachesTheDemoSubSteps() {
        Path four = TestData.nibabelData().resolve("example4d.nii.gz");
        Path d = dir.resolve("demo");
        CliRunner quiet = CliRunner.run("demo", "-i", four.toString(), "-o", d.toString());
        assertEquals(1, quiet.code());
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        CliRunner verbose = CliRunner.run("-v", "demo", "-i", four.toString(), "-o", dir.resolve("demo2").toString());
        assertEquals(1, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "-v gives the sub-step's stack trace: " + verbose.err());
    }
}
