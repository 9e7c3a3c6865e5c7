package org.espreso.smore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.espreso.core.InvalidInputException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On-disk form of a trained model (and of training checkpoints): a directory with {@code smore-model.json}
 * (format, scale, network shape, kernel, training summary, parameter names and shapes) and {@code params.f32}
 * (the parameters in that order, little-endian float32). A checkpoint adds {@code adam.f32} (Adam's M then V per
 * parameter) and {@code state.json} (steps done, sampler RNG state). Files are written to a temporary directory
 * and renamed into place, so a crash never leaves a half-written model.
 */
public final class ModelStore {
    public static final String FORMAT = "espreso-smore-model/1";
    static final String MODEL_JSON = "smore-model.json";
    static final String PARAMS = "params.f32";
    static final String ADAM = "adam.f32";
    static final String STATE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelStore() {
    }

    /** Writes the model into {@code dir} (created; replaced atomically if it exists). */
    public static void save(SmoreModel model, Path dir) throws IOException {
        save(model, dir, null, null);
    }

    static void save(SmoreModel model, Path dir, Map<String, INDArray[]> adam, ObjectNode state) throws IOException {
        Path abs = dir.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = org.espreso.core.io.OutputFiles.temporarySibling(abs);
        Files.createDirectory(tmp); // not a temporary directory: those are private (0700) whatever the umask
        try {
            Wdsr net = model.network();
            ObjectNode root = JSON.createObjectNode();
            root.put("format", FORMAT);
            root.put("scale", model.scale());
            root.put("factor", net.factor());
            root.put("channels", net.channels());
            root.put("blocks", net.blocks());
            root.put("kernel_source", model.kernel().source());
            ArrayNode k = root.putArray("kernel");
            for (double t : model.kernel().taps()) {
                k.add(t);
            }
            root.put("steps_trained", model.stepsTrained());
            root.put("seed", model.seed());
            ArrayNode ps = root.putArray("params");
            for (String n : net.paramNames()) {
                ObjectNode p = ps.addObject();
                p.put("name", n);
                ArrayNode sh = p.putArray("shape");
                for (long d : net.shapeOf(n)) {
                    sh.add(d);
                }
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(MODEL_JSON).toFile(), root);
            try (OutputStream out = Files.newOutputStream(tmp.resolve(PARAMS))) {
                for (String n : net.paramNames()) {
                    writeArray(out, net.params().get(n));
                }
            }
            if (adam != null) {
                try (OutputStream out = Files.newOutputStream(tmp.resolve(ADAM))) {
                    for (String n : net.paramNames()) {
                        writeArray(out, adam.get(n)[0]);
                        writeArray(out, adam.get(n)[1]);
                    }
                }
                JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE).toFile(), state);
            }
            if (Files.exists(abs)) {
                org.espreso.core.io.OutputFiles.deleteTree(abs);
            }
            Files.move(tmp, abs);
        } catch (IOException e) {
            org.espreso.core.io.OutputFiles.deleteTree(tmp);
            throw org.espreso.core.io.OutputFiles.withPath(abs, e);
        } catch (RuntimeException e) {
            org.espreso.core.io.OutputFiles.deleteTree(tmp);
            throw e;
        }
    }

    /** Reads a model written by {@link #save}. Bad or missing files give a one-line {@link InvalidInputException}. */
    public static SmoreModel load(Path dir) {
        Path json = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(json)) {
            throw InvalidInputException.of(dir, "not a SMORE model directory (no " + MODEL_JSON + ")");
        }
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json.toFile());
            if (!FORMAT.equals(root.path("format").asText())) {
                throw InvalidInputException.of(json, "unknown model format " + root.path("format"));
            }
            double scale = root.get("scale").asDouble();
            Wdsr net = new Wdsr(root.get("channels").asInt(), root.get("blocks").asInt(), root.get("factor").asInt());
            double[] kernel = new double[root.get("kernel").size()];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = root.get("kernel").get(i).asDouble();
            }
            List<String> names = net.paramNames();
            Map<String, INDArray> params = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(dir.resolve(PARAMS))) {
                for (String n : names) {
                    params.put(n, readArray(in, net.shapeOf(n), dir.resolve(PARAMS)));
                }
                if (in.read() != -1) {
                    throw InvalidInputException.of(dir.resolve(PARAMS), "longer than the parameters it should hold");
                }
            }
            net.params().putAll(params);
            return new SmoreModel(net, scale, BlurKernel.of(org.espreso.core.profile.Profile.ofTaps(kernel)),
                    root.path("steps_trained").asInt(), root.path("seed").asLong());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException ie) {
                throw ie;
            }
            throw InvalidInputException.of(dir, "cannot read model: " + e.getMessage(), e);
        }
    }

    /** Adam state of a checkpoint, or null when {@code dir} holds none. */
    static Map<String, INDArray[]> loadAdam(Path dir, Wdsr net) throws IOException {
        Path f = dir.resolve(ADAM);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        Map<String, INDArray[]> m = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(f)) {
            for (String n : net.paramNames()) {
                long[] sh = net.shapeOf(n);
                m.put(n, new INDArray[] {readArray(in, sh, f), readArray(in, sh, f)});
            }
        }
        return m;
    }

    static ObjectNode loadState(Path dir) throws IOException {
        Path f = dir.resolve(STATE);
        return Files.isRegularFile(f) ? (ObjectNode) JSON.readTree(f.toFile()) : null;
    }

    static ObjectNode newState() {
        return JSON.createObjectNode();
    }

    private static void writeArray(OutputStream out, INDArray a) throws IOException {
        float[] v = a.dup('c').data().asFloat();
        ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        out.write(bb.array());
    }

    private static INDArray readArray(InputStream in, long[] shape, Path file) throws IOException {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        byte[] b = new DataInputStream(in).readNBytes(4 * n);
        if (b.length != 4 * n) {
            throw InvalidInputException.of(file, "truncated (expected more parameters)");
        }
        float[] v = new float[n];
        FloatBuffer fb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        fb.get(v);
        return Nd4j.create(v, shape, 'c');
    }

}
