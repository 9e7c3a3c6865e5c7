package org.espreso.smore;

/** Progress callbacks of training and inference (the CLI draws its progress bar from them). */
public interface SmoreListener {
    SmoreListener NONE = new SmoreListener() {
    };

    /** Training begins (or resumes at {@code firstStep}). */
    default void trainingStarted(int firstStep, int totalSteps, String description) {
    }

    /** Step {@code step} (1-based count of finished steps) is done. */
    default void stepDone(int step, int totalSteps, double loss, double lr) {
    }

    default void checkpointSaved(int step, java.nio.file.Path dir) {
    }

    /** {@code done} of {@code total} slices super-resolved. */
    default void inferenceProgress(int done, int total) {
    }

    /** A one-line notice (e.g. the patch size had to shrink). */
    default void notice(String message) {
    }
}
