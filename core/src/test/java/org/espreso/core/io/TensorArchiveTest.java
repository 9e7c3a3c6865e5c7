package org.espreso.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.espreso.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorArchiveTest {
    @TempDir
    Path tmp;

    private static TensorArchive sample(float first) {
        TensorArchive.Builder b = TensorArchive.builder("test-kind");
        b.meta().put("step", 7);
        b.doubles("ema", new double[] {0.1 + 0.2, Math.PI / 3, -0.0, Double.MIN_VALUE, 1e300, Double.NaN, Double.NEGATIVE_INFINITY});
        b.array("w", new long[] {2, 3}, new float[] {first, 2, 3, 4, 5, Float.MIN_VALUE});
        b.array("b", new float[] {-1.5f});
        return b.build();
    }

    @Test
    void roundTripIsBitExactAndKeepsOrderAndShapes() throws Exception {
        Path dir = tmp.resolve("a");
        sample(1).write(dir);
        TensorArchive r = TensorArchive.read(dir, "test-kind");
        assertEquals(7, r.field(dir, "step").asInt());
        double[] ema = r.doubles(dir, "ema");
        double[] want = {0.1 + 0.2, Math.PI / 3, -0.0, Double.MIN_VALUE, 1e300, Double.NaN, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < want.length; i++) {
            assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(ema[i]), "ema " + i);
        }
        assertEquals(java.util.List.of("w", "b"), java.util.List.copyOf(r.arrays().keySet()));
        assertArrayEquals(new long[] {2, 3}, r.array(dir, "w").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE}, r.array(dir, "w").values());
    }

    @Test
    void rewriteReplacesTheOldArchiveAndLeavesNoTemporaries() throws Exception {
        Path dir = tmp.resolve("a");
        sample(1).write(dir);
        sample(9).write(dir);
        assertEquals(9f, TensorArchive.read(dir, "test-kind").array(dir, "w").values()[0]);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(java.util.List.of(dir), s.toList());
        }
    }

    @Test
    void foreignTruncatedOrOverlongArchivesAreOneLineErrorsNamingTheFile() throws Exception {
        Path dir = tmp.resolve("a");
        sample(1).write(dir);
        var wrongKind = assertThrows(InvalidInputException.class, () -> TensorArchive.read(dir, "other-kind"));
        assertTrue(wrongKind.getMessage().contains("holds a test-kind, not a other-kind"), wrongKind.getMessage());
        assertFalse(wrongKind.getMessage().contains("\n"));

        Path data = dir.resolve(TensorArchive.DATA);
        byte[] full = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(full, full.length - 2));
        var truncated = assertThrows(InvalidInputException.class, () -> TensorArchive.read(dir, "test-kind"));
        assertTrue(truncated.getMessage().contains(data.toString()) && truncated.getMessage().contains("truncated"),
                truncated.getMessage());

        Files.write(data, java.util.Arrays.copyOf(full, full.length + 4));
        var overlong = assertThrows(InvalidInputException.class, () -> TensorArchive.read(dir, "test-kind"));
        assertTrue(overlong.getMessage().contains("longer than"), overlong.getMessage());

        var missing = assertThrows(InvalidInputException.class, () -> TensorArchive.read(tmp.resolve("none"), "test-kind"));
        assertTrue(missing.getMessage().contains("not a test-kind"), missing.getMessage());
        var lacks = assertThrows(InvalidInputException.class,
                () -> sample(1).array(dir, "nothing"));
        assertTrue(lacks.getMessage().contains("lacks the array 'nothing'"), lacks.getMessage());
    }

    @Test
    void identityNamesTheFirstDifference() {
        Path where = tmp.resolve("ckpt");
        var saved = CheckpointIdentity.of("abc", Map.of("batch", 32));
        saved.requireResumableFrom(CheckpointIdentity.of("abc", Map.of("batch", 32)), where);
        var other = assertThrows(InvalidInputException.class,
                () -> CheckpointIdentity.of("abc", Map.of("batch", 64)).requireResumableFrom(saved, where));
        assertTrue(other.getMessage().contains("batch was 32, this run has 64") && other.getMessage().contains(where.toString()),
                other.getMessage());
        var input = assertThrows(InvalidInputException.class,
                () -> CheckpointIdentity.of("xyz", Map.of("batch", 32)).requireResumableFrom(saved, where));
        assertTrue(input.getMessage().contains("another input image"), input.getMessage());
        // the identity survives an archive
        TensorArchive.Builder b = TensorArchive.builder("k");
        CheckpointIdentity.of("abc", Map.of("widths", new int[] {3, 1})).writeTo(b.meta());
        assertEquals("[3, 1]", CheckpointIdentity.readFrom(b.build(), where).settings().get("widths"));
    }
}
