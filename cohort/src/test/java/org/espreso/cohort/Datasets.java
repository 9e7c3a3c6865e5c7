package org.espreso.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.volume.Volume;

/** Small BIDS datasets written by the tests themselves. */
final class Datasets {
    private Datasets() {
    }

    static Path dataset(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dataset_description.json"), "{\"Name\": \"test\", \"BIDSVersion\": \"1.9.0\"}\n");
        return dir;
    }

    /** A volume of the given dims and spacing (values a smooth ramp), written as {@code rel} under {@code root}. */
    static Path image(Path root, String rel, int[] dims, double[] spacing) throws IOException {
        float[] d = new float[dims[0] * dims[1] * dims[2]];
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 97) * 0.5f;
        }
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        NiftiWriter.write(Volume.of(dims, spacing, d), f, false);
        return f;
    }
}
