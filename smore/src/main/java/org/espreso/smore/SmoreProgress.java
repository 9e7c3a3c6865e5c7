package org.espreso.smore;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.espreso.core.io.ProgressBar;

/** SMORE's training steps and inference slices on the toolkit's {@link ProgressBar}. */
public final class SmoreProgress implements SmoreListener {
    private final ProgressBar bar;

    public SmoreProgress(PrintWriter err, boolean terminal) {
        this(new ProgressBar(err, terminal));
    }

    public SmoreProgress(ProgressBar bar) {
        this.bar = bar;
    }

    @Override
    public void trainingStarted(int firstStep, int totalSteps, String description) {
        bar.message("training: " + description);
    }

    @Override
    public void stepDone(int step, int total, double loss, double lr) {
        bar.update("train", step, total, String.format(Locale.ROOT, "loss %.4f lr %.2e", loss, lr));
    }

    @Override
    public void checkpointSaved(int step, Path dir) {
        bar.message("checkpoint at step " + step + " -> " + dir);
    }

    @Override
    public void inferenceProgress(int done, int total) {
        bar.update("infer", done, total, "slices");
    }

    @Override
    public void notice(String message) {
        bar.message("note: " + message);
    }

    public void finish() {
        bar.finish();
    }
}
