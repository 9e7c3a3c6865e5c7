package org.espreso.smore;

/** Applies a WDSR network to batches of LR images of one shape. */
public interface WdsrForward {
    /** sr[count, rows f, cols] from lr[count, rows, cols] (row-major images one after another). */
    void apply(float[] lr, int count, float[] sr);

    /** The largest {@code count} one call accepts. */
    int batch();
}
