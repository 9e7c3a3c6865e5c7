package org.espreso.core.volume;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of an image's content (dims, spacing and voxel values): what a checkpoint records so that
 * {@code --resume} refuses to continue a run on another image, whatever its file name.
 */
public final class ContentDigest {
    private ContentDigest() {
    }

    public static String of(Volume v) {
        return of(v.dims(), v.spacing(), v.data());
    }

    public static String of(int[] dims, double[] spacing, float[] data) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        ByteBuffer head = ByteBuffer.allocate(4 * dims.length + 8 * spacing.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int d : dims) {
            head.putInt(d);
        }
        for (double s : spacing) {
            head.putDouble(s);
        }
        md.update(head.array());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            if (!chunk.hasRemaining()) {
                md.update(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putFloat(f);
        }
        md.update(chunk.array(), 0, chunk.position());
        return HexFormat.of().formatHex(md.digest());
    }
}
