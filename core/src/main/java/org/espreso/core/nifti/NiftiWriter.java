package org.espreso.core.nifti;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;

/**
 * Writes a {@link Volume} as a single-file NIfTI-1 or NIfTI-2 image, gzip-compressed when the name ends in
 * {@code .gz} ({@code .nii} and {@code .nii.gz} are the accepted names).
 *
 * <p>Geometry: the volume's affine goes into the sform unchanged and into the qform as the nearest rigid
 * rotation (polar decomposition; qfac = -1 for a negative determinant) with {@code pixdim[1..3]} = the affine's
 * column norms and qoffset = its translation. {@code qform_code}/{@code sform_code} and {@code xyzt_units} are
 * kept from the volume's {@link SpaceCodes}; when both codes are 0 (a file that had no orientation) both are
 * written as 1, since a derived volume's affine is meaningful. {@code vox_offset} is 352 (NIfTI-1) or 544
 * (NIfTI-2), followed by a zero extension flag; {@code descrip} is "espreso".
 *
 * <p>Values: float32 and float64 store the voxels exactly with {@code scl_slope} 1, {@code scl_inter} 0.
 * Integer types store integral values that fit exactly (slope 1, intercept 0, or a whole-number intercept that
 * shifts the range into the type when only the span fits). Any other values are linearly quantised onto the
 * full range of the type with a float32 {@code scl_slope}/{@code scl_inter} (as nibabel does), so each value
 * comes back within half a slope step. NaN and infinite values cannot be stored in an integer type and are
 * refused before anything is written.
 *
 * <p>Writing is atomic ({@link OutputFiles}): a failure leaves no file, and an existing output is refused with
 * {@link OutputFiles.OutputExistsException} unless {@code force}.
 */
public final class NiftiWriter {
    /** Voxels converted per write step. */
    private static final int CHUNK_VOXELS = 1 << 20;
    private static final int GZIP_BUFFER = 1 << 16;
    private static final String DESCRIP = "espreso";

    private NiftiWriter() {
    }

    /**
     * How to encode the file.
     *
     * @param version 1 (348-byte header, int16 dims) or 2 (540-byte header, int64 dims)
     * @param byteOrder byte order of header and voxels
     * @param datatype stored voxel type
     * @param compressionLevel deflate level 1..9 for {@code .nii.gz} (ignored for {@code .nii})
     */
    public record Options(int version, ByteOrder byteOrder, NiftiDatatype datatype, int compressionLevel) {
        /**
         * Deflate level used unless asked otherwise. Measured on Colin27 written as float32: level 1 takes ~0.7 s
         * for 6.0 MB, level 3 ~0.8 s for 5.45 MB, level 6 (zlib's default) ~3.1 s for 5.0 MB.
         */
        public static final int DEFAULT_COMPRESSION = 3;

        public Options {
            if (version != 1 && version != 2) {
                throw new IllegalArgumentException("NIfTI version must be 1 or 2: " + version);
            }
            if (byteOrder == null || datatype == null) {
                throw new IllegalArgumentException("byte order and datatype are required");
            }
            if (compressionLevel < 1 || compressionLevel > 9) {
                throw new IllegalArgumentException("compression level must be 1..9: " + compressionLevel);
            }
        }

        public Options(int version, ByteOrder byteOrder, NiftiDatatype datatype) {
            this(version, byteOrder, datatype, DEFAULT_COMPRESSION);
        }

        /** NIfTI-1, little-endian, float32, deflate level {@value #DEFAULT_COMPRESSION}. */
        public static Options defaults() {
            return new Options(1, ByteOrder.LITTLE_ENDIAN, NiftiDatatype.FLOAT32, DEFAULT_COMPRESSION);
        }

        public Options withVersion(int v) {
            return new Options(v, byteOrder, datatype, compressionLevel);
        }

        public Options withByteOrder(ByteOrder o) {
            return new Options(version, o, datatype, compressionLevel);
        }

        public Options withDatatype(NiftiDatatype t) {
            return new Options(version, byteOrder, t, compressionLevel);
        }

        public Options withCompressionLevel(int level) {
            return new Options(version, byteOrder, datatype, level);
        }
    }

    /** Writes float32, NIfTI-1, little-endian; {@code .nii} or {@code .nii.gz} by the name. */
    public static void write(Volume v, Path file, boolean force) throws IOException {
        write(v, file, force, Options.defaults());
    }

