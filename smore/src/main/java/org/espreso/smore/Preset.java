package org.espreso.smore;

/**
 * Training budgets. {@code reference}: the SMORE v4 defaults (26,000 steps of 32 patches of 48x48 LR pixels,
 * 832,000 patches — a GPU job); {@code paper}: the 8,000 iterations of the seed paper's SMORE runs; {@code fast}:
 * the CPU default, the best quality measured within 15 minutes (training plus inference) of Colin27 at scale 4 on
 * two cores (docs/smore.md shows the PSNR-vs-steps curve it was picked from).
 */
public enum Preset {
    REFERENCE(26_000, 32, 48),
    PAPER(8_000, 32, 48),
    FAST(Preset.FAST_STEPS, 16, 32);

    /** Steps of {@link #FAST} (a constant, for annotation defaults). */
    public static final int FAST_STEPS = 2000;

    private final int steps;
    private final int batchSize;
    private final int patchSize;

    Preset(int steps, int batchSize, int patchSize) {
        this.steps = steps;
        this.batchSize = batchSize;
        this.patchSize = patchSize;
    }

    public int steps() {
        return steps;
    }

    public int batchSize() {
        return batchSize;
    }

    public int patchSize() {
        return patchSize;
    }

    public SmoreConfig config() {
        return SmoreConfig.defaults().withSteps(steps).withBatchSize(batchSize).withPatchSize(patchSize);
    }

    public static Preset parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
