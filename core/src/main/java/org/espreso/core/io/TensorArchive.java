package org.espreso.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.espreso.core.InvalidInputException;

/**
 * The one on-disk form of trained models and training checkpoints: a folder holding {@value #INDEX} (format, kind,
 * free-form metadata, and the name and shape of every array) and {@value #DATA} (the arrays in that order,
 * little-endian float32). Metadata doubles are written by Jackson in their shortest round-trip form, so values kept
 * there (an EMA profile, a loss log) read back bit for bit. The folder is built beside its target and renamed into
 * place, so a crash never leaves a half-written archive, and an existing one is replaced only once the new one is
 * complete.
 *
 * @param kind   what the archive holds, checked on reading (e.g. {@code "smore-model"})
 * @param meta   metadata (a JSON object)
 * @param arrays named arrays, in the order they are stored
 */
public record TensorArchive(String kind, ObjectNode meta, Map<String, TensorArchive.Array> arrays) {
    public static final String FORMAT = "espreso-archive/1";
    public static final String INDEX = "archive.json";
    public static final String DATA = "arrays.f32";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One float32 array and its shape (row-major). */
    public record Array(long[] shape, float[] values) {
        public Array {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape holds " + n + " values, array has " + values.length);
            }
        }
    }

    public TensorArchive {
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** A new archive of {@code kind} to fill through {@link Builder}. */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /** True when {@code dir} holds an archive (of any kind). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(INDEX));
    }

    /** The array {@code name}; a one-line error naming the archive when it is missing. */
    public Array array(Path dir, String name) {
        Array a = arrays.get(name);
        if (a == null) {
            throw InvalidInputException.of(dir, kind + " lacks the array '" + name + "'");
        }
        return a;
    }

    /** The metadata field {@code key}; a one-line error naming the archive when it is missing. */
    public JsonNode field(Path dir, String key) {
        JsonNode n = meta.get(key);
        if (n == null || n.isNull()) {
            throw InvalidInputException.of(dir, kind + " lacks the field '" + key + "'");
        }
        return n;
    }

    /** Reads a double array stored with {@link Builder#doubles}. */
    public double[] doubles(Path dir, String key) {
        return toDoubles(field(dir, key));
    }

    /** The elements of a JSON array of numbers (NaN and ±Infinity are written as strings). */
    public static double[] toDoubles(JsonNode array) {
        double[] d = new double[array.size()];
        for (int i = 0; i < d.length; i++) {
            JsonNode v = array.get(i);
            d[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
        }
        return d;
    }

    /** Writes the archive as folder {@code dir}, replacing an archive already there only when this one is complete. */
    public void write(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = OutputFiles.temporarySibling(abs);
        Files.createDirectory(tmp); // not Files.createTempDirectory: those are private (0700) whatever the umask
        try {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("kind", kind);
            root.set("meta", meta);
            ArrayNode index = root.putArray("arrays");
            for (var e : arrays.entrySet()) {
                ObjectNode a = index.addObject();
                a.put("name", e.getKey());
                ArrayNode shape = a.putArray("shape");
                for (long d : e.getValue().shape()) {
                    shape.add(d);
                }
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(DATA)), 1 << 16)) {
                for (Array a : arrays.values()) {
                    ByteBuffer bb = ByteBuffer.allocate(4 * a.values().length).order(ByteOrder.LITTLE_ENDIAN);
                    bb.asFloatBuffer().put(a.values());
                    out.write(bb.array());
                }
            }
            // the index last: a folder with an index is complete
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(INDEX).toFile(), root);
            // a folder cannot replace a folder in one rename: the old one steps aside only for the moment of the swap
            Path old = null;
            if (Files.exists(abs)) {
                old = OutputFiles.temporarySibling(abs);
                Files.move(abs, old);
            }
            Files.move(tmp, abs);
            if (old != null) {
                OutputFiles.deleteTree(old);
            }
        } catch (IOException e) {
            OutputFiles.deleteTree(tmp);
            throw OutputFiles.withPath(abs, e);
        } catch (RuntimeException e) {
            OutputFiles.deleteTree(tmp);
            throw e;
        }
    }

    /**
     * Reads the archive in {@code dir}, which must be of {@code kind}. A missing, foreign, truncated or over-long
     * archive gives a one-line {@link InvalidInputException} naming the file.
     */
    public static TensorArchive read(Path dir, String kind) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            throw InvalidInputException.of(dir, "not a " + kind + " (no " + INDEX + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw InvalidInputException.of(index, "unreadable: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw InvalidInputException.of(index, "unknown format '" + root.path("format").asText() + "' (this version reads "
                    + FORMAT + ")");
        }
        if (!kind.equals(root.path("kind").asText())) {
            throw InvalidInputException.of(index, "holds a " + root.path("kind").asText() + ", not a " + kind);
        }
        if (!(root.get("meta") instanceof ObjectNode meta) || !(root.get("arrays") instanceof ArrayNode list)) {
            throw InvalidInputException.of(index, "lacks its metadata or array list");
        }
        Path data = dir.resolve(DATA);
        Map<String, Array> arrays = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(data), 1 << 16)) {
            for (JsonNode a : list) {
                long[] shape = new long[a.path("shape").size()];
                long n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = a.path("shape").get(i).asLong();
                    n *= shape[i];
                }
                if (n < 0 || n > Integer.MAX_VALUE / 4) {
                    throw InvalidInputException.of(index, "array '" + a.path("name").asText() + "' has a bad shape");
                }
                byte[] b = in.readNBytes((int) (4 * n));
                if (b.length != 4 * n) {
                    throw InvalidInputException.of(data, "truncated (array '" + a.path("name").asText() + "' is incomplete)");
                }
                float[] v = new float[(int) n];
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                arrays.put(a.path("name").asText(), new Array(shape, v));
            }
            if (in.read() != -1) {
                throw InvalidInputException.of(data, "longer than the arrays its index lists");
            }
        } catch (IOException e) {
            throw InvalidInputException.of(data, "unreadable: " + OutputFiles.reason(e), e);
        }
        return new TensorArchive(kind, meta, arrays);
    }

    /** Collects metadata and arrays for a new archive. */
    public static final class Builder {
        private final String kind;
        private final ObjectNode meta = JSON.createObjectNode();
        private final Map<String, Array> arrays = new LinkedHashMap<>();

        private Builder(String kind) {
            this.kind = kind;
        }

        /** The metadata object, to put fields in. */
        public ObjectNode meta() {
            return meta;
        }

        /** Stores a double array in the metadata (exact round trip). */
        public Builder doubles(String key, double[] values) {
            ArrayNode a = meta.putArray(key);
            for (double v : values) {
                a.add(v);
            }
            return this;
        }

        public Builder array(String name, long[] shape, float[] values) {
            if (arrays.put(name, new Array(shape.clone(), values)) != null) {
                throw new IllegalArgumentException("array '" + name + "' added twice");
            }
            return this;
        }

        /** A 1-D array. */
        public Builder array(String name, float[] values) {
            return array(name, new long[] {values.length}, values);
        }

        public TensorArchive build() {
            return new TensorArchive(kind, meta.deepCopy(), arrays);
        }
    }
}
