package org.espreso.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.profile.Npy;
import org.espreso.core.profile.Profile;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.volume.Volume;

/** Reading and checking user inputs the same way in every command. */
final class Inputs {
    private Inputs() {
    }

    /** A 3-D image with finite voxels (NaN/Inf are refused: every method here would spread them). */
    static Volume image(Path file, Integer volumeIndex) {
        Volume v = volumeIndex == null ? NiftiReader.read(file) : NiftiReader.read(file, volumeIndex);
        int bad = v.firstNonFinite();
        if (bad >= 0) {
            int nx = v.dim(0), ny = v.dim(1);
            throw InvalidInputException.of(file, "voxel (" + bad % nx + ", " + (bad / nx) % ny + ", " + bad / (nx * ny)
                    + ") is " + v.data()[bad] + "; NaN/Inf voxels are not supported");
        }
        return v;
    }

    /** A profile from {@code .npy} (taps one voxel apart, spacing 1) or our JSON. */
    static Profile profile(Path file) {
        if (!Files.exists(file)) {
            throw InvalidInputException.of(file, "no such file");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Profile p;
        if (name.endsWith(".json")) {
            p = ProfileJson.read(file);
        } else if (name.endsWith(".npy")) {
            p = new Profile(Npy.read(file), 1.0);
        } else {
            throw InvalidInputException.of(file, "a profile must be a .npy or .json file");
        }
        for (int i = 0; i < p.length(); i++) {
            if (!Double.isFinite(p.tap(i)) || p.tap(i) < 0) {
                throw InvalidInputException.of(file, "tap " + i + " is " + p.tap(i) + "; taps must be finite and non-negative");
            }
        }
        if (!(java.util.Arrays.stream(p.taps()).sum() > 0)) {
            throw InvalidInputException.of(file, "all taps are zero");
        }
        return p;
    }

    /** The file name without .nii / .nii.gz, for naming companion outputs. */
    static String stem(Path file) {
        String n = file.getFileName().toString();
        for (String ext : new String[] {".nii.gz", ".nii"}) {
            if (n.toLowerCase(java.util.Locale.ROOT).endsWith(ext)) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }

    static boolean isNifti(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    static Path sibling(Path file, String suffix) {
        Path parent = file.toAbsolutePath().getParent();
        return parent.resolve(stem(file) + suffix);
    }
}
