package org.espreso.core.nifti;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.espreso.core.InvalidInputException;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;

/**
 * Reads single-file NIfTI-1 ({@code n+1}) and NIfTI-2 ({@code n+2}) images, plain or gzip-compressed (detected
 * from the first bytes, whatever the name), in either byte order (detected from {@code sizeof_hdr}).
 *
 * <p>Voxels are returned as float32 with {@code scl_slope}/{@code scl_inter} applied (a slope of 0 or a
 * non-finite slope means no scaling, per the standard). The header is validated before anything large is
 * allocated: a header that lies about its size fails with a one-line {@link InvalidInputException} naming the
 * file and the field, never with an {@link OutOfMemoryError}. Compressed data is inflated in bounded chunks, so
 * memory grows only with the data actually present.
 *
 * <p>Two-file {@code .hdr/.img} pairs ({@code ni1}/{@code ni2} magic), Analyze 7.5, images with more than four
 * dimensions (vector/CIFTI data) and complex, RGB and 64-bit integer datatypes are refused by name.
 */
public final class NiftiReader {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Bytes per read/convert step of an uncompressed file. */
    private static final int PLAIN_CHUNK = 1 << 22;
    /** Bytes per inflated chunk of a compressed file (a multiple of every voxel size). */
    private static final int GZIP_CHUNK = 1 << 23;
    private static final int GZIP_BUFFER = 1 << 16;

    private NiftiReader() {
    }

    /**
     * Reads a 3-D image. A 4-D image with one volume is accepted; one with more is refused with
     * {@code "<file>: 4-D image with N volumes; choose one with --volume INDEX"}.
     */
    public static Volume read(Path file) {
        try (Source src = Source.open(file)) {
            int n = src.header.volumeCount();
            if (n > 1) {
                throw InvalidInputException.of(file, "4-D image with " + n + " volumes; choose one with --volume INDEX");
            }
            return src.readVolume(0);
        }
    }

    /** Reads volume {@code volumeIndex} (0-based) of a 4-D image; index 0 of a 3-D image is the image itself. */
    public static Volume read(Path file, int volumeIndex) {
        try (Source src = Source.open(file)) {
            int n = src.header.volumeCount();
            if (volumeIndex < 0 || volumeIndex >= n) {
                throw InvalidInputException.of(file, "volume index " + volumeIndex + " is out of range: the image has "
                        + n + (n == 1 ? " volume (index 0)" : " volumes (0.." + (n - 1) + ")"));
            }
            return src.readVolume(volumeIndex);
        }
    }

    /** Reads and validates the header only (for a compressed file, only the header bytes are inflated). */
    public static NiftiHeader readHeader(Path file) {
        try (Source src = Source.open(file)) {
            return src.header;
        }
    }

    // ------------------------------------------------------------------------------------------------ source

    /** An open file positioned just after the header. */
    private static final class Source implements Closeable {
        final Path file;
        final FileChannel channel;
        final long fileSize;
        final InputStream gzip;
        /** Decompressed bytes consumed from {@link #gzip}. */
        long consumed;
        NiftiHeader header;

        private Source(Path file, FileChannel channel, long fileSize, InputStream gzip) {
            this.file = file;
            this.channel = channel;
            this.fileSize = fileSize;
            this.gzip = gzip;
        }

