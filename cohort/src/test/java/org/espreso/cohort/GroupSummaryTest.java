package org.espreso.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupSummaryTest {
    @TempDir
    Path dir;

    private static ScanStatus status(String sub, String suffix, ScanStatus.State state, Double thickness, Double fwhm,
            Boolean converged, Double after, String reason) {
        String key = "sub-" + sub + "_" + suffix;
        return new ScanStatus(key, sub, null, suffix, "sub-" + sub + "/anat/" + key + ".nii.gz", state, reason, "id", 1L, 1L,
                2, 4.0, 1.0, thickness, fwhm, fwhm == null ? null : 0.3, fwhm == null ? null : fwhm - 0.6,
                fwhm == null ? null : fwhm + 0.6, converged, after, after == null ? null : 0.2, after == null ? null : true,
                12.5, 900.0, "2026-12-02T00:00:00Z", "v", List.of());
    }

    @Test
    void oneTablePerSuffixWithFlagsAndLinkedPlots() throws Exception {
        Path out = dir.resolve("out");
        status("01", "T2w", ScanStatus.State.DONE, 4.0, 4.2, true, 1.6, null).write(out);
        status("02", "T2w", ScanStatus.State.DONE, 4.0, 7.1, false, 7.5, null).write(out);
        status("03", "T2w", ScanStatus.State.FAILED, null, null, null, null, "sub-03/anat/sub-03_T2w.nii.gz: truncated").write(out);
        status("01", "T1w", ScanStatus.State.SKIPPED, null, null, null, null, "isotropic (1×1×1 mm)").write(out);
        GroupSummary.Result r = GroupSummary.write(out);
        assertEquals(List.of(out.resolve("group_T1w.tsv"), out.resolve("group_T2w.tsv")), r.tables());
        assertEquals(2, r.counts().get(ScanStatus.State.DONE));
        assertEquals(2, r.flagged(), "the wide, unconverged estimate and the failure");

        List<String> lines = Files.readAllLines(out.resolve("group_T2w.tsv"));
        assertEquals(GroupSummary.COLUMNS, List.of(lines.get(0).split("\t")));
        assertEquals(4, lines.size());
        List<String> ok = List.of(lines.get(1).split("\t", -1));
        assertEquals(GroupSummary.COLUMNS.size(), ok.size());
        assertEquals("sub-01", ok.get(0));
        assertEquals("n/a", ok.get(1), "no session");
        assertEquals("4.200", ok.get(GroupSummary.COLUMNS.indexOf("fwhm_mm")));
        assertEquals("n/a", ok.get(GroupSummary.COLUMNS.indexOf("qc_flags")));
        String wide = lines.get(2).split("\t", -1)[GroupSummary.COLUMNS.indexOf("qc_flags")];
        assertTrue(wide.contains("1.78× the header's slice thickness") && wide.contains("not converged")
                && wide.contains("did not sharpen"), wide);
        String failed = lines.get(3);
        assertTrue(failed.contains("\tfailed\t") && failed.endsWith("truncated"), failed);

        String html = Files.readString(r.report());
        assertTrue(html.contains("href=\"sub-01.html#sub-01_T2w\""), "points link to the scan's section");
        assertEquals(4, html.split("<svg").length - 1, "one strip plot per metric");
        assertTrue(html.contains("isotropic (1×1×1 mm)"), "skipped scans are listed with their reason");
        assertTrue(!html.contains("http://") || html.replace("http://www.w3.org/2000/svg", "").indexOf("http://") < 0,
                "nothing fetched from outside");
    }
}
