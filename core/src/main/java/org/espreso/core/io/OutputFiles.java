package org.espreso.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.espreso.core.InvalidInputException;

/**
 * Writes files atomically: content goes to a temporary file beside the target and is renamed into place only
 * when complete, so a failure never leaves a partial output. Existing outputs are kept unless {@code force}.
 *
 * <p>Temporary files are named {@code .NAME.<pid>-<n>.part}: a later write of the same target removes those of
 * processes that no longer run (a killed run's leftovers). Files and folders are created with the ordinary
 * modes less the process's umask, as other tools create theirs, so shared derivatives stay readable. I/O errors
 * name the file they concern (a full disk's "No space left on device" alone does not).
 */
public final class OutputFiles {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long PID = ProcessHandle.current().pid();

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

    /**
     * Checks, before any long computation, that {@code target} can be created: its nearest existing ancestor is a
     * directory in which a file can be written, and its file system has at least {@code bytesNeeded} free.
     * Creates nothing that stays.
     */
    public static void checkCanCreate(Path target, long bytesNeeded) {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw InvalidInputException.of(target, "cannot be created: " + dir + " is not a directory");
        }
        Path probe = dir.resolve("." + abs.getFileName() + "." + PID + "-" + SEQUENCE.incrementAndGet() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(0);
            }
        } catch (IOException e) {
            throw InvalidInputException.of(target, "cannot be written: " + reason(e), e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // it held one byte; a later write removes it as a dead process's leftover
            }
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < bytesNeeded) {
                throw InvalidInputException.of(target, String.format(Locale.ROOT,
                        "not enough disk space: needs about %.1f MB, %.1f MB free in %s", bytesNeeded / 1e6, free / 1e6, dir));
            }
        } catch (IOException e) {
            throw InvalidInputException.of(target, "cannot check free space: " + reason(e), e);
        }
    }

    public static void write(Path target, boolean force, Content content) throws IOException {
        checkWritable(target, force);
        Path abs = target.toAbsolutePath();
        Path tmp;
        try {
            Files.createDirectories(abs.getParent());
            tmp = temporarySibling(abs);
        } catch (IOException e) {
            throw withPath(abs, e);
        }
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            move(tmp, abs);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw withPath(abs, e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    public static void writeString(Path target, boolean force, String text) throws IOException {
        write(target, force, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * A fresh name beside {@code target} for a file or folder to be renamed into place when complete,
     * {@code .NAME.<pid>-<n>.part}; leftovers of the same target from processes that no longer run are removed.
     */
    public static Path temporarySibling(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        removeStaleTemporaries(abs);
        return abs.resolveSibling("." + abs.getFileName() + "." + PID + "-" + SEQUENCE.incrementAndGet() + ".part");
    }

    /** Removes {@code .NAME.<pid>-<n>.part} files and folders beside {@code target} whose process has ended. */
    public static void removeStaleTemporaries(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        Pattern p = Pattern.compile("\\." + Pattern.quote(abs.getFileName().toString()) + "\\.(\\d+)-\\d+\\.part");
        try (var s = Files.list(dir)) {
            for (Path q : s.toList()) {
                Matcher m = p.matcher(q.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                    deleteTree(q);
                }
            }
        }
    }

    private static boolean alive(long pid) {
        return pid == PID || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** The reason of an I/O error without the Java type: the OS's words where there are some. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The same failure, its message naming {@code file} (the target, not its temporary sibling). */
    public static FileSystemException withPath(Path file, IOException e) {
        FileSystemException f = new FileSystemException(file.toString(), null, reason(e));
        f.initCause(e);
        return f;
    }

    /** Thrown when an output exists and overwriting was not asked for. */
    public static final class OutputExistsException extends RuntimeException {
        public OutputExistsException(String message) {
            super(message);
        }
    }
}
