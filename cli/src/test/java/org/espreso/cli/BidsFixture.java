package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The cohort tests' dataset: scripts/make-bids-testdata.sh run with this build's CLI, and checks on it. */
final class BidsFixture {
    /** Tiny budgets: every scan takes seconds. */
    static final List<String> BUDGET = List.of("--preset-estimate", "release", "--iterations", "3", "--batch-size", "2",
            "--sr-steps", "2");

    private BidsFixture() {
    }

    /** Three subjects (an isotropic T1w and a thick T2w each), made by the repository's script. */
    static Path make(Path dir) throws IOException, InterruptedException {
        Path ds = dir.resolve("ds");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "scripts", "make-bids-testdata.sh").toString(),
                ds.toString(), "3").redirectErrorStream(true);
        // The CLI from this build's classes: the distribution jar is packaged after the tests.
        pb.environment().put("ESPRESO_CMD", java + " -cp " + System.getProperty("java.class.path") + " " + Main.class.getName());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        return ds;
    }

    /** Cuts a gzipped image short: its header still reads, its voxels do not (a truncated transfer). */
    static byte[] truncate(Path image) throws IOException {
        byte[] whole = Files.readAllBytes(image);
        Files.write(image, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        return whole;
    }

    /** Every file of a folder with its SHA-256, to show nothing in it changed. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String key = root.relativize(p).toString();
                m.put(key, Files.isRegularFile(p) ? sha(Files.readAllBytes(p)) : "dir");
            }
        }
        return m;
    }

    private static String sha(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
