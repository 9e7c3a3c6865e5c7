package org.espreso.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes, leftovers of dead runs, error paths, and the output lock. */
class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void ioErrorsNameTheTargetAndLeaveNothing() {
        Path t = dir.resolve("x.json");
        IOException e = assertThrows(IOException.class, () -> OutputFiles.write(t, false, out -> {
            out.write(1);
            throw new IOException("No space left on device");
        }));
        assertEquals(t.toAbsolutePath() + ": No space left on device", e.getMessage());
        assertFalse(Files.exists(t));
        assertEquals(0, dir.toFile().list().length, "no temporary left");
    }

    @Test
    void temporariesOfDeadProcessesAreRemovedOthersKept() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path t = dir.resolve("a.nii");
        Path dead = Files.createDirectory(dir.resolve(".a.nii." + p.pid() + "-3.part"));
        Files.writeString(dead.resolve("inner"), "x");
        Path mine = Files.writeString(dir.resolve(".a.nii." + ProcessHandle.current().pid() + "-77.part"), "x");
        Path otherTarget = Files.writeString(dir.resolve(".a.nii.gz." + p.pid() + "-1.part"), "x");
        OutputFiles.writeString(t, false, "done");
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(mine), "this process's temporary");
        assertTrue(Files.exists(otherTarget), "another output's temporary is not this write's business");
        assertEquals("done", Files.readString(t));
    }

    @Test
    void canCreateChecksBeforeAnyWork() {
        assertThrows(InvalidInputException.class, () -> OutputFiles.checkCanCreate(Path.of("/proc/no-such/x.nii"), 10));
        InvalidInputException full = assertThrows(InvalidInputException.class,
                () -> OutputFiles.checkCanCreate(dir.resolve("sub/x.nii"), Long.MAX_VALUE));
        assertTrue(full.getMessage().contains("not enough disk space"), full.getMessage());
        assertFalse(Files.exists(dir.resolve("sub")), "the check creates nothing");
        OutputFiles.checkCanCreate(dir.resolve("sub/x.nii"), 1);
        assertEquals(0, dir.toFile().list().length);
    }

    @Test
    void aLockIsExclusiveAndLeavesNoFile() {
        Path out = dir.resolve("run");
        try (OutputLock l = OutputLock.acquire(out, "first")) {
            OutputLock.Locked e = assertThrows(OutputLock.Locked.class, () -> OutputLock.acquire(out, "second"));
            assertTrue(e.getMessage().startsWith(out.toAbsolutePath() + ": in use by another run (pid "
                    + ProcessHandle.current().pid() + ", first, since "), e.getMessage());
        }
        assertFalse(Files.exists(OutputLock.lockFile(out)));
        try (OutputLock l = OutputLock.acquire(out, "again")) {
            assertTrue(Files.exists(OutputLock.lockFile(out)));
        }
    }
}
