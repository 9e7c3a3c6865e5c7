package org.espreso.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real images the tests read. They are installed by .ci/run; a missing one is a failure, not a skip. */
public final class TestData {
    public static final Path COLIN27 = Path.of("/usr/share/mricron/templates/ch2.nii.gz");
    public static final Path NIBABEL_DATA = Path.of("/usr/lib/python3/dist-packages/nibabel/tests/data");
    /** Debian's python (with nibabel, scikit-image), not a virtualenv one. */
    public static final String PYTHON = "/usr/bin/python3";

    private TestData() {
    }

    public static Path colin27() {
        return require(COLIN27, "apt-get install mricron-data");
    }

    public static Path nibabelData() {
        return require(NIBABEL_DATA, "apt-get install python3-nibabel");
    }

    private static Path require(Path p, String fix) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: " + fix);
        }
        return p;
    }
}
