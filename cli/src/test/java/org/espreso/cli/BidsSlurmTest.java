package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.espreso.core.profile.ProfileJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code espreso bids --slurm} against a real SLURM (scripts/slurm-up.sh, which .ci/run runs): a 3-subject array with
 * one corrupt image that fails alone, the group step after it, and a re-submission that runs only the fixed
 * subject. Tagged {@code slurm}: {@code -DexcludedGroups=slurm} leaves it out where no cluster is up.
 */
@Tag("slurm")
class BidsSlurmTest {
    @TempDir
    Path dir;

    @Test
    void anArrayJobPerSubjectWithTheGroupStepAfterIt() throws Exception {
        requireSlurm();
        Path ds = BidsFixture.make(dir);
        Path corrupt = ds.resolve("sub-02/anat/sub-02_T2w.nii.gz");
        byte[] good = BidsFixture.truncate(corrupt);
        Map<String, String> before = BidsFixture.snapshot(ds);
        Path out = dir.resolve("out");

        CliRunner r = submit(ds, out);
        assertEquals(0, r.code(), r.err());
        String[] jobs = jobIds(r.out(), 3);
        waitFor(jobs[1]);

        for (String sub : List.of("01", "03")) {
            assertEquals("done", state(out, sub), "sub-" + sub);
            assertTrue(Files.isRegularFile(out.resolve("sub-" + sub + "/anat/sub-" + sub + "_desc-smore_T2w.nii.gz")));
        }
        assertEquals("failed", state(out, "02"), "the corrupt subject fails alone");
        List<String> logs = Files.list(out.resolve("logs")).map(p -> p.getFileName().toString()).sorted().toList();
        for (int t = 0; t < 3; t++) {
            assertTrue(logs.contains("participant_" + jobs[0] + "_" + t + ".log"), "task " + t + "'s log: " + logs);
        }
        assertTrue(logs.contains("group_" + jobs[1] + ".log"), logs.toString());
        String failedLog = Files.readString(out.resolve("logs/participant_" + jobs[0] + "_1.log"));
        assertTrue(failedLog.contains("[sub-02_T2w] FAILED: ") && failedLog.contains(corrupt.toString()), failedLog);
        List<String> table = Files.readAllLines(out.resolve("group_T2w.tsv"));
        assertEquals(4, table.size(), "the group step ran after the array, failure included");
        assertTrue(table.get(2).startsWith("sub-02\t") && table.get(2).contains("\tfailed\t"), table.get(2));
        BidsCommandTest.checkInChromium(out.resolve("group_report.html"), 2 * 2);
        assertEquals(before, BidsFixture.snapshot(ds), "nothing in the source dataset was written");

        // Fixed: the re-submission runs only sub-02.
        Files.write(corrupt, good);
        String keep = Files.readString(out.resolve("status/sub-01_T2w.json"));
        r = submit(ds, out);
        assertEquals(0, r.code(), r.err());
        jobs = jobIds(r.out(), 1);
        assertTrue(r.out().contains("(1 task(s): sub-02)"), r.out());
        waitFor(jobs[1]);
        assertEquals("done", state(out, "02"));
        assertEquals(keep, Files.readString(out.resolve("status/sub-01_T2w.json")), "sub-01 was not run again");
        assertTrue(Files.readAllLines(out.resolve("group_T2w.tsv")).stream().skip(1).allMatch(l -> l.contains("\tdone\t")));

        // Nothing left to do: nothing submitted.
        r = submit(ds, out);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("nothing to submit"), r.out());
    }

    private static CliRunner submit(Path ds, Path out) {
        List<String> a = new ArrayList<>(List.of("bids", ds.toString(), out.toString(), "participant", "--slurm",
                "--slurm-throttle", "2", "--slurm-opts", "--time=20"));
        a.addAll(BidsFixture.BUDGET);
        return CliRunner.run(a.toArray(new String[0]));
    }

    private static String state(Path out, String sub) throws Exception {
        return ProfileJson.MAPPER.readTree(out.resolve("status/sub-" + sub + "_T2w.json").toFile()).path("state").asText();
    }

    /** The array's and the group step's job ids from the console. */
    private static String[] jobIds(String out, int tasks) {
        Matcher a = Pattern.compile("submitted array job (\\d+) \\(" + tasks + " task\\(s\\)").matcher(out);
        Matcher g = Pattern.compile("submitted group job (\\d+) \\(after the array\\)").matcher(out);
        assertTrue(a.find() && g.find(), out);
        return new String[] {a.group(1), g.group(1)};
    }

    /** Waits until the job has left the queue (10 minutes at most). */
    private static void waitFor(String job) throws Exception {
        long end = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < end) {
            Process p = new ProcessBuilder("squeue", "-h", "-j", job).redirectErrorStream(true).start();
            String q = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            if (q.isEmpty() || q.contains("Invalid job id")) {
                return;
            }
            Thread.sleep(1000);
        }
        fail("SLURM job " + job + " still queued or running after 10 minutes");
    }

    private static void requireSlurm() throws Exception {
        try {
            Process p = new ProcessBuilder("sinfo", "-h", "-o", "%T").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0 && s.lines().anyMatch(l -> l.matches("idle|mixed|allocated"))) {
                return;
            }
            fail("no SLURM node is up (" + s.strip() + "): run scripts/slurm-up.sh, or leave this test out with -DexcludedGroups=slurm");
        } catch (java.io.IOException e) {
            fail("SLURM is not installed (" + e.getMessage() + "): apt-get install slurm-wlm munge, run scripts/slurm-up.sh, "
                    + "or leave this test out with -DexcludedGroups=slurm");
        }
    }
}
