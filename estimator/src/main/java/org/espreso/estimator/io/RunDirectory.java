package org.espreso.estimator.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.io.PartialFolder;

/**
 * An estimate's output directory, built as a {@link PartialFolder} (beside its final place, renamed into place when
 * complete), so a failed or killed run never leaves a half-written OUTDIR. The partial directory keeps the checkpoints
 * ({@code checkpoints/}) that {@code --resume} continues from.
 */
public final class RunDirectory {
    private final Path target;
    private final Path work;
    private final boolean resuming;

    private RunDirectory(Path target, Path work, boolean resuming) {
        this.target = target;
        this.work = work;
        this.resuming = resuming;
    }

    /**
     * Checks the overwrite policy and creates (or, resuming, reuses) the partial directory.
     *
     * @throws OutputFiles.OutputExistsException when OUTDIR exists without force/resume
     */
    public static RunDirectory open(Path outDir, boolean force, boolean resume) throws IOException {
        Path target = outDir.toAbsolutePath().normalize();
        Path work = PartialFolder.of(target);
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw InvalidInputException.of(target, "exists and is not a directory");
        }
        boolean canResume = resume && Files.isDirectory(work);
        if (Files.exists(target) && !force && !canResume) {
            throw new OutputFiles.OutputExistsException(target + ": output exists (use --force to overwrite"
                    + (resume ? "; there is no interrupted run to resume" : "") + ")");
        }
        PartialFolder.begin(target, canResume);
        Files.createDirectories(work.resolve("checkpoints"));
        return new RunDirectory(target, work, canResume);
    }

    public Path work() {
        return work;
    }

    public Path checkpoints() {
        return work.resolve("checkpoints");
    }

    public Path target() {
        return target;
    }

    /** Whether an interrupted run was found. */
    public boolean resuming() {
        return resuming;
    }

    /** Moves the finished directory into place (replacing an old OUTDIR, which the caller was allowed to do). */
    public void commit(boolean keepCheckpoints) throws IOException {
        if (!keepCheckpoints) {
            OutputFiles.deleteTree(checkpoints());
        }
        PartialFolder.commit(target);
    }

    /** Removes the partial directory unless it holds a checkpoint to resume from. */
    public void abandon() {
        try {
            if (!org.espreso.estimator.train.Checkpoint.existsUnder(checkpoints())) {
                OutputFiles.deleteTree(work);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }
}
