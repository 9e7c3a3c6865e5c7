package org.espreso.core.volume;

/**
 * Header fields that say how to interpret the geometry, kept from input to output so a written file means
 * what the read one meant: NIfTI qform_code, sform_code and xyzt_units, plus the source datatype code.
 */
public record SpaceCodes(int qformCode, int sformCode, int xyztUnits, int sourceDatatype) {
    /** Scanner-anatomical codes in mm/s and float32, for volumes that did not come from a file. */
    public static SpaceCodes defaults() {
        return new SpaceCodes(1, 1, 2 | 8, 16);
    }
}
