package org.espreso.evaluation.metrics;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.espreso.core.TestData;
import org.espreso.core.volume.Volume;

/**
 * Runs scripts/metrics_oracle.py (numpy / scipy / scikit-image under Debian's python) and moves raw arrays
 * between it and the tests: little-endian, x fastest, the Volume layout.
 */
final class Oracle {
    private Oracle() {
    }

    static Path script() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path p = d.resolve("scripts/metrics_oracle.py");
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("scripts/metrics_oracle.py not found above " + dir);
    }

    /** Runs the oracle with the given arguments and returns its JSON answer. */
    static JsonNode run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TestData.PYTHON, script().toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("metrics-oracle", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("oracle timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("oracle failed (" + p.exitValue() + "): " + cmd + "\n" + Files.readString(log));
            }
            // Python's json writes Infinity for an infinite PSNR.
            return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(out);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static ByteBuffer read(Path p) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    }

    static Volume readF32(Path p, int[] dims) throws IOException {
        ByteBuffer b = read(p);
        float[] d = new float[dims[0] * dims[1] * dims[2]];
        if (b.remaining() != 4L * d.length) {
            throw new IllegalStateException(p + " has " + b.remaining() + " bytes, expected " + 4L * d.length);
        }
        b.asFloatBuffer().get(d);
        return Volume.of(dims, new double[] {1, 1, 1}, d);
    }

    static double[] readF64(Path p, int n) throws IOException {
        ByteBuffer b = read(p);
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        return d;
    }

    static Mask readMask(Path p, int[] dims) throws IOException {
        byte[] b = Files.readAllBytes(p);
        boolean[] m = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
            m[i] = b[i] != 0;
        }
        return Mask.of(dims, m);
    }

    static void writeF32(Path p, Volume v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * v.voxelCount()).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v.data());
        Files.write(p, b.array());
    }

    static void writeMask(Path p, Mask m) throws IOException {
        byte[] b = new byte[m.voxelCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (m.contains(i) ? 1 : 0);
        }
        Files.write(p, b);
    }

    static int[] dims(JsonNode j) {
        JsonNode d = j.get("dims");
        return new int[] {d.get(0).asInt(), d.get(1).asInt(), d.get(2).asInt()};
    }
}
