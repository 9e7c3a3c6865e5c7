package org.espreso.cohort;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.bridge.SrKernel;
import org.espreso.estimator.EstimatorConfig;
import org.espreso.smore.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanRunnerTest {
    @TempDir
    Path dir;

    @Test
    void onlyDerivativesInsideTheOutputFolderAreEverDeleted() throws Exception {
        Path root = Datasets.dataset(dir.resolve("ds"));
        Path source = Datasets.image(root, "sub-01/anat/sub-01_T2w.nii.gz", new int[] {8, 8, 4}, new double[] {1, 1, 3});
        Path out = Files.createDirectories(dir.resolve("out"));
        Path outside = Files.writeString(dir.resolve("precious.txt"), "keep");
        Path derivative = Files.createDirectories(out.resolve("sub-01/anat")).resolve("x.json");
        Files.writeString(derivative, "{}");
        ScanRunner.Context c = new ScanRunner.Context(BidsDataset.open(root), out, new CohortSettings(CohortSettings.Stage.ESTIMATE,
                EstimatorConfig.release(), Preset.FAST.config(), SrKernel.Mode.FWHM), "t", new PrintWriter(new StringWriter()));
        for (String bad : new String[] {"../precious.txt", outside.toString(), "../ds/sub-01/anat/sub-01_T2w.nii.gz", ".", ""}) {
            ScanRunner.deleteOutput(c, bad);
        }
        assertTrue(Files.exists(outside) && Files.exists(source) && Files.isDirectory(out));
        ScanRunner.deleteOutput(c, "sub-01/anat/x.json");
        assertFalse(Files.exists(derivative));
    }
}
