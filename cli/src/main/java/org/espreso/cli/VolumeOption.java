package org.espreso.cli;

import picocli.CommandLine.Option;

/** {@code --volume INDEX}: which volume of a 4-D input to use, for every command that reads images. */
final class VolumeOption {
    Integer index;

    @Option(names = "--volume", paramLabel = "INDEX", description = "Volume of a 4-D input to use (0-based).")
    void set(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("--volume must be at least 0, got " + v);
        }
        index = v;
    }
}