        static Source open(Path file) {
            if (Files.isDirectory(file)) {
                throw InvalidInputException.of(file, "is a directory, not a NIfTI file");
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                throw InvalidInputException.of(file, "no such file");
            } catch (AccessDeniedException e) {
                throw InvalidInputException.of(file, "cannot be read: permission denied");
            } catch (IOException e) {
                throw InvalidInputException.of(file, "cannot be opened: " + e.getMessage(), e);
            }
            Source src = null;
            try {
                long size = ch.size();
                ByteBuffer magic = ByteBuffer.allocate(2);
                while (magic.hasRemaining() && ch.read(magic, magic.position()) > 0) {
                    // read the first two bytes
                }
                boolean gz = magic.position() == 2 && magic.get(0) == (byte) 0x1f && magic.get(1) == (byte) 0x8b;
                InputStream in = null;
                if (gz) {
                    try {
                        in = new GZIPInputStream(Channels.newInputStream(ch.position(0)), GZIP_BUFFER);
                    } catch (EOFException e) {
                        throw InvalidInputException.of(file, "truncated gzip stream: the file ends inside the gzip header");
                    } catch (ZipException e) {
                        throw InvalidInputException.of(file, "corrupt gzip stream: " + e.getMessage());
                    }
                }
                src = new Source(file, ch, size, in);
                src.header = src.readAndCheckHeader();
                return src;
            } catch (IOException e) {
                closeQuietly(src, ch);
                throw InvalidInputException.of(file, "read error: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                closeQuietly(src, ch);
                throw e;
            }
        }

        private static void closeQuietly(Source src, FileChannel ch) {
            try {
                if (src != null) {
                    src.close();
                } else {
                    ch.close();
                }
            } catch (IOException | RuntimeException e) {
                // already failing
            }
        }

        @Override
        public void close() {
            try {
                if (gzip != null) {
                    gzip.close();
                }
                channel.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
        }

        /** Reads up to {@code len} bytes at the current (decompressed) position; fewer only at end of data. */
        private int readUpTo(byte[] b, int off, int len, long plainPosition) throws IOException {
            int got = 0;
            if (gzip != null) {
                try {
                    while (got < len) {
                        int r = gzip.read(b, off + got, len - got);
                        if (r < 0) {
                            break;
                        }
                        got += r;
                    }
                } catch (EOFException e) {
                    consumed += got;
                    throw new TruncatedGzip(consumed);
                } catch (ZipException e) {
                    throw InvalidInputException.of(file, "corrupt gzip stream after " + (consumed + got)
                            + " decompressed bytes: " + e.getMessage());
                }
                consumed += got;
            } else {
                ByteBuffer bb = ByteBuffer.wrap(b, off, len);
                while (bb.hasRemaining()) {
                    int r = channel.read(bb, plainPosition + got);
                    if (r < 0) {
                        break;
                    }
                    got += r;
                }
            }
            return got;
        }

        private NiftiHeader readAndCheckHeader() throws IOException {
            byte[] hdr = new byte[NiftiHeader.NIFTI2_HEADER_SIZE];
            int got;
            try {
                got = readUpTo(hdr, 0, 4, 0);
            } catch (TruncatedGzip e) {
                throw InvalidInputException.of(file, "truncated gzip stream: it ends before the NIfTI header");
            }
            if (got < 4) {
                throw InvalidInputException.of(file, (gzip != null ? "decompressed data is " : "file is ") + got
                        + " bytes long, too short to be NIfTI (a header is 348 or 540 bytes)");
            }
            int le = ByteBuffer.wrap(hdr, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            int be = ByteBuffer.wrap(hdr, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
            ByteOrder order;
            int size;
            if (le == NiftiHeader.NIFTI1_HEADER_SIZE || le == NiftiHeader.NIFTI2_HEADER_SIZE) {
                order = ByteOrder.LITTLE_ENDIAN;
                size = le;
            } else if (be == NiftiHeader.NIFTI1_HEADER_SIZE || be == NiftiHeader.NIFTI2_HEADER_SIZE) {
                order = ByteOrder.BIG_ENDIAN;
                size = be;
            } else {
                throw InvalidInputException.of(file, "not a NIfTI file: sizeof_hdr is " + le + " (little-endian) or "
                        + be + " (big-endian), expected 348 (NIfTI-1) or 540 (NIfTI-2)");
            }
            int version = size == NiftiHeader.NIFTI1_HEADER_SIZE ? 1 : 2;
            try {
                got += readUpTo(hdr, 4, size - 4, 4);
            } catch (TruncatedGzip e) {
                throw InvalidInputException.of(file, "truncated gzip stream: it ends inside the NIfTI-" + version
                        + " header, after " + e.consumed + " of " + size + " bytes");
            }
            if (got < size) {
                throw InvalidInputException.of(file, "file ends inside the NIfTI-" + version + " header: "
                        + got + " of " + size + " bytes");
            }
            ByteBuffer bb = ByteBuffer.wrap(hdr, 0, size).order(order);
            checkMagic(bb, version);
            if (version == 1) {
                float vo = bb.getFloat(108);
                if (!(vo >= 0 && vo < 1e15 && vo == Math.rint(vo))) {
                    throw InvalidInputException.of(file, "vox_offset is " + vo + "; it must be a whole number of bytes");
                }
            }
            NiftiHeader h = version == 1 ? parse1(bb, gzip != null) : parse2(bb, gzip != null);
            validate(h);
            return h;
        }

        private void checkMagic(ByteBuffer bb, int version) {
            int at = version == 1 ? 344 : 4;
            byte[] m = new byte[version == 1 ? 4 : 8];
            bb.get(at, m);
            String single = version == 1 ? "n+1" : "n+2";
            String pair = version == 1 ? "ni1" : "ni2";
            String head = new String(m, 0, 3, StandardCharsets.ISO_8859_1);
            if (m[3] == 0 && head.equals(pair)) {
                throw InvalidInputException.of(file, "magic is '" + pair + "' (a two-file .hdr/.img NIfTI-" + version
                        + " pair), which is not supported; convert it to a single .nii or .nii.gz file");
            }
            if (m[3] != 0 || !head.equals(single)) {
                String hint = version == 1 && m[0] == 0 ? " (an Analyze 7.5 header? it is not supported)" : "";
                throw InvalidInputException.of(file, "bad magic '" + printable(m) + "' (expected '" + single
                        + "' for a single-file NIfTI-" + version + ")" + hint);
            }
            if (version == 2 && (m[4] != '\r' || m[5] != '\n' || m[6] != 0x1a || m[7] != '\n')) {
                throw InvalidInputException.of(file, "magic 'n+2' is followed by '" + printable(new byte[] {m[4], m[5],
                        m[6], m[7]}) + "' instead of \\r\\n\\032\\n: the file was corrupted (e.g. by a text-mode transfer)");
            }
        }

        private void validate(NiftiHeader h) {
            long[] dim = h.dim();
            if (dim[0] < 1 || dim[0] > 7) {
                throw InvalidInputException.of(file, "dim[0] is " + dim[0] + "; the number of dimensions must be 1..7");
            }
            for (int i = 1; i <= dim[0]; i++) {
                if (dim[i] < 1) {
                    throw InvalidInputException.of(file, "dim[" + i + "] is " + dim[i] + "; every dimension must be at least 1");
                }
            }
            for (int i = 5; i <= dim[0]; i++) {
                if (dim[i] > 1) {
                    String what = h.intentCode() >= 3000 && h.intentCode() < 3100
                            ? "a CIFTI-2 file (intent_code " + h.intentCode() + ")"
                            : "a " + dim[0] + "-D image (intent_code " + h.intentCode() + ")";
                    throw InvalidInputException.of(file, "dim[" + i + "] is " + dim[i] + ": " + what
                            + "; only 3-D images and 4-D series of 3-D volumes are supported");
                }
            }
            NiftiDatatype type = NiftiDatatype.fromCodeOrNull(h.datatypeCode());
            if (type == null) {
                throw InvalidInputException.of(file, NiftiDatatype.unsupportedMessage(h.datatypeCode()));
            }
            if (h.bitpix() != type.bitpix()) {
                throw InvalidInputException.of(file, "bitpix is " + h.bitpix() + " but datatype " + type.code() + " ("
                        + type + ") has " + type.bitpix() + " bits per voxel");
            }
            long nvox;
            try {
                nvox = Math.multiplyExact(Math.multiplyExact(h.extent(1), h.extent(2)), h.extent(3));
            } catch (ArithmeticException e) {
                nvox = Long.MAX_VALUE;
            }
            if (nvox > MAX_ARRAY) {
                throw InvalidInputException.of(file, String.format(Locale.ROOT,
                        "dim %d×%d×%d is %s voxels per volume, more than the %d a Java array can hold",
                        h.extent(1), h.extent(2), h.extent(3),
                        nvox == Long.MAX_VALUE ? "over 2^63" : Long.toString(nvox), MAX_ARRAY));
            }
            if (h.extent(4) > Integer.MAX_VALUE) {
                throw InvalidInputException.of(file, "dim[4] is " + h.extent(4) + " volumes, more than "
                        + Integer.MAX_VALUE);
            }
            if (h.voxOffset() < h.headerSize()) {
                throw InvalidInputException.of(file, "vox_offset is " + h.voxOffset() + ", inside the "
                        + h.headerSize() + "-byte NIfTI-" + h.version() + " header");
            }
            long dataBytes;
            try {
                dataBytes = Math.multiplyExact(Math.multiplyExact(nvox, h.extent(4)), (long) type.bytes());
                Math.addExact(dataBytes, h.voxOffset());
            } catch (ArithmeticException e) {
                throw InvalidInputException.of(file, "dim " + dimString(dim) + " claims more than 2^63 bytes of voxel data");
            }
            if (gzip == null && fileSize - h.voxOffset() < dataBytes) {
                throw InvalidInputException.of(file, "header says " + dataBytes + " bytes of voxel data (dim "
                        + dimString(dim) + ", " + type + ") after offset " + h.voxOffset() + " but file has only "
                        + Math.max(0, fileSize - h.voxOffset()) + " (file size " + fileSize + ")");
            }
            double[] pixdim = h.pixdim();
            for (int i = 1; i <= 3; i++) {
                if (h.extent(i) > 1 && (!Double.isFinite(pixdim[i]) || pixdim[i] == 0)) {
                    throw InvalidInputException.of(file, "pixdim[" + i + "] is " + pixdim[i] + " but dim[" + i + "] is "
                            + h.extent(i) + "; voxel sizes must be finite and non-zero");
                }
            }
            switch (h.affineSource()) {
                case SFORM -> {
                    double[][] rows = {h.srowX(), h.srowY(), h.srowZ()};
                    String[] names = {"srow_x", "srow_y", "srow_z"};
                    for (int r = 0; r < 3; r++) {
                        for (double v : rows[r]) {
                            if (!Double.isFinite(v)) {
                                throw InvalidInputException.of(file, names[r] + " contains " + v + " (sform_code is "
                                        + h.sformCode() + ")");
                            }
                        }
                    }
                    if (det3(h.sformAffine()) == 0) {
                        throw InvalidInputException.of(file, "the sform (srow_x/y/z) is singular although sform_code is "
                                + h.sformCode());
                    }
                }
                case QFORM -> {
                    double[] q = {h.quaternB(), h.quaternC(), h.quaternD(), h.qoffsetX(), h.qoffsetY(), h.qoffsetZ()};
                    String[] names = {"quatern_b", "quatern_c", "quatern_d", "qoffset_x", "qoffset_y", "qoffset_z"};
                    for (int i = 0; i < q.length; i++) {
                        if (!Double.isFinite(q[i])) {
                            throw InvalidInputException.of(file, names[i] + " is " + q[i] + " (qform_code is "
                                    + h.qformCode() + ")");
                        }
                    }
                }
                default -> {
                }
            }
        }

        // -------------------------------------------------------------------------------------------- data

        Volume readVolume(int index) {
            NiftiHeader h = header;
            NiftiDatatype type = h.datatype();
            int nvox = (int) h.voxelsPerVolume();
            long volBytes = h.bytesPerVolume();
            long start = h.voxOffset() + index * volBytes;
            Converter conv = new Converter(type, h.byteOrder(), h.effectiveSlope(), h.effectiveIntercept());
            float[] data;
            try {
                data = gzip == null ? readPlain(start, nvox, conv) : readGzip(start, nvox, conv, index == h.volumeCount() - 1);
            } catch (TruncatedGzip e) {
                long total = h.voxOffset() + h.volumeCount() * volBytes;
                throw InvalidInputException.of(file, "truncated gzip stream: it ends after " + e.consumed
                        + " decompressed bytes but the header needs " + total + " (vox_offset " + h.voxOffset()
                        + " + " + (total - h.voxOffset()) + " bytes of voxel data)");
            } catch (IOException e) {
                throw InvalidInputException.of(file, "read error: " + e.getMessage(), e);
            }
            SpaceCodes codes = new SpaceCodes(h.qformCode(), h.sformCode(), h.xyztUnits(), h.datatypeCode());
            Affine affine = h.affine();
            return Volume.of(h.spatialDims(), h.spacing(), affine, data, codes);
        }

        private float[] readPlain(long start, int nvox, Converter conv) throws IOException {
            float[] data = new float[nvox];
            int bytes = conv.type.bytes();
            int perChunk = PLAIN_CHUNK / bytes;
            ByteBuffer buf = ByteBuffer.allocate(Math.min(nvox, perChunk) * bytes);
            long pos = start;
            for (int done = 0; done < nvox; ) {
                int n = Math.min(perChunk, nvox - done);
                buf.clear().limit(n * bytes);
                while (buf.hasRemaining()) {
                    int r = channel.read(buf, pos + buf.position());
                    if (r < 0) {
                        throw InvalidInputException.of(file, "file ends at byte " + (pos + buf.position())
                                + " inside the voxel data (it shrank while being read?)");
                    }
                }
                buf.flip();
                conv.convert(buf, data, done, n);
                pos += (long) n * bytes;
                done += n;
            }
            return data;
        }

        private float[] readGzip(long start, int nvox, Converter conv, boolean last) throws IOException {
            skipTo(start);
            int bytes = conv.type.bytes();
            long remaining = (long) nvox * bytes;
            List<byte[]> chunks = new ArrayList<>();
            while (remaining > 0) {
                int n = (int) Math.min(GZIP_CHUNK, remaining);
                byte[] chunk = new byte[n];
                int got = readUpTo(chunk, 0, n, -1);
                if (got < n) {
                    throw InvalidInputException.of(file, "header says " + header.volumeCount() * header.bytesPerVolume()
                            + " bytes of voxel data after offset " + header.voxOffset() + " but the decompressed "
                            + "stream has only " + Math.max(0, consumed - header.voxOffset()));
                }
                chunks.add(chunk);
                remaining -= n;
            }
            if (last) {
                drain();
            }
            float[] data = new float[nvox];
            int done = 0;
            for (byte[] chunk : chunks) {
                int n = chunk.length / bytes;
                conv.convert(ByteBuffer.wrap(chunk), data, done, n);
                done += n;
            }
            return data;
        }

        /** Inflates and discards bytes up to decompressed offset {@code target}. */
        private void skipTo(long target) throws IOException {
            byte[] scratch = null;
            while (consumed < target) {
                if (scratch == null) {
                    scratch = new byte[(int) Math.min(GZIP_CHUNK, target - consumed)];
                }
                int n = (int) Math.min(scratch.length, target - consumed);
                if (readUpTo(scratch, 0, n, -1) < n) {
                    throw InvalidInputException.of(file, "decompressed stream ends at byte " + consumed
                            + ", before the voxel data it needs at offset " + target);
                }
            }
        }

        /** Reads to the end of the gzip stream so that its CRC and length trailer are checked. */
        private void drain() throws IOException {
            byte[] scratch = new byte[8192];
            while (readUpTo(scratch, 0, scratch.length, -1) == scratch.length) {
                // trailing bytes (extensions after the data, padding) are ignored
            }
        }
    }

    /** Signals EOF inside the gzip stream; turned into a message by the caller, which knows the context. */
    private static final class TruncatedGzip extends IOException {
        final long consumed;

        TruncatedGzip(long consumed) {
            super(null, null);
            this.consumed = consumed;
        }
    }

    // ------------------------------------------------------------------------------------------------ parsing

    private static NiftiHeader parse1(ByteBuffer b, boolean gz) {
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        double voxOffsetF = b.getFloat(108);
        long voxOffset = Double.isFinite(voxOffsetF) && voxOffsetF == Math.rint(voxOffsetF) && voxOffsetF < 1e15
                ? (long) voxOffsetF : -1;
        return new NiftiHeader(1, b.order(), gz, dim, b.getShort(70), b.getShort(72), pixdim, voxOffset,
                b.getFloat(112), b.getFloat(116), b.getShort(252), b.getShort(254),
                b.getFloat(256), b.getFloat(260), b.getFloat(264), b.getFloat(268), b.getFloat(272), b.getFloat(276),
                floats(b, 280), floats(b, 296), floats(b, 312), b.get(123) & 0xff, b.getShort(68),
                b.getFloat(56), b.getFloat(60), b.getFloat(64), string(b, 328, 16),
                b.getFloat(128), b.getFloat(124), b.get(39) & 0xff, b.get(122) & 0xff, b.getShort(74), b.getShort(120),
                b.getFloat(132), b.getFloat(136), string(b, 148, 80), string(b, 228, 24));
    }

    private static NiftiHeader parse2(ByteBuffer b, boolean gz) {
        long[] dim = new long[8];
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getLong(16 + 8 * i);
            pixdim[i] = b.getDouble(104 + 8 * i);
        }
        return new NiftiHeader(2, b.order(), gz, dim, b.getShort(12), b.getShort(14), pixdim, b.getLong(168),
                b.getDouble(176), b.getDouble(184), b.getInt(344), b.getInt(348),
                b.getDouble(352), b.getDouble(360), b.getDouble(368), b.getDouble(376), b.getDouble(384),
                b.getDouble(392), doubles(b, 400), doubles(b, 432), doubles(b, 464), b.getInt(500), b.getInt(504),
                b.getDouble(80), b.getDouble(88), b.getDouble(96), string(b, 508, 16),
                b.getDouble(200), b.getDouble(192), b.get(524) & 0xff, b.getInt(496), b.getLong(224), b.getLong(232),
                b.getDouble(208), b.getDouble(216), string(b, 240, 80), string(b, 320, 24));
    }

    private static double[] floats(ByteBuffer b, int at) {
        return new double[] {b.getFloat(at), b.getFloat(at + 4), b.getFloat(at + 8), b.getFloat(at + 12)};
    }

    private static double[] doubles(ByteBuffer b, int at) {
        return new double[] {b.getDouble(at), b.getDouble(at + 8), b.getDouble(at + 16), b.getDouble(at + 24)};
    }

    private static String string(ByteBuffer b, int at, int len) {
        int n = 0;
        while (n < len && b.get(at + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] m) {
        StringBuilder sb = new StringBuilder();
        for (byte x : m) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02x", c));
            }
        }
        return sb.toString();
    }

    private static String dimString(long[] dim) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= dim[0] && i < 8; i++) {
            sb.append(i > 1 ? "×" : "").append(dim[i]);
        }
        return sb.toString();
    }

