package org.espreso.core.profile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.espreso.core.InvalidInputException;

/**
 * 1-D NumPy {@code .npy} arrays, so profiles move between this toolkit and Python tools. Writes format 1.0,
 * little-endian float32 (what SMORE-style tools load as a blur kernel); reads formats 1.0-3.0, float32/float64,
 * either byte order, C or Fortran order of a 1-D (or 1×N / N×1) array.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fi])(\\d)'");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Encodes {@code values} as a float32 .npy (format 1.0, '<f4', 1-D). */
    public static byte[] toBytes(double[] values) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double v : values) {
            b.putFloat((float) v);
        }
        return b.array();
    }

    public static void write(OutputStream out, double[] values) throws IOException {
        out.write(toBytes(values));
    }

    public static double[] read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw InvalidInputException.of(file, "no such file");
        } catch (IOException e) {
            throw InvalidInputException.of(file, "cannot read: " + e.getMessage());
        }
        return parse(file, all);
    }

    static double[] parse(Path file, byte[] all) {
        if (all.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(all, 6), MAGIC)) {
            throw InvalidInputException.of(file, "not a .npy file (bad magic)");
        }
        int major = all[6];
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(b.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (all.length < 12) {
                throw InvalidInputException.of(file, "truncated .npy header");
            }
            headerLen = b.getInt(8);
            start = 12;
        } else {
            throw InvalidInputException.of(file, "unsupported .npy format version " + major);
        }
        if (headerLen < 0 || start + headerLen > all.length) {
            throw InvalidInputException.of(file, "truncated .npy header");
        }
        String header = new String(all, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw InvalidInputException.of(file, "cannot parse the .npy header: " + header.trim());
        }
        if (!d.group(2).equals("f") || !(d.group(3).equals("4") || d.group(3).equals("8"))) {
            throw InvalidInputException.of(file, "dtype " + d.group(1) + d.group(2) + d.group(3) + " is not supported (float32 or float64 only)");
        }
        long n = 1;
        int nonUnit = 0;
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                long e = Long.parseLong(part.trim());
                n *= e;
                if (e != 1) {
                    nonUnit++;
                }
            }
        }
        if (nonUnit > 1) {
            throw InvalidInputException.of(file, "shape (" + s.group(1).trim() + ") is not 1-D; a profile is a 1-D array");
        }
        int width = Integer.parseInt(d.group(3));
        int dataStart = start + headerLen;
        if (n < 1) {
            throw InvalidInputException.of(file, "is empty (shape (" + s.group(1).trim() + ")): a profile needs at least one tap");
        }
        if ((long) dataStart + n * width > all.length) {
            throw InvalidInputException.of(file, "holds " + (all.length - dataStart) + " data bytes, shape needs " + n * width);
        }
        ByteBuffer data = ByteBuffer.wrap(all, dataStart, (int) (n * width))
                .order(d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) n];
        for (int i = 0; i < n; i++) {
            out[i] = width == 4 ? data.getFloat() : data.getDouble();
        }
        return out;
    }
}
