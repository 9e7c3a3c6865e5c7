package org.espreso.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.espreso.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BidsDatasetTest {
    @TempDir
    Path dir;

    private static final int[] THICK = {24, 24, 8};
    private static final double[] THICK_MM = {1, 1, 3};

    @Test
    void findsAnatomicalImagesWithAndWithoutSessionsAndFollowsTheSelection() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        Datasets.image(root, "sub-01/anat/sub-01_T2w.nii.gz", THICK, THICK_MM);
        Datasets.image(root, "sub-01/anat/sub-01_acq-ax_FLAIR.nii", THICK, THICK_MM);
        Datasets.image(root, "sub-01/func/sub-01_task-rest_bold.nii.gz", THICK, THICK_MM);
        Datasets.image(root, "sub-02/ses-a/anat/sub-02_ses-a_T2w.nii.gz", THICK, THICK_MM);
        Datasets.image(root, "sub-02/ses-b/anat/sub-02_ses-b_T2w.nii.gz", THICK, THICK_MM);
        Files.writeString(root.resolve("sub-02/ses-b/anat/notes.txt"), "x");
        Files.createDirectories(root.resolve("derivatives/sub-09/anat"));
        BidsDataset ds = BidsDataset.open(root);
        assertEquals("test", ds.name());
        assertEquals(List.of("01", "02"), ds.subjects());

        List<Scan> all = ds.scans(Selection.all());
        assertEquals(List.of("sub-01_T2w", "sub-01_acq-ax_FLAIR", "sub-02_ses-a_T2w", "sub-02_ses-b_T2w"),
                all.stream().map(Scan::key).toList());
        Scan flair = all.get(1);
        assertEquals("sub-01/anat/sub-01_acq-ax_FLAIR.nii", flair.relative());
        assertEquals("FLAIR", flair.suffix());
        assertEquals("sub-01_acq-ax_desc-smore_FLAIR.nii.gz", flair.derivative("smore", ".nii.gz"));
        Scan b = all.get(3);
        assertEquals("b", b.session());
        assertEquals("sub-02/ses-b/anat", b.anatDir());

        // Labels with or without their prefix; sessions and suffixes narrow the selection.
        assertEquals(List.of("sub-02_ses-b_T2w"), ds.scans(new Selection(List.of("sub-02"), List.of("ses-b"), List.of())).stream()
                .map(Scan::key).toList());
        assertEquals(3, ds.scans(new Selection(List.of(), List.of(), List.of("T2w"))).size());
        assertEquals(2, ds.scans(new Selection(List.of("01"), List.of(), List.of())).size());
    }

    @Test
    void unknownLabelsAndNonDatasetsAreNamed() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        Datasets.image(root, "sub-01/anat/sub-01_T2w.nii.gz", THICK, THICK_MM);
        BidsDataset ds = BidsDataset.open(root);
        var e = assertThrows(IllegalArgumentException.class, () -> ds.scans(Selection.all().withParticipants(List.of("07"))));
        assertTrue(e.getMessage().contains("'07'") && e.getMessage().contains("sub-01"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class, () -> ds.scans(new Selection(List.of(), List.of("x"), List.of())));
        assertTrue(s.getMessage().contains("session label 'x'") && s.getMessage().contains("no sessions"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Selection(List.of("sub-0 1"), List.of(), List.of()));

        Path plain = Files.createDirectories(dir.resolve("plain"));
        var n = assertThrows(InvalidInputException.class, () -> BidsDataset.open(plain));
        assertTrue(n.getMessage().startsWith(plain.toString()) && n.getMessage().contains("dataset_description.json"), n.getMessage());
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("dataset_description.json"), "{\"Name\": \"x\"}");
        assertTrue(assertThrows(InvalidInputException.class, () -> BidsDataset.open(bad)).getMessage().contains("BIDSVersion"));
        Path deriv = Files.createDirectories(dir.resolve("deriv"));
        Files.writeString(deriv.resolve("dataset_description.json"),
                "{\"Name\": \"x\", \"BIDSVersion\": \"1.9.0\", \"DatasetType\": \"derivative\"}");
        assertTrue(assertThrows(InvalidInputException.class, () -> BidsDataset.open(deriv)).getMessage().contains("derivative"));
    }

    @Test
    void sliceThicknessFollowsTheInheritancePrinciple() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        Datasets.image(root, "sub-01/ses-1/anat/sub-01_ses-1_T2w.nii.gz", THICK, THICK_MM);
        Datasets.image(root, "sub-02/anat/sub-02_T2w.nii.gz", THICK, THICK_MM);
        Datasets.image(root, "sub-03/anat/sub-03_T2w.nii.gz", THICK, THICK_MM);
        Files.writeString(root.resolve("T2w.json"), "{\"SliceThickness\": 5}");
        Files.writeString(root.resolve("sub-01/ses-1_T2w.json"), "{\"SliceThickness\": 4}");
        Files.writeString(root.resolve("sub-01/ses-1/anat/sub-01_ses-1_T2w.json"), "{\"SliceThickness\": 3.5}");
        Files.writeString(root.resolve("sub-03/anat/sub-03_T2w.json"), "{\"EchoTime\": 0.1}");
        BidsDataset ds = BidsDataset.open(root);
        List<Scan> s = ds.scans(Selection.all());
        assertEquals(3.5, ds.sliceThickness(s.get(0)), 0);
        assertEquals(5, ds.sliceThickness(s.get(1)), 0, "the dataset-level sidecar");
        assertEquals(5, ds.sliceThickness(s.get(2)), 0, "a sidecar without the field inherits it");
        Files.delete(root.resolve("T2w.json"));
        assertTrue(Double.isNaN(ds.sliceThickness(s.get(2))));
    }
}
