package org.espreso.cohort;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.profile.ProfileJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DerivativesTest {
    @TempDir
    Path dir;

    @Test
    void anOutputInsideTheDatasetIsRefusedEvenThroughALink() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        BidsDataset ds = BidsDataset.open(root);
        for (Path inside : new Path[] {root, root.resolve("derivatives/espreso"), dir.resolve("ds/../ds/x")}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Derivatives.checkOutside(ds, inside));
            assertTrue(e.getMessage().contains("inside the input dataset"), e.getMessage());
        }
        Path link = Files.createSymbolicLink(dir.resolve("link"), root);
        assertThrows(IllegalArgumentException.class, () -> Derivatives.checkOutside(ds, link.resolve("out")));
        assertDoesNotThrow(() -> Derivatives.checkOutside(ds, dir.resolve("ds-out")), "a sibling whose name starts alike");
        assertDoesNotThrow(() -> Derivatives.checkOutside(ds, dir.resolve("out/nested")));
    }

    @Test
    void theDescriptionNamesTheSourceAndTheGenerator() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        BidsDataset ds = BidsDataset.open(root);
        Path out = dir.resolve("out");
        Derivatives.prepare(out, ds, "9.9");
        JsonNode d = ProfileJson.MAPPER.readTree(out.resolve("dataset_description.json").toFile());
        assertEquals("derivative", d.path("DatasetType").asText());
        assertEquals("espreso", d.path("GeneratedBy").get(0).path("Name").asText());
        assertEquals("9.9", d.path("GeneratedBy").get(0).path("Version").asText());
        assertEquals(root.toRealPath().toUri().toString(), d.path("SourceDatasets").get(0).path("URL").asText());
        assertEquals(root.toRealPath(), Derivatives.sourceRoot(out));
        String ignore = Files.readString(out.resolve(".bidsignore"));
        assertTrue(ignore.contains("*_sliceprofile.*") && ignore.contains("/status/") && ignore.contains("/logs/"), ignore);
        Scan s = new Scan(root.resolve("sub-01/anat/sub-01_T2w.nii.gz"), "sub-01/anat/sub-01_T2w.nii.gz", "01", null, "sub-01", "T2w");
        assertEquals("bids:raw:sub-01/anat/sub-01_T2w.nii.gz", Derivatives.sourceUri(s));
    }
}
