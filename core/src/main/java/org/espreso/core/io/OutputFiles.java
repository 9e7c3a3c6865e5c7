package org.espreso.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.espreso.core.InvalidInputException;

/**
 * Writes files atomically: content goes to a temporary file beside the target and is renamed into place only
 * when complete, so a failure never leaves a partial output. Existing outputs are kept unless {@code force}.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** Content writer that may throw I/O errors. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Fails with a one-line message when {@code target} exists and {@code force} is off. */
    public static void checkWritable(Path target, boolean force) {
        if (!force && Files.exists(target)) {
            throw new OutputExistsException(target + ": output exists (use --force to overwrite)");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw InvalidInputException.of(target, "parent is not a directory");
        }
    }

    public static void write(Path target, boolean force, Content content) throws IOException {
        checkWritable(target, force);
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
            move(tmp, abs);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    public static void writeString(Path target, boolean force, String text) throws IOException {
        write(target, force, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Renames a finished temporary file or directory into place, atomically where the file system allows. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes a file or folder tree if it exists (for temporary and to-be-redone outputs). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** Thrown when an output exists and overwriting was not asked for. */
    public static final class OutputExistsException extends RuntimeException {
        public OutputExistsException(String message) {
            super(message);
        }
    }
}
