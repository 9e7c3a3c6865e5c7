package org.espreso.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one way a folder output is written: built beside its place as {@code .NAME.partial} and renamed into place
 * when complete, so a failed or killed run never leaves a half-written folder under the final name. Used by
 * estimate folders (whose partial folder also keeps the checkpoints {@code --resume} continues from), pipeline
 * stages and experiment cells. Files are written with {@link OutputFiles}.
 */
public final class PartialFolder {
    private PartialFolder() {
    }

    /** Where {@code target} is built: {@code .NAME.partial} beside it. */
    public static Path of(Path target) {
        Path t = target.toAbsolutePath().normalize();
        return t.resolveSibling("." + t.getFileName() + ".partial");
    }

    /**
     * Creates the partial folder of {@code target}, empty unless {@code keep} (a resume continues in what is there).
     *
     * @return the partial folder
     */
    public static Path begin(Path target, boolean keep) throws IOException {
        Path work = of(target);
        if (!keep) {
            OutputFiles.deleteTree(work);
        }
        Files.createDirectories(work);
        return work;
    }

    /**
     * Moves the finished partial folder into place. An existing {@code target} (which the caller was allowed to
     * replace) is moved aside first and deleted after, so the final name always holds a complete folder.
     */
    public static void commit(Path target) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Path work = of(t);
        Files.createDirectories(t.getParent());
        if (Files.exists(t)) {
            Path old = t.resolveSibling("." + t.getFileName() + ".old");
            OutputFiles.deleteTree(old);
            OutputFiles.move(t, old);
            OutputFiles.move(work, t);
            OutputFiles.deleteTree(old);
        } else {
            OutputFiles.move(work, t);
        }
    }

    /** Removes the partial folder of {@code target} (after a failure). */
    public static void discard(Path target) throws IOException {
        OutputFiles.deleteTree(of(target));
    }
}