    private static double det3(Affine a) {
        return a.get(0, 0) * (a.get(1, 1) * a.get(2, 2) - a.get(1, 2) * a.get(2, 1))
                - a.get(0, 1) * (a.get(1, 0) * a.get(2, 2) - a.get(1, 2) * a.get(2, 0))
                + a.get(0, 2) * (a.get(1, 0) * a.get(2, 1) - a.get(1, 1) * a.get(2, 0));
    }

    // ------------------------------------------------------------------------------------------------ conversion

    /** Bulk conversion of stored voxels to float32, through typed buffer views into reused scratch arrays. */
    static final class Converter {
        final NiftiDatatype type;
        final ByteOrder order;
        final double slope;
        final double inter;
        final boolean scaled;
        private short[] shorts;
        private int[] ints;
        private double[] doubles;

        Converter(NiftiDatatype type, ByteOrder order, double slope, double inter) {
            this.type = type;
            this.order = order;
            this.slope = slope;
            this.inter = inter;
            this.scaled = slope != 1 || inter != 0;
        }

        /** Converts {@code n} voxels from {@code src} (position 0, heap buffer) into {@code dst[off..]}. */
        void convert(ByteBuffer src, float[] dst, int off, int n) {
            src.order(order);
            final double s = slope, c = inter;
            switch (type) {
                case UINT8, INT8 -> {
                    byte[] a = src.array();
                    int base = src.arrayOffset() + src.position();
                    boolean unsigned = type == NiftiDatatype.UINT8;
                    if (!scaled) {
                        if (unsigned) {
                            for (int i = 0; i < n; i++) {
                                dst[off + i] = a[base + i] & 0xff;
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                dst[off + i] = a[base + i];
                            }
                        }
                    } else if (unsigned) {
                        for (int i = 0; i < n; i++) {
                            dst[off + i] = (float) ((a[base + i] & 0xff) * s + c);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            dst[off + i] = (float) (a[base + i] * s + c);
                        }
                    }
                }
                case INT16, UINT16 -> {
                    short[] t = shorts(n);
                    src.asShortBuffer().get(t, 0, n);
                    boolean unsigned = type == NiftiDatatype.UINT16;
                    if (!scaled) {
                        if (unsigned) {
                            for (int i = 0; i < n; i++) {
                                dst[off + i] = t[i] & 0xffff;
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                dst[off + i] = t[i];
                            }
                        }
                    } else if (unsigned) {
                        for (int i = 0; i < n; i++) {
                            dst[off + i] = (float) ((t[i] & 0xffff) * s + c);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            dst[off + i] = (float) (t[i] * s + c);
                        }
                    }
                }
                case INT32, UINT32 -> {
                    int[] t = ints(n);
                    src.asIntBuffer().get(t, 0, n);
                    boolean unsigned = type == NiftiDatatype.UINT32;
                    if (unsigned) {
                        for (int i = 0; i < n; i++) {
                            dst[off + i] = (float) ((t[i] & 0xffffffffL) * s + c);
                        }
                    } else {
                        for (int i = 0; i < n; i++) {
                            dst[off + i] = (float) (t[i] * s + c);
                        }
                    }
                }
                case FLOAT32 -> {
                    src.asFloatBuffer().get(dst, off, n);
                    if (scaled) {
                        for (int i = off; i < off + n; i++) {
                            dst[i] = (float) (dst[i] * s + c);
                        }
                    }
                }
                case FLOAT64 -> {
                    double[] t = doubles(n);
                    src.asDoubleBuffer().get(t, 0, n);
                    for (int i = 0; i < n; i++) {
                        dst[off + i] = (float) (t[i] * s + c);
                    }
                }
                default -> throw new IllegalStateException(type.toString());
            }
        }

        private short[] shorts(int n) {
            if (shorts == null || shorts.length < n) {
                shorts = new short[n];
            }
            return shorts;
        }

        private int[] ints(int n) {
            if (ints == null || ints.length < n) {
                ints = new int[n];
            }
            return ints;
        }

        private double[] doubles(int n) {
            if (doubles == null || doubles.length < n) {
                doubles = new double[n];
            }
            return doubles;
        }
    }
}
