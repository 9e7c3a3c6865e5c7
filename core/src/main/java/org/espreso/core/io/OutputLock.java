package org.espreso.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.espreso.core.InvalidInputException;

/**
 * An exclusive claim on an output (a file or a folder) for the length of a run, so that two runs writing the same
 * output cannot interleave: the second fails at once, naming the holder. The claim is an operating-system lock on
 * {@code .NAME.lock} beside the output; the OS releases it when the holder ends, however it ends, so a killed run
 * leaves no stale claim (its file is reused and removed by the next run).
 */
public final class OutputLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** The highest folder this claim created for its lock file (removed again if the run left it empty), or null. */
    private final Path createdRoot;

    private OutputLock(Path file, FileChannel channel, FileLock lock, Path createdRoot) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.createdRoot = createdRoot;
    }

    /** The lock file of {@code output}. */
    public static Path lockFile(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Claims {@code output} for {@code holder} (e.g. "espreso estimate"), creating its parent folder if needed.
     *
     * @throws Locked when another run holds it
     */
    public static OutputLock acquire(Path output, String holder) {
        Path file = lockFile(output);
        Path createdRoot = null;
        for (Path p = file.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
            createdRoot = p;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw InvalidInputException.of(output, "cannot be created: " + OutputFiles.reason(e), e);
        }
        for (int attempt = 0; ; attempt++) {
            Object before = fileKey(file);
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw InvalidInputException.of(output, "cannot be written: " + OutputFiles.reason(e), e);
            }
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this process
            } catch (IOException e) {
                close(ch);
                throw InvalidInputException.of(output, "cannot lock " + file + ": " + OutputFiles.reason(e), e);
            }
            if (l == null) {
                String who = holderOf(file);
                close(ch);
                throw new Locked(output.toAbsolutePath().normalize() + ": in use by another run (" + who
                        + "); wait for it to finish or stop it");
            }
            try {
                // A previous holder may have removed the file between our open and our lock: then the lock is on
                // an unlinked file and a third run could claim a new one. Only a lock on the file that was at the
                // path before the open and still is after the lock counts (FileChannel exposes no inode).
                Object after = fileKey(file);
                if (before == null || !before.equals(after)) {
                    l.release();
                    close(ch);
                    if (attempt < 10) {
                        continue;
                    }
                    throw new IOException("the lock file keeps being replaced");
                }
                String text = "pid " + ProcessHandle.current().pid() + ", " + holder + ", since "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
            } catch (IOException e) {
                close(ch);
                throw InvalidInputException.of(output, "cannot lock " + file + ": " + OutputFiles.reason(e), e);
            }
            return new OutputLock(file, ch, l, createdRoot);
        }
    }

    /** The file's identity (device and inode on Linux), or null when there is none at the path. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static String holderOf(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "lock " + file : s;
        } catch (IOException e) {
            return "lock " + file;
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    /** Releases the claim and removes the lock file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next run reuses it
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
        if (createdRoot != null) {
            // A failed run into a new folder leaves no empty folder behind (one holding outputs stays).
            for (Path p = file.getParent(); p != null && p.startsWith(createdRoot); p = p.getParent()) {
                try {
                    Files.delete(p);
                } catch (IOException notEmpty) {
                    break;
                }
            }
        }
    }

    /** Another run holds the output. */
    public static final class Locked extends InvalidInputException {
        public Locked(String message) {
            super(message);
        }
    }
}
