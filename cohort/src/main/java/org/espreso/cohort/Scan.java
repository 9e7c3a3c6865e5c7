package org.espreso.cohort;

import java.nio.file.Path;

/**
 * One anatomical image of a BIDS dataset.
 *
 * @param file     the image (absolute)
 * @param relative its path inside the dataset, '/'-separated (as BIDS URIs write it)
 * @param subject  the subject label, without {@code sub-}
 * @param session  the session label without {@code ses-}, or null
 * @param entities the file name's entities before the suffix, e.g. {@code sub-01_ses-1_acq-ax}
 * @param suffix   the BIDS suffix, e.g. {@code T2w}
 */
public record Scan(Path file, String relative, String subject, String session, String entities, String suffix) {
    /** The file name without its extension, e.g. {@code sub-01_ses-1_T2w}; unique in a dataset. */
    public String key() {
        return entities + "_" + suffix;
    }

    /** The folder, relative to a derivatives root, where this scan's derivatives go (as in the source dataset). */
    public String anatDir() {
        return "sub-" + subject + (session == null ? "" : "/ses-" + session) + "/anat";
    }

    /** A derivative's file name: the source's entities, then {@code desc-DESC}, the suffix and {@code ext}. */
    public String derivative(String desc, String ext) {
        return entities + "_desc-" + desc + "_" + suffix + ext;
    }
}
