package org.espreso.cohort;

import java.util.List;
import java.util.Locale;
import org.espreso.core.nifti.NiftiHeader;
import org.espreso.core.nifti.NiftiReader;

/**
 * Decides from the headers alone (no voxels read) which scans have a thick axis worth super-resolving, and why the
 * others are skipped.
 */
public final class ScanSurvey {
    /**
     * Slice spacing over the finest in-plane spacing below which a scan counts as isotropic: below 1.2 there is too
     * little to gain for a full estimate and SR.
     */
    public static final double MIN_ANISOTROPY = 1.2;

    /**
     * What the header says about one scan.
     *
     * @param scan      the scan
     * @param reason    why it is skipped (isotropic, 4-D, unreadable), or null when it is to be processed
     * @param sliceAxis the thick axis (largest spacing), -1 when unreadable
     * @param spacing   voxel spacing (mm) along the three axes, null when unreadable
     * @param thickness {@code SliceThickness} from the sidecars (mm), NaN when none gives it
     * @param voxels    voxels of one volume (0 when unreadable)
     */
    public record Planned(Scan scan, String reason, int sliceAxis, double[] spacing, double thickness, long voxels) {
        public boolean eligible() {
            return reason == null;
        }

        /** Slice spacing over in-plane spacing. */
        public double anisotropy() {
            return spacing == null ? Double.NaN : spacing[sliceAxis] / inPlaneMm();
        }

        public double inPlaneMm() {
            double m = Double.POSITIVE_INFINITY;
            for (int a = 0; a < 3; a++) {
                if (a != sliceAxis) {
                    m = Math.min(m, spacing[a]);
                }
            }
            return m;
        }
    }

    private ScanSurvey() {
    }

    public static List<Planned> survey(BidsDataset ds, List<Scan> scans) {
        return scans.stream().map(s -> plan(ds, s)).toList();
    }

    public static Planned plan(BidsDataset ds, Scan s) {
        double thickness = ds.sliceThickness(s);
        NiftiHeader h;
        try {
            h = NiftiReader.readHeader(s.file());
        } catch (RuntimeException e) {
            return new Planned(s, "unreadable: " + oneLine(e.getMessage()), -1, null, thickness, 0);
        }
        double[] sp = h.spacing();
        int axis = 0;
        for (int a = 1; a < 3; a++) {
            if (sp[a] > sp[axis]) {
                axis = a;
            }
        }
        Planned p = new Planned(s, null, axis, sp, thickness, h.voxelsPerVolume());
        String dims = String.format(Locale.ROOT, "%.3g×%.3g×%.3g mm", sp[0], sp[1], sp[2]);
        if (h.volumeCount() > 1) {
            return new Planned(s, "4-D (" + h.volumeCount() + " volumes); anatomical SR takes one 3-D image", axis, sp, thickness, h.voxelsPerVolume());
        }
        if (h.spatialDims()[axis] < 4) {
            return new Planned(s, "only " + h.spatialDims()[axis] + " slices along its thick axis", axis, sp, thickness, h.voxelsPerVolume());
        }
        if (p.anisotropy() < MIN_ANISOTROPY) {
            return new Planned(s, String.format(Locale.ROOT, "isotropic (%s, ratio %.2f < %.1f)", dims, p.anisotropy(), MIN_ANISOTROPY),
                    axis, sp, thickness, h.voxelsPerVolume());
        }
        return p;
    }

    static String oneLine(String m) {
        if (m == null) {
            return "unknown error";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
