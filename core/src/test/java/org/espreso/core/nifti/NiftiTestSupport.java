package org.espreso.core.nifti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.espreso.core.InvalidInputException;
import org.espreso.core.TestData;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the NIfTI tests: test volumes, byte patching, the nibabel oracle. */
final class NiftiTestSupport {
    private NiftiTestSupport() {
    }

    /** An oblique affine (rotation about all three axes, anisotropic voxels, offset); mirrored if asked. */
    static Affine oblique(boolean mirrored) {
        double ax = 0.3, ay = -0.2, az = 0.5;
        double[][] rx = {{1, 0, 0}, {0, Math.cos(ax), -Math.sin(ax)}, {0, Math.sin(ax), Math.cos(ax)}};
        double[][] ry = {{Math.cos(ay), 0, Math.sin(ay)}, {0, 1, 0}, {-Math.sin(ay), 0, Math.cos(ay)}};
        double[][] rz = {{Math.cos(az), -Math.sin(az), 0}, {Math.sin(az), Math.cos(az), 0}, {0, 0, 1}};
        double[][] r = mul(rz, mul(ry, rx));
        double[] zooms = {0.9, 1.1, mirrored ? -3.0 : 3.0};
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = r[i][j] * zooms[j];
            }
        }
        m[0][3] = -40.5;
        m[1][3] = 12.25;
        m[2][3] = 7;
        m[3][3] = 1;
        return Affine.of(m);
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[] columnNorms(Affine a) {
        return new double[] {a.columnNorm(0), a.columnNorm(1), a.columnNorm(2)};
    }

    /** Random values the type stores exactly, including its extremes (float-representable ones). */
    static float[] valuesFor(NiftiDatatype t, int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n];
        double lo, hi;
        switch (t) {
            case INT32 -> {
                lo = -2147483648.0;
                hi = 2147483520.0;
            }
            case UINT32 -> {
                lo = 0;
                hi = 4294967040.0;
            }
            case FLOAT32, FLOAT64 -> {
                lo = Double.NaN;
                hi = Double.NaN;
            }
            default -> {
                lo = t.minValue();
                hi = t.maxValue();
            }
        }
        for (int i = 0; i < n; i++) {
            if (t.isInteger()) {
                double x = lo + Math.floor(rnd.nextDouble() * (hi - lo + 1));
                v[i] = (float) Math.min(hi, Math.floor(x));
                if ((double) v[i] > hi) {
                    v[i] = (float) hi;
                }
            } else {
                v[i] = (float) (rnd.nextGaussian() * 1000);
            }
        }
        if (t.isInteger()) {
            v[0] = (float) lo;
            v[n - 1] = (float) hi;
        } else {
            v[0] = -Float.MAX_VALUE;
            v[1] = Float.MIN_VALUE;
            v[n - 1] = 1e-30f;
        }
        return v;
    }

    static Volume volume(int nx, int ny, int nz, float[] data, Affine affine, SpaceCodes codes) {
        Volume v = Volume.of(new int[] {nx, ny, nz}, columnNorms(affine), affine, data, codes);
        return v;
    }

    static byte[] readAll(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bo)) {
            out.write(raw);
        }
        return bo.toByteArray();
    }

    /** Header view of raw (uncompressed) NIfTI bytes for patching fields. */
    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Asserts a one-line InvalidInputException that starts with the file name and contains every fragment. */
    static InvalidInputException assertInvalid(Path file, Executable action, String... fragments) {
        InvalidInputException e = assertThrows(InvalidInputException.class, action);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), () -> "message does not start with the file name: " + m);
        assertFalse(m.contains("\n"), () -> "message is not one line: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), () -> "message lacks '" + f + "': " + m);
        }
        return e;
    }

    static void assertAffine(Affine expected, Affine actual, double tol, String what) {
        if (!expected.approxEquals(actual, tol)) {
            fail(what + ": affines differ by more than " + tol + "\nexpected\n" + expected + "\nactual\n" + actual);
        }
    }

    static Affine affine(JsonNode rows) {
        double[] m = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                m[4 * r + c] = rows.get(r).get(c).asDouble();
            }
        }
        return Affine.of(m);
    }

    // ---------------------------------------------------------------------------------------------- oracle

    /** scripts/nifti_oracle.py, found from the working directory upwards. */
    static Path oracleScript() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path p = dir.resolve("scripts/nifti_oracle.py");
            if (Files.isRegularFile(p)) {
                return p;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("scripts/nifti_oracle.py not found above " + Path.of("").toAbsolutePath());
    }

    /** Runs the oracle with Debian's python and returns its JSON output. */
    static JsonNode oracle(Path workDir, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TestData.PYTHON, oracleScript().toString()));
        cmd.addAll(args);
        Path err = Files.createTempFile(workDir, "oracle", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        int rc = p.waitFor();
        if (rc != 0) {
            fail("oracle " + args.get(0) + " failed (" + rc + "): " + Files.readString(err));
        }
        return new ObjectMapper().readTree(out);
    }

    /** The float32 little-endian dump the oracle wrote. */
    static float[] dump(JsonNode info) throws IOException {
        JsonNode d = info.get("dump");
        if (d == null) {
            fail("oracle has no data for " + info.get("file") + ": " + info.get("data_error"));
        }
        byte[] b = Files.readAllBytes(Path.of(d.asText()));
        float[] f = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
        return f;
    }
}
