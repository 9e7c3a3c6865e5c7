package org.espreso.estimator.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.espreso.core.io.OutputFiles;

/**
 * The whole training state after {@code step} optimiser steps: model arrays, both optimisers, the EMA, the
 * sampling RNG and the loss log, so that a resumed run continues bit-for-bit. A private binary format
 * (gzip'd DataOutput); the configuration is stored as text and, with the input's content digest, must match on
 * resume.
 */
public record Checkpoint(String configText, String inputDigest, int step, long rngState, double[] ema, List<double[]> rows,
                         List<double[]> snapshots, double[] schedule, Map<String, float[]> model, OptState gen, OptState disc) {

    public static final String FILE = "latest.ckpt";
    private static final String MAGIC = "ESPRESO-CKPT-3";

    /** Adam state. */
    public record OptState(int step, float[][] m, float[][] v) {
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        OutputFiles.write(dir.resolve(FILE), true, os -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os)));
            out.writeUTF(MAGIC);
            writeString(out, configText);
            writeString(out, inputDigest);
            out.writeInt(step);
            out.writeLong(rngState);
            writeDoubles(out, ema == null ? new double[0] : ema);
            out.writeInt(rows.size());
            for (double[] r : rows) {
                writeDoubles(out, r);
            }
            out.writeInt(snapshots.size());
            for (double[] r : snapshots) {
                writeDoubles(out, r);
            }
            writeDoubles(out, schedule);
            out.writeInt(model.size());
            for (var e : model.entrySet()) {
                out.writeUTF(e.getKey());
                writeFloats(out, e.getValue());
            }
            writeOpt(out, gen);
            writeOpt(out, disc);
            out.flush();
            out.close();
        });
    }

    public static Checkpoint read(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(
                Files.newInputStream(dir.resolve(FILE)))))) {
            String magic = in.readUTF();
            if (magic.startsWith("ESPRESO-CKPT-") && !MAGIC.equals(magic)) {
                throw new IOException("checkpoint written by another version of espreso (" + magic + "); start again without --resume");
            }
            if (!MAGIC.equals(magic)) {
                throw new IOException("not an ESPRESO checkpoint");
            }
            String cfg = readString(in);
            String digest = readString(in);
            int step = in.readInt();
            long rng = in.readLong();
            double[] ema = readDoubles(in);
            int nr = in.readInt();
            List<double[]> rows = new ArrayList<>(nr);
            for (int i = 0; i < nr; i++) {
                rows.add(readDoubles(in));
            }
            int ns = in.readInt();
            List<double[]> snaps = new ArrayList<>(ns);
            for (int i = 0; i < ns; i++) {
                snaps.add(readDoubles(in));
            }
            double[] schedule = readDoubles(in);
            int nm = in.readInt();
            Map<String, float[]> model = new LinkedHashMap<>();
            for (int i = 0; i < nm; i++) {
                String k = in.readUTF();
                model.put(k, readFloats(in));
            }
            OptState g = readOpt(in), d = readOpt(in);
            return new Checkpoint(cfg, digest, step, rng, ema.length == 0 ? null : ema, rows, snaps, schedule, model, g, d);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeOpt(DataOutputStream out, OptState s) throws IOException {
        out.writeInt(s.step);
        out.writeInt(s.m.length);
        for (int i = 0; i < s.m.length; i++) {
            writeFloats(out, s.m[i]);
            writeFloats(out, s.v[i]);
        }
    }

    private static OptState readOpt(DataInputStream in) throws IOException {
        int step = in.readInt();
        int n = in.readInt();
        float[][] m = new float[n][], v = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = readFloats(in);
            v[i] = readFloats(in);
        }
        return new OptState(step, m, v);
    }

    private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double d : a) {
            out.writeDouble(d);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float d : a) {
            out.writeFloat(d);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
