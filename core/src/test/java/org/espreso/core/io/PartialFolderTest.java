package org.espreso.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialFolderTest {
    @TempDir
    Path dir;

    @Test
    void buildsBesideAndReplacesOnlyWhenComplete() throws Exception {
        Path target = dir.resolve("a/out");
        Path work = PartialFolder.begin(target, false);
        assertEquals(dir.resolve("a/.out.partial"), work);
        Files.writeString(work.resolve("x.txt"), "1");
        assertFalse(Files.exists(target), "nothing under the final name until commit");
        PartialFolder.commit(target);
        assertEquals("1", Files.readString(target.resolve("x.txt")));
        assertFalse(Files.exists(work));

        // A second run replaces the first only at commit; a failed one leaves the old folder as it was.
        work = PartialFolder.begin(target, false);
        Files.writeString(work.resolve("y.txt"), "2");
        PartialFolder.discard(target);
        assertTrue(Files.exists(target.resolve("x.txt")) && !Files.exists(work));
        work = PartialFolder.begin(target, false);
        Files.writeString(work.resolve("y.txt"), "2");
        PartialFolder.commit(target);
        assertFalse(Files.exists(target.resolve("x.txt")));
        assertEquals("2", Files.readString(target.resolve("y.txt")));
        assertFalse(Files.exists(dir.resolve("a/.out.old")));

        // keep: a resume continues in what the partial folder holds; otherwise it starts empty.
        work = PartialFolder.begin(target, false);
        Files.writeString(work.resolve("ckpt"), "c");
        assertTrue(Files.exists(PartialFolder.begin(target, true).resolve("ckpt")));
        assertFalse(Files.exists(PartialFolder.begin(target, false).resolve("ckpt")));
    }
}
