package org.espreso.smore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.CheckpointIdentity;
import org.espreso.core.io.TensorArchive;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On-disk form of a trained model and of a training checkpoint: the project's one archive form
 * ({@link TensorArchive}). A model holds the scale, the network's shape, the kernel and a training summary, and
 * its parameters by name; a checkpoint is a model plus Adam's moments per parameter, the steps done, the
 * sampler's RNG state and the run's {@link CheckpointIdentity}.
 */
final class ModelStore {
    static final String MODEL = "smore-model";
    static final String CHECKPOINT = "smore-checkpoint";

    private ModelStore() {
    }

    /** A training checkpoint's state besides the model. */
    record TrainingState(CheckpointIdentity identity, int step, long rngState, Map<String, INDArray[]> moments) {
    }

    /** Writes the model into {@code dir} (replaced only once the new one is complete). */
    static void save(SmoreModel model, Path dir) throws IOException {
        modelArchive(model, MODEL).build().write(dir);
    }

    /** Writes a training checkpoint into {@code dir}. */
    static void saveCheckpoint(SmoreModel model, TrainingState state, Path dir) throws IOException {
        TensorArchive.Builder b = modelArchive(model, CHECKPOINT);
        state.identity().writeTo(b.meta());
        b.meta().put("step", state.step());
        b.meta().put("rng_state", state.rngState());
        for (String n : model.network().paramNames()) {
            INDArray[] mv = state.moments().get(n);
            b.array("adam_m/" + n, mv[0].shape(), floats(mv[0]));
            b.array("adam_v/" + n, mv[1].shape(), floats(mv[1]));
        }
        b.build().write(dir);
    }

    private static TensorArchive.Builder modelArchive(SmoreModel model, String kind) {
        Wdsr net = model.network();
        TensorArchive.Builder b = TensorArchive.builder(kind);
        ObjectNode m = b.meta();
        m.put("scale", model.scale());
        m.put("factor", net.factor());
        m.put("channels", net.channels());
        m.put("blocks", net.blocks());
        m.put("kernel_source", model.kernel().source());
        b.doubles("kernel", model.kernel().taps());
        m.put("steps_trained", model.stepsTrained());
        m.put("seed", model.seed());
        for (String n : net.paramNames()) {
            b.array("param/" + n, net.shapeOf(n), floats(net.params().get(n)));
        }
        return b;
    }

    /** Reads a model written by {@link #save} (or the model inside a checkpoint). Errors are one line. */
    static SmoreModel load(Path dir) {
        return model(readEither(dir), dir);
    }

    /** True when {@code dir} holds a training checkpoint. */
    static boolean hasCheckpoint(Path dir) {
        return TensorArchive.exists(dir);
    }

    /** The checkpoint in {@code dir}: its model and its training state. */
    static Map.Entry<SmoreModel, TrainingState> loadCheckpoint(Path dir) {
        TensorArchive a = TensorArchive.read(dir, CHECKPOINT);
        SmoreModel model = model(a, dir);
        Map<String, INDArray[]> moments = new LinkedHashMap<>();
        for (String n : model.network().paramNames()) {
            moments.put(n, new INDArray[] {array(a, dir, "adam_m/" + n), array(a, dir, "adam_v/" + n)});
        }
        return Map.entry(model, new TrainingState(CheckpointIdentity.readFrom(a, dir), a.field(dir, "step").asInt(),
                a.field(dir, "rng_state").asLong(), moments));
    }

    private static TensorArchive readEither(Path dir) {
        try {
            return TensorArchive.read(dir, MODEL);
        } catch (InvalidInputException e) {
            if (TensorArchive.exists(dir) && e.getMessage().contains("holds a " + CHECKPOINT)) {
                return TensorArchive.read(dir, CHECKPOINT);
            }
            throw e;
        }
    }

    private static SmoreModel model(TensorArchive a, Path dir) {
        Wdsr net = new Wdsr(a.field(dir, "channels").asInt(), a.field(dir, "blocks").asInt(), a.field(dir, "factor").asInt());
        for (String n : net.paramNames()) {
            INDArray v = array(a, dir, "param/" + n);
            if (!java.util.Arrays.equals(v.shape(), net.shapeOf(n))) {
                throw InvalidInputException.of(dir, "parameter '" + n + "' has shape " + java.util.Arrays.toString(v.shape())
                        + ", the network needs " + java.util.Arrays.toString(net.shapeOf(n)));
            }
            net.params().put(n, v);
        }
        JsonNode steps = a.meta().path("steps_trained");
        return new SmoreModel(net, a.field(dir, "scale").asDouble(),
                BlurKernel.of(org.espreso.core.profile.Profile.ofTaps(a.doubles(dir, "kernel"))), steps.asInt(),
                a.meta().path("seed").asLong());
    }

    private static INDArray array(TensorArchive a, Path dir, String name) {
        TensorArchive.Array v = a.array(dir, name);
        return Nd4j.create(v.values(), v.shape(), 'c');
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }
}
