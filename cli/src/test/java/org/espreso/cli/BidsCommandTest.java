package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code espreso bids} on this machine, on the generated 3-subject dataset: BIDS derivatives, per-subject and group
 * reports, one corrupt subject failing alone, a re-run redoing only what is missing or failed, bad input refused in
 * one line, and the source dataset never written.
 */
class BidsCommandTest {
    @TempDir
    Path dir;

    private CliRunner bids(String... args) {
        List<String> a = new ArrayList<>(List.of("--threads", "1", "bids"));
        a.addAll(List.of(args));
        return CliRunner.run(a.toArray(new String[0]));
    }

    private static String[] with(String[] head, List<String> tail) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(tail);
        return a.toArray(new String[0]);
    }

    @Test
    void participantAndGroupLevelsOnThisMachine() throws Exception {
        Path ds = BidsFixture.make(dir);
        Path corrupt = ds.resolve("sub-03/anat/sub-03_T2w.nii.gz");
        byte[] good = BidsFixture.truncate(corrupt);
        Map<String, String> before = BidsFixture.snapshot(ds);
        Path out = dir.resolve("out");

        CliRunner r = bids(with(new String[] {ds.toString(), out.toString(), "participant"}, BidsFixture.BUDGET));
        assertEquals(1, r.code(), "a failed scan makes the run fail: " + r.err());
        assertTrue(r.err().contains("6 scan(s) selected, 3 to process, 3 skipped"), r.err());
        assertTrue(r.err().contains("[sub-01_T1w] skipped: isotropic"), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("[sub-03_T2w] FAILED: ") && l.contains(corrupt.toString())), r.err());
        assertTrue(r.err().strip().lines().reduce((a, b) -> b).orElse("").contains("sub-03"), "the last line names the failed subject");

        // Derivatives of the two good subjects, named after their sources.
        for (String sub : List.of("01", "02")) {
            Path anat = out.resolve("sub-" + sub + "/anat");
            Path srFile = anat.resolve("sub-" + sub + "_desc-smore_T2w.nii.gz");
            Volume sr = NiftiReader.read(srFile);
            Volume lr = NiftiReader.read(ds.resolve("sub-" + sub + "/anat/sub-" + sub + "_T2w.nii.gz"));
            assertArrayEquals(new int[] {96, 96, 96}, sr.dims(), "SR restores the slice axis to the in-plane spacing");
            assertEquals(lr.spacing(0), sr.spacing(2), 1e-6);
            JsonNode side = ProfileJson.MAPPER.readTree(anat.resolve("sub-" + sub + "_desc-smore_T2w.json").toFile());
            assertEquals("bids:raw:sub-" + sub + "/anat/sub-" + sub + "_T2w.nii.gz", side.path("Sources").get(0).asText());
            JsonNode status = ProfileJson.MAPPER.readTree(out.resolve("status/sub-" + sub + "_T2w.json").toFile());
            assertEquals("done", status.path("state").asText());
            assertEquals(status.path("fwhm_mm").asDouble(), side.path("EstimatedSliceProfile").path("FWHM").asDouble(), 1e-12);
            assertEquals(status.path("after_sr_fwhm_mm").asDouble(), side.path("ResolutionAfterSR").path("FWHM").asDouble(), 1e-12);
            assertTrue(side.path("Settings").path("estimator").path("iterations").asInt() == 3);
            assertTrue(Files.isRegularFile(anat.resolve("sub-" + sub + "_T2w_sliceprofile.npy")));
            assertTrue(Files.isRegularFile(anat.resolve("sub-" + sub + "_desc-smore_T2w_sliceprofile.json")));
            assertTrue(Files.readString(out.resolve("sub-" + sub + ".html")).contains("id=\"sub-" + sub + "_T2w\""));
        }
        assertFalse(Files.exists(out.resolve("sub-03/anat/sub-03_desc-smore_T2w.nii.gz")), "a failed scan leaves no partial output");
        JsonNode failed = ProfileJson.MAPPER.readTree(out.resolve("status/sub-03_T2w.json").toFile());
        assertEquals("failed", failed.path("state").asText());
        assertTrue(Files.readString(out.resolve("sub-03.html")).contains("Failed: "));

        // The group table: one row per scan, the failure and the skips with their reasons.
        List<String> t2 = Files.readAllLines(out.resolve("group_T2w.tsv"));
        assertEquals(4, t2.size());
        assertTrue(t2.get(3).startsWith("sub-03\tn/a\tsub-03/anat/sub-03_T2w.nii.gz\tfailed\t"), t2.get(3));
        assertTrue(t2.get(1).contains("\tdone\t2\t3.000\t3.000\t1.000\t"), "thickness from the sidecar, spacing, in-plane: " + t2.get(1));
        List<String> t1 = Files.readAllLines(out.resolve("group_T1w.tsv"));
        assertTrue(t1.stream().skip(1).allMatch(l -> l.contains("\tskipped\t") && l.contains("isotropic")), String.join("\n", t1));
        String ignore = Files.readString(out.resolve(".bidsignore"));
        assertTrue(ignore.contains("/*.html") && ignore.contains("/group_*.tsv"));
        checkInChromium(out.resolve("group_report.html"), 2 * 3);
        checkInChromium(out.resolve("sub-01.html"), 0);

        // Fixed, and sub-02's output lost: a re-run with two worker processes redoes only those two and keeps the
        // finished scan as it was.
        assertEquals(before, BidsFixture.snapshot(ds), "nothing in the source dataset was written");
        Files.write(corrupt, good);
        before = BidsFixture.snapshot(ds);
        Files.delete(out.resolve("sub-02/anat/sub-02_desc-smore_T2w.nii.gz"));
        String keep = Files.readString(out.resolve("status/sub-01_T2w.json"));
        r = bids(with(new String[] {ds.toString(), out.toString(), "participant", "--jobs", "2"}, BidsFixture.BUDGET));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2 subject(s) with work to do"), r.err());
        assertTrue(r.err().contains("sub-02: done (log ") && r.err().contains("sub-03: done (log "), r.err());
        assertEquals(keep, Files.readString(out.resolve("status/sub-01_T2w.json")), "sub-01 was not redone");
        assertEquals("done", ProfileJson.MAPPER.readTree(out.resolve("status/sub-03_T2w.json").toFile()).path("state").asText());
        assertTrue(Files.list(out.resolve("logs")).anyMatch(p -> p.getFileName().toString().startsWith("sub-03_")), "the worker's log");
        assertTrue(r.out().contains("group: 6 scans (3 done, 0 failed, 3 skipped)"), r.out());

        // Other settings make every scan stale.
        List<String> other = new ArrayList<>(BidsFixture.BUDGET);
        other.set(other.indexOf("--sr-steps") + 1, "3");
        r = bids(with(new String[] {ds.toString(), out.toString(), "participant", "--participant-label", "sub-01", "--stage",
            "estimate"}, other));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("1 subject(s) with work to do"), r.err());
        assertFalse(Files.exists(out.resolve("sub-01/anat/sub-01_desc-smore_T2w.nii.gz")), "outputs of the old settings go");
        assertTrue(Files.isRegularFile(out.resolve("sub-01/anat/sub-01_T2w_sliceprofile.json")));
        assertTrue(Files.isRegularFile(out.resolve("sub-02/anat/sub-02_desc-smore_T2w.nii.gz")), "other subjects are untouched");

        assertEquals(before, BidsFixture.snapshot(ds), "nothing in the source dataset was written");
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path ds = BidsFixture.make(dir);
        Map<String, String> before = BidsFixture.snapshot(ds);
        Path out = dir.resolve("out");
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assertOneLine(bids(plain.toString(), out.toString(), "participant"), 2, plain.toString(), "not a BIDS dataset");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--participant-label", "sub-09"), 2, "'09'", "sub-01, sub-02, sub-03");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--session-label", "1"), 2, "session label '1'");
        assertOneLine(bids(ds.toString(), ds.resolve("derivatives/espreso").toString(), "participant"), 2, "inside the input dataset");
        assertOneLine(bids(ds.toString(), out.toString(), "subject"), 2, "participant or group");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--jobs", "0"), 2, "--jobs");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--stage", "all"), 2, "--stage");
        assertOneLine(bids(ds.toString(), out.toString(), "group", "--slurm"), 2, "--slurm");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--slurm", "--jobs", "2"), 2, "--jobs");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--slurm-opts", "--mem=2G"), 2, "--slurm-opts");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--slurm", "--slurm-opts", "--comment='x"), 2, "unclosed");
        assertOneLine(bids(ds.toString(), out.toString(), "participant", "--suffix", "bold"), 1, "no anatomical images");
        assertOneLine(bids(ds.toString(), out.toString(), "group"), 1, "no participant-level results");
        assertFalse(Files.exists(out), "nothing written for refused runs");

        // --slurm where SLURM's commands are not installed: exit 1, before anything is written.
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "bids",
                ds.toString(), out.toString(), "participant", "--slurm");
        pb.environment().put("PATH", dir.resolve("empty").toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertOneLine(new CliRunner(p.waitFor(), "", err), 1, "sbatch was not found");
        assertFalse(Files.exists(out));
        assertEquals(before, BidsFixture.snapshot(ds));
    }

    static void checkInChromium(Path report, int minLinks) throws Exception {
        Process p = new ProcessBuilder("bash", Path.of("..", "scripts", "check-report.sh").toString(), report.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("links=(\\d+)").matcher(log);
        assertTrue(m.find(), log);
        assertTrue(Integer.parseInt(m.group(1)) >= minLinks, "points link to the scans' reports: " + log);
    }

    static void assertOneLine(CliRunner r, int code, String... fragments) {
        assertEquals(code, r.code(), r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "says '" + f + "': " + err);
        }
        for (String internal : new String[] {"Exception", "\tat ", "Usage:"}) {
            assertFalse(err.contains(internal), "no internals (" + internal + "): " + err);
        }
    }
}
