package org.espreso.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanSurveyTest {
    @TempDir
    Path dir;

    @Test
    void thickScansAreKeptAndTheOthersSkippedWithTheirReason() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        Datasets.image(root, "sub-01/anat/sub-01_T2w.nii.gz", new int[] {24, 8, 24}, new double[] {0.9, 4, 0.9});
        Datasets.image(root, "sub-01/anat/sub-01_T1w.nii.gz", new int[] {16, 16, 16}, new double[] {1, 1, 1.1});
        Datasets.image(root, "sub-01/anat/sub-01_FLAIR.nii.gz", new int[] {16, 16, 2}, new double[] {1, 1, 5});
        Files.write(root.resolve("sub-01/anat/sub-01_PDw.nii.gz"), new byte[] {1, 2, 3});
        // A 4-D image: a 3-D one with dim[0] = 4, dim[4] = 2 and its voxels twice.
        Path fourD = Datasets.image(root, "sub-01/anat/sub-01_T2starw.nii", new int[] {24, 8, 24}, new double[] {0.9, 4, 0.9});
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(fourD)).order(ByteOrder.LITTLE_ENDIAN);
        int offset = (int) b.getFloat(108);
        b.putShort(40, (short) 4).putShort(48, (short) 2);
        byte[] head = b.array();
        byte[] twice = new byte[head.length + head.length - offset];
        System.arraycopy(head, 0, twice, 0, head.length);
        System.arraycopy(head, offset, twice, head.length, head.length - offset);
        Files.write(fourD, twice);
        BidsDataset ds = BidsDataset.open(root);
        List<ScanSurvey.Planned> p = ScanSurvey.survey(ds, ds.scans(Selection.all()));
        assertEquals(List.of("sub-01_FLAIR", "sub-01_PDw", "sub-01_T1w", "sub-01_T2starw", "sub-01_T2w"),
                p.stream().map(x -> x.scan().key()).toList());
        assertTrue(p.get(0).reason().contains("only 2 slices"), p.get(0).reason());
        assertTrue(p.get(1).reason().startsWith("unreadable: "), p.get(1).reason());
        assertTrue(p.get(2).reason().startsWith("isotropic") && p.get(2).reason().contains("1.10"), p.get(2).reason());
        assertTrue(p.get(3).reason().startsWith("4-D (2 volumes)"), p.get(3).reason());
        ScanSurvey.Planned t2 = p.get(4);
        assertTrue(t2.eligible());
        assertNull(t2.reason());
        assertEquals(1, t2.sliceAxis(), "the thick axis is the largest spacing, wherever it is");
        assertEquals(4 / 0.9, t2.anisotropy(), 1e-6);
        assertFalse(p.get(2).eligible());
    }
}