    /** Writes with the given datatype, NIfTI-1, little-endian. */
    public static void write(Volume v, Path file, boolean force, NiftiDatatype type) throws IOException {
        write(v, file, force, Options.defaults().withDatatype(type));
    }

    public static void write(Volume v, Path file, boolean force, Options options) throws IOException {
        write(v, file, force, options, UnaryOperator.identity());
    }

    /** As {@link #write(Volume, Path, boolean, Options)}, with the output stream wrapped (tests inject failures). */
    static void write(Volume v, Path file, boolean force, Options options, UnaryOperator<OutputStream> wrap)
            throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gz = name.endsWith(".nii.gz");
        if (!gz && !name.endsWith(".nii")) {
            throw InvalidInputException.of(file, "output name must end in .nii or .nii.gz");
        }
        OutputFiles.checkWritable(file, force);
        Scaling scaling = Scaling.choose(v, file, options.datatype());
        byte[] header = header(v, file, options, scaling);
        OutputFiles.write(file, force, raw -> {
            OutputStream target = wrap.apply(raw);
            if (gz) {
                final int level = options.compressionLevel();
                try (GZIPOutputStream out = new GZIPOutputStream(target, GZIP_BUFFER) {
                    {
                        def.setLevel(level);
                    }
                }) {
                    writeContent(out, header, v, options, scaling);
                    out.finish();
                }
            } else {
                try (OutputStream out = new BufferedOutputStream(target, GZIP_BUFFER)) {
                    writeContent(out, header, v, options, scaling);
                }
            }
        });
    }

    private static void writeContent(OutputStream out, byte[] header, Volume v, Options o, Scaling sc)
            throws IOException {
        out.write(header);
        NiftiDatatype t = o.datatype();
        float[] data = v.data();
        int chunk = Math.min(CHUNK_VOXELS, data.length);
        ByteBuffer buf = ByteBuffer.allocate(chunk * t.bytes()).order(o.byteOrder());
        short[] shorts = t.bytes() == 2 ? new short[chunk] : null;
        int[] ints = t.bytes() == 4 && t.isInteger() ? new int[chunk] : null;
        double[] doubles = t == NiftiDatatype.FLOAT64 ? new double[chunk] : null;
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            buf.clear();
            switch (t) {
                case FLOAT32 -> buf.asFloatBuffer().put(data, off, n);
                case FLOAT64 -> {
                    for (int i = 0; i < n; i++) {
                        doubles[i] = data[off + i];
                    }
                    buf.asDoubleBuffer().put(doubles, 0, n);
                }
                case UINT8, INT8 -> {
                    byte[] a = buf.array();
                    for (int i = 0; i < n; i++) {
                        a[i] = (byte) sc.quantize(data[off + i]);
                    }
                }
                case INT16, UINT16 -> {
                    for (int i = 0; i < n; i++) {
                        shorts[i] = (short) sc.quantize(data[off + i]);
                    }
                    buf.asShortBuffer().put(shorts, 0, n);
                }
                case INT32, UINT32 -> {
                    for (int i = 0; i < n; i++) {
                        ints[i] = (int) sc.quantize(data[off + i]);
                    }
                    buf.asIntBuffer().put(ints, 0, n);
                }
                default -> throw new IllegalStateException(t.toString());
            }
            out.write(buf.array(), 0, n * t.bytes());
        }
    }

    // ------------------------------------------------------------------------------------------------ scaling

    /** How float voxels map to stored values: stored = rint((v - inter) / slope), clamped to the type. */
    record Scaling(double slope, double inter, double min, double max) {
        static final Scaling IDENTITY = new Scaling(1, 0, Double.NaN, Double.NaN);

        long quantize(float v) {
            double q = Math.rint((v - inter) / slope);
            return (long) Math.max(min, Math.min(max, q));
        }

        static Scaling choose(Volume v, Path file, NiftiDatatype t) {
            if (!t.isInteger()) {
                return IDENTITY;
            }
            float[] d = v.data();
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            boolean integral = true;
            for (int i = 0; i < d.length; i++) {
                float x = d[i];
                if (!Float.isFinite(x)) {
                    throw InvalidInputException.of(file, "voxel " + i + " is " + x + ", which " + t
                            + " cannot store; write float32 instead");
                }
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
                integral &= x == Math.rint(x);
            }
            double tmin = t.minValue(), tmax = t.maxValue();
            if (integral && lo >= tmin && hi <= tmax) {
                return new Scaling(1, 0, tmin, tmax);
            }
            if (integral && hi - lo <= tmax - tmin) {
                double inter = lo - tmin;
                if ((double) (float) inter == inter) {
                    return new Scaling(1, inter, tmin, tmax);
                }
            }
            if (hi == lo) {
                return new Scaling(1, (float) lo, tmin, tmax);
            }
            float slope = (float) ((hi - lo) / (tmax - tmin));
            if (!(slope > 0)) {
                slope = Float.MIN_NORMAL;
            }
            float inter = (float) (lo - tmin * (double) slope);
            return new Scaling(slope, inter, tmin, tmax);
        }
    }

    // ------------------------------------------------------------------------------------------------ header

    /** qform parameters derived from an affine. */
    record Quatern(double b, double c, double d, double qfac, double[] pixdim, double[] offset) {
    }

    /**
     * The qform of an affine, as {@code nifti_mat44_to_quatern} does it: pixdim = column norms, columns
     * normalised, the nearest orthogonal matrix (polar decomposition), qfac = -1 and the third column negated
     * for a negative determinant, then the quaternion with a &ge; 0.
     */
    static Quatern quatern(Affine a) {
        double[] pix = new double[3];
        double[][] r = new double[3][3];
        for (int c = 0; c < 3; c++) {
            pix[c] = a.columnNorm(c);
            for (int row = 0; row < 3; row++) {
                r[row][c] = pix[c] > 0 ? a.get(row, c) / pix[c] : (row == c ? 1 : 0);
            }
        }
        RealMatrix m = MatrixUtils.createRealMatrix(r);
        SingularValueDecomposition svd = new SingularValueDecomposition(m);
        double[][] q = svd.getU().multiply(svd.getVT()).getData();
        double det = q[0][0] * (q[1][1] * q[2][2] - q[1][2] * q[2][1])
                - q[0][1] * (q[1][0] * q[2][2] - q[1][2] * q[2][0])
                + q[0][2] * (q[1][0] * q[2][1] - q[1][1] * q[2][0]);
        double qfac = 1;
        if (det < 0) {
            qfac = -1;
            q[0][2] = -q[0][2];
            q[1][2] = -q[1][2];
            q[2][2] = -q[2][2];
        }
        double r11 = q[0][0], r12 = q[0][1], r13 = q[0][2];
        double r21 = q[1][0], r22 = q[1][1], r23 = q[1][2];
        double r31 = q[2][0], r32 = q[2][1], r33 = q[2][2];
        double qa, qb, qc, qd;
        double s = r11 + r22 + r33 + 1;
        if (s > 0.5) {
            qa = 0.5 * Math.sqrt(s);
            qb = 0.25 * (r32 - r23) / qa;
            qc = 0.25 * (r13 - r31) / qa;
            qd = 0.25 * (r21 - r12) / qa;
        } else {
            double xd = 1 + r11 - (r22 + r33);
            double yd = 1 + r22 - (r11 + r33);
            double zd = 1 + r33 - (r11 + r22);
            if (xd > 1) {
                qb = 0.5 * Math.sqrt(xd);
                qc = 0.25 * (r12 + r21) / qb;
                qd = 0.25 * (r13 + r31) / qb;
                qa = 0.25 * (r32 - r23) / qb;
            } else if (yd > 1) {
                qc = 0.5 * Math.sqrt(yd);
                qb = 0.25 * (r12 + r21) / qc;
                qd = 0.25 * (r23 + r32) / qc;
                qa = 0.25 * (r13 - r31) / qc;
            } else {
                qd = 0.5 * Math.sqrt(zd);
                qb = 0.25 * (r13 + r31) / qd;
                qc = 0.25 * (r23 + r32) / qd;
                qa = 0.25 * (r21 - r12) / qd;
            }
            if (qa < 0) {
                qb = -qb;
                qc = -qc;
                qd = -qd;
            }
        }
        return new Quatern(qb, qc, qd, qfac, pix, new double[] {a.get(0, 3), a.get(1, 3), a.get(2, 3)});
    }

    static byte[] header(Volume v, Path file, Options o, Scaling sc) {
        Affine a = v.affine();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                if (!Double.isFinite(a.get(r, c))) {
                    throw InvalidInputException.of(file, "the affine has a non-finite entry; cannot write it");
                }
            }
        }
        double det = a.get(0, 0) * (a.get(1, 1) * a.get(2, 2) - a.get(1, 2) * a.get(2, 1))
                - a.get(0, 1) * (a.get(1, 0) * a.get(2, 2) - a.get(1, 2) * a.get(2, 0))
                + a.get(0, 2) * (a.get(1, 0) * a.get(2, 1) - a.get(1, 1) * a.get(2, 0));
        if (det == 0) {
            throw InvalidInputException.of(file, "the affine is singular; cannot write it");
        }
        int[] dims = v.dims();
        if (o.version() == 1) {
            for (int i = 0; i < 3; i++) {
                if (dims[i] > Short.MAX_VALUE) {
                    throw InvalidInputException.of(file, "dim[" + (i + 1) + "] = " + dims[i]
                            + " does not fit NIfTI-1's 16-bit dims; write NIfTI-2");
                }
            }
        }
        Quatern q = quatern(a);
        SpaceCodes codes = v.codes();
        int qcode = Math.max(0, codes.qformCode());
        int scode = Math.max(0, codes.sformCode());
        if (qcode == 0 && scode == 0) {
            qcode = 1;
            scode = 1;
        }
        NiftiDatatype t = o.datatype();
        double[] pixdim = {q.qfac(), q.pixdim()[0], q.pixdim()[1], q.pixdim()[2], 1, 1, 1, 1};
        double[][] srow = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = a.get(r, c);
            }
        }
        byte[] descrip = DESCRIP.getBytes(StandardCharsets.US_ASCII);
        if (o.version() == 1) {
            ByteBuffer b = ByteBuffer.allocate(352).order(o.byteOrder());
            b.putInt(0, 348);
            b.put(38, (byte) 'r');
            b.putShort(40, (short) 3);
            for (int i = 0; i < 3; i++) {
                b.putShort(42 + 2 * i, (short) dims[i]);
            }
            for (int i = 4; i < 8; i++) {
                b.putShort(40 + 2 * i, (short) 1);
            }
            b.putShort(70, (short) t.code());
            b.putShort(72, (short) t.bitpix());
            for (int i = 0; i < 8; i++) {
                b.putFloat(76 + 4 * i, (float) pixdim[i]);
            }
            b.putFloat(108, 352f);
            b.putFloat(112, (float) sc.slope());
            b.putFloat(116, (float) sc.inter());
            b.put(123, (byte) codes.xyztUnits());
            b.put(148, descrip);
            b.putShort(252, (short) qcode);
            b.putShort(254, (short) scode);
            b.putFloat(256, (float) q.b());
            b.putFloat(260, (float) q.c());
            b.putFloat(264, (float) q.d());
            for (int i = 0; i < 3; i++) {
                b.putFloat(268 + 4 * i, (float) q.offset()[i]);
            }
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 4; c++) {
                    b.putFloat(280 + 16 * r + 4 * c, (float) srow[r][c]);
                }
            }
            b.put(344, new byte[] {'n', '+', '1', 0});
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(544).order(o.byteOrder());
        b.putInt(0, 540);
        b.put(4, new byte[] {'n', '+', '2', 0, '\r', '\n', 0x1a, '\n'});
        b.putShort(12, (short) t.code());
        b.putShort(14, (short) t.bitpix());
        b.putLong(16, 3);
        for (int i = 0; i < 3; i++) {
            b.putLong(24 + 8 * i, dims[i]);
        }
        for (int i = 4; i < 8; i++) {
            b.putLong(16 + 8 * i, 1);
        }
        for (int i = 0; i < 8; i++) {
            b.putDouble(104 + 8 * i, pixdim[i]);
        }
        b.putLong(168, 544);
        b.putDouble(176, sc.slope());
        b.putDouble(184, sc.inter());
        b.put(240, descrip);
        b.putInt(344, qcode);
        b.putInt(348, scode);
        b.putDouble(352, q.b());
        b.putDouble(360, q.c());
        b.putDouble(368, q.d());
        for (int i = 0; i < 3; i++) {
            b.putDouble(376 + 8 * i, q.offset()[i]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putDouble(400 + 32 * r + 8 * c, srow[r][c]);
            }
        }
        b.putInt(500, codes.xyztUnits());
        return b.array();
    }
}
