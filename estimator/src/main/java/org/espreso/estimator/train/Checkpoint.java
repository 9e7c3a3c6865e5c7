package org.espreso.estimator.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.espreso.core.io.CheckpointIdentity;
import org.espreso.core.io.TensorArchive;

/**
 * The whole training state after {@code step} optimiser steps: model arrays, both optimisers, the EMA, the
 * sampling RNG and the loss log, so that a resumed run continues bit-for-bit. Stored as the project's one
 * checkpoint form, a {@link TensorArchive} folder {@value #DIR} with the run's {@link CheckpointIdentity}.
 */
public record Checkpoint(CheckpointIdentity identity, int step, long rngState, double[] ema, List<double[]> rows,
                         List<double[]> snapshots, double[] schedule, Map<String, float[]> model, OptState gen, OptState disc) {

    /** The checkpoint folder inside a run's (or an ensemble member's) checkpoint directory. */
    public static final String DIR = "latest";
    static final String KIND = "espreso-estimator-checkpoint";

    /** Adam state. */
    public record OptState(int step, float[][] m, float[][] v) {
    }

    /** True when {@code dir} holds a checkpoint. */
    public static boolean existsIn(Path dir) {
        return TensorArchive.exists(dir.resolve(DIR));
    }

    /** True when {@code dir} or one of its ensemble members' folders holds a checkpoint. */
    public static boolean existsUnder(Path dir) {
        if (existsIn(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p) && existsIn(p));
        } catch (IOException e) {
            return false;
        }
    }

    public void write(Path dir) throws IOException {
        TensorArchive.Builder b = TensorArchive.builder(KIND);
        identity.writeTo(b.meta());
        b.meta().put("step", step);
        b.meta().put("rng_state", rngState);
        if (ema != null) {
            b.doubles("ema", ema);
        }
        rowsTo(b, "loss_rows", rows);
        rowsTo(b, "ema_snapshots", snapshots);
        b.doubles("schedule", schedule);
        for (var e : model.entrySet()) {
            b.array("model/" + e.getKey(), e.getValue());
        }
        optTo(b, "generator", gen);
        optTo(b, "discriminator", disc);
        b.build().write(dir.resolve(DIR));
    }

    /** Reads the checkpoint in {@code dir}; a bad one gives a one-line error naming it. */
    public static Checkpoint read(Path dir) {
        Path at = dir.resolve(DIR);
        TensorArchive a = TensorArchive.read(at, KIND);
        Map<String, float[]> model = new LinkedHashMap<>();
        for (var e : a.arrays().entrySet()) {
            if (e.getKey().startsWith("model/")) {
                model.put(e.getKey().substring("model/".length()), e.getValue().values());
            }
        }
        return new Checkpoint(CheckpointIdentity.readFrom(a, at), a.field(at, "step").asInt(),
                a.field(at, "rng_state").asLong(), a.meta().has("ema") ? a.doubles(at, "ema") : null,
                rowsFrom(a.field(at, "loss_rows")), rowsFrom(a.field(at, "ema_snapshots")), a.doubles(at, "schedule"),
                model, optFrom(a, at, "generator"), optFrom(a, at, "discriminator"));
    }

    private static void rowsTo(TensorArchive.Builder b, String key, List<double[]> rows) {
        var list = b.meta().putArray(key);
        for (double[] r : rows) {
            var row = list.addArray();
            for (double v : r) {
                row.add(v);
            }
        }
    }

    private static List<double[]> rowsFrom(JsonNode list) {
        List<double[]> rows = new ArrayList<>(list.size());
        for (JsonNode r : list) {
            rows.add(TensorArchive.toDoubles(r));
        }
        return rows;
    }

    private static void optTo(TensorArchive.Builder b, String name, OptState s) {
        b.meta().put(name + "_adam_step", s.step);
        b.meta().put(name + "_adam_arrays", s.m.length);
        for (int i = 0; i < s.m.length; i++) {
            b.array(name + "/adam_m/" + i, s.m[i]);
            b.array(name + "/adam_v/" + i, s.v[i]);
        }
    }

    private static OptState optFrom(TensorArchive a, Path at, String name) {
        int n = a.field(at, name + "_adam_arrays").asInt();
        float[][] m = new float[n][], v = new float[n][];
        for (int i = 0; i < n; i++) {
            m[i] = a.array(at, name + "/adam_m/" + i).values();
            v[i] = a.array(at, name + "/adam_v/" + i).values();
        }
        return new OptState(a.field(at, name + "_adam_step").asInt(), m, v);
    }
}
