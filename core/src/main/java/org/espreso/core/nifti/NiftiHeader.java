package org.espreso.core.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import org.espreso.core.volume.Affine;

/**
 * Every field of a NIfTI-1 or NIfTI-2 header, widened to the NIfTI-2 types (int64 dims, float64 reals).
 * Headers returned by {@link NiftiReader#readHeader} have been validated: the datatype is supported, the dims
 * are sane and, for an uncompressed file, the file holds all the voxel data the header promises.
 *
 * <p>Array components are copied on the way in and out, so a header is immutable.
 *
 * @param version 1 or 2
 * @param byteOrder the byte order of the file
 * @param gzipped whether the file is gzip-compressed (detected from its first bytes, not its name)
 * @param dim {@code dim[0..7]}; {@code dim[0]} is the number of dimensions
 * @param datatypeCode the raw {@code datatype} code (see {@link #datatype()})
 * @param pixdim {@code pixdim[0..7]}; {@code pixdim[0]} is qfac
 * @param voxOffset byte offset of the voxel data in the (decompressed) file
 */
public record NiftiHeader(
        int version,
        ByteOrder byteOrder,
        boolean gzipped,
        long[] dim,
        int datatypeCode,
        int bitpix,
        double[] pixdim,
        long voxOffset,
        double sclSlope,
        double sclInter,
        int qformCode,
        int sformCode,
        double quaternB,
        double quaternC,
        double quaternD,
        double qoffsetX,
        double qoffsetY,
        double qoffsetZ,
        double[] srowX,
        double[] srowY,
        double[] srowZ,
        int xyztUnits,
        int intentCode,
        double intentP1,
        double intentP2,
        double intentP3,
        String intentName,
        double calMin,
        double calMax,
        int dimInfo,
        int sliceCode,
        long sliceStart,
        long sliceEnd,
        double sliceDuration,
        double toffset,
        String descrip,
        String auxFile) {

    /** Size of the NIfTI-1 header in bytes. */
    public static final int NIFTI1_HEADER_SIZE = 348;
    /** Size of the NIfTI-2 header in bytes. */
    public static final int NIFTI2_HEADER_SIZE = 540;

    public NiftiHeader {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("version must be 1 or 2: " + version);
        }
        if (dim.length != 8 || pixdim.length != 8 || srowX.length != 4 || srowY.length != 4 || srowZ.length != 4) {
            throw new IllegalArgumentException("dim and pixdim need 8 values, srow_x/y/z 4");
        }
        dim = dim.clone();
        pixdim = pixdim.clone();
        srowX = srowX.clone();
        srowY = srowY.clone();
        srowZ = srowZ.clone();
        intentName = intentName == null ? "" : intentName;
        descrip = descrip == null ? "" : descrip;
        auxFile = auxFile == null ? "" : auxFile;
    }

    @Override
    public long[] dim() {
        return dim.clone();
    }

    @Override
    public double[] pixdim() {
        return pixdim.clone();
    }

    @Override
    public double[] srowX() {
        return srowX.clone();
    }

    @Override
    public double[] srowY() {
        return srowY.clone();
    }

    @Override
    public double[] srowZ() {
        return srowZ.clone();
    }

    /** Header size in bytes: 348 (NIfTI-1) or 540 (NIfTI-2). */
    public int headerSize() {
        return version == 1 ? NIFTI1_HEADER_SIZE : NIFTI2_HEADER_SIZE;
    }

    /** Extent along dimension {@code i} (1-based as in {@code dim[]}); 1 beyond {@code dim[0]}. */
    public long extent(int i) {
        return i <= dim[0] ? dim[i] : 1;
    }

    /** The voxel datatype. Headers from {@link NiftiReader#readHeader} always have a supported one. */
    public NiftiDatatype datatype() {
        return NiftiDatatype.fromCode(datatypeCode);
    }

    /** {@code dim[1..3]}, with 1 for dimensions beyond {@code dim[0]}. */
    public int[] spatialDims() {
        return new int[] {(int) extent(1), (int) extent(2), (int) extent(3)};
    }

    /** Voxels in one 3-D volume. */
    public long voxelsPerVolume() {
        return extent(1) * extent(2) * extent(3);
    }

    /** The number of 3-D volumes ({@code dim[4]}, 1 for a 3-D image). */
    public int volumeCount() {
        return (int) extent(4);
    }

    /** Bytes of one stored volume. */
    public long bytesPerVolume() {
        return voxelsPerVolume() * (bitpix / 8);
    }

    /** The qfac stored in {@code pixdim[0]}: -1 when negative, otherwise 1 (0 is read as 1, per the standard). */
    public double qfac() {
        return pixdim[0] < 0 ? -1 : 1;
    }

    /**
     * Voxel size in mm along the three spatial axes: {@code |pixdim[1..3]|}. An axis whose pixdim is 0 or not
     * finite gets 1 (the reader refuses such a pixdim on any axis with more than one voxel).
     */
    public double[] spacing() {
        double[] s = new double[3];
        for (int i = 0; i < 3; i++) {
            s[i] = usableSize(pixdim[i + 1]);
        }
        return s;
    }

    private static double usableSize(double p) {
        double a = Math.abs(p);
        return a > 0 && Double.isFinite(a) ? a : 1.0;
    }

    /** Whether {@code scl_slope}/{@code scl_inter} change the stored values (slope not 0, not NaN, not infinite). */
    public boolean hasScaling() {
        return effectiveSlope() != 1 || effectiveIntercept() != 0;
    }

    /** The slope actually applied: {@code scl_slope}, or 1 when it is 0 or not finite (no scaling). */
    public double effectiveSlope() {
        return sclSlope == 0 || !Double.isFinite(sclSlope) ? 1 : sclSlope;
    }

    /** The intercept actually applied: 0 when there is no scaling or {@code scl_inter} is not finite. */
    public double effectiveIntercept() {
        return sclSlope == 0 || !Double.isFinite(sclSlope) || !Double.isFinite(sclInter) ? 0 : sclInter;
    }

    /**
     * The qform transform (NIfTI-1 "method 2"): a = sqrt(1 - b² - c² - d²) clamped at 0 (as nifti1.h defines it;
     * when b² + c² + d² exceeds 1, (b, c, d) is normalised so the rotation stays orthonormal), the rotation matrix
     * of the quaternion (a, b, c, d), its columns scaled by the voxel sizes {@code |pixdim[1..3]|} (1 where pixdim
     * is 0), the third column by qfac, translation (qoffset_x, y, z). Computed whatever {@code qform_code} says.
     *
     * <p>nifti1_io.c instead sets a = 0 whenever 1 - b² - c² - d² &lt; 1e-7; that differs by up to ~3e-4 on
     * near-180° rotations stored in float32. nibabel follows the formula, and so does this.
     */
    public Affine qformAffine() {
        double b = quaternB, c = quaternC, d = quaternD;
        double bcd = b * b + c * c + d * d;
        double a;
        if (bcd > 1) {
            double n = 1.0 / Math.sqrt(bcd);
            b *= n;
            c *= n;
            d *= n;
            a = 0;
        } else {
            a = Math.sqrt(1 - bcd);
        }
        double xd = usableSize(pixdim[1]);
        double yd = usableSize(pixdim[2]);
        double zd = usableSize(pixdim[3]) * qfac();
        return Affine.of(
                (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, qoffsetX,
                2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, qoffsetY,
                2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, qoffsetZ,
                0, 0, 0, 1);
    }

    /** The sform transform (NIfTI-1 "method 3") from {@code srow_x/y/z}, whatever {@code sform_code} says. */
    public Affine sformAffine() {
        return Affine.of(
                srowX[0], srowX[1], srowX[2], srowX[3],
                srowY[0], srowY[1], srowY[2], srowY[3],
                srowZ[0], srowZ[1], srowZ[2], srowZ[3],
                0, 0, 0, 1);
    }

    /**
     * The transform of a file with neither qform nor sform ({@code qform_code = sform_code = 0}): the voxel sizes
     * ({@link #spacing()}) on the diagonal, x flipped (the Analyze convention, radiological storage) and the
     * origin at the volume's centre, as nibabel's {@code get_base_affine} and SPM define it. The NIfTI-1 standard
     * leaves the world position of such a file undefined ("method 1"); the centred one is what the field's Python
     * tools show, so derived volumes written with it overlay the input there (docs/smore.md, "Geometry").
     */
    public Affine pixdimAffine() {
        double[] s = spacing();
        int[] n = spatialDims();
        return Affine.of(-s[0], 0, 0, (n[0] - 1) / 2.0 * s[0],
                0, s[1], 0, -(n[1] - 1) / 2.0 * s[1],
                0, 0, s[2], -(n[2] - 1) / 2.0 * s[2],
                0, 0, 0, 1);
    }

    /** Where a header's voxel-to-world transform comes from; {@link #toString()} is the lower-case name. */
    public enum AffineSource {
        SFORM, QFORM, PIXDIM;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Which transform {@link #affine()} uses: the sform if its code is set, else the qform if its code is, else pixdim. */
    public AffineSource affineSource() {
        if (sformCode > 0) {
            return AffineSource.SFORM;
        }
        return qformCode > 0 ? AffineSource.QFORM : AffineSource.PIXDIM;
    }

    /** The voxel-to-world transform: the sform if {@code sform_code > 0}, else the qform if {@code qform_code > 0}, else {@link #pixdimAffine()}. */
    public Affine affine() {
        return switch (affineSource()) {
            case SFORM -> sformAffine();
            case QFORM -> qformAffine();
            case PIXDIM -> pixdimAffine();
        };
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NiftiHeader h)) {
            return false;
        }
        return version == h.version && byteOrder.equals(h.byteOrder) && gzipped == h.gzipped
                && Arrays.equals(dim, h.dim) && datatypeCode == h.datatypeCode && bitpix == h.bitpix
                && Arrays.equals(pixdim, h.pixdim) && voxOffset == h.voxOffset
                && same(sclSlope, h.sclSlope) && same(sclInter, h.sclInter)
                && qformCode == h.qformCode && sformCode == h.sformCode
                && same(quaternB, h.quaternB) && same(quaternC, h.quaternC) && same(quaternD, h.quaternD)
                && same(qoffsetX, h.qoffsetX) && same(qoffsetY, h.qoffsetY) && same(qoffsetZ, h.qoffsetZ)
                && Arrays.equals(srowX, h.srowX) && Arrays.equals(srowY, h.srowY) && Arrays.equals(srowZ, h.srowZ)
                && xyztUnits == h.xyztUnits && intentCode == h.intentCode
                && same(intentP1, h.intentP1) && same(intentP2, h.intentP2) && same(intentP3, h.intentP3)
                && intentName.equals(h.intentName) && same(calMin, h.calMin) && same(calMax, h.calMax)
                && dimInfo == h.dimInfo && sliceCode == h.sliceCode && sliceStart == h.sliceStart
                && sliceEnd == h.sliceEnd && same(sliceDuration, h.sliceDuration) && same(toffset, h.toffset)
                && descrip.equals(h.descrip) && auxFile.equals(h.auxFile);
    }

    private static boolean same(double a, double b) {
        return Double.compare(a, b) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dim) * 31 + Arrays.hashCode(pixdim) * 17 + datatypeCode + 7 * version;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "NIfTI-%d %s%s dim=%s datatype=%d (%s) bitpix=%d pixdim=%s vox_offset=%d scl=%s/%s "
                        + "qform_code=%d sform_code=%d affine from %s xyzt_units=%d intent=%d descrip='%s'",
                version, byteOrder == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian", gzipped ? " gzip" : "",
                Arrays.toString(dim), datatypeCode, NiftiDatatype.describe(datatypeCode), bitpix,
                Arrays.toString(pixdim), voxOffset, sclSlope, sclInter, qformCode, sformCode, affineSource(),
                xyztUnits, intentCode, descrip);
    }
}
