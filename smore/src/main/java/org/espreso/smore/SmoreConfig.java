package org.espreso.smore;

import java.nio.file.Path;

/**
 * Training and inference settings. Immutable; {@code withX} returns a modified copy.
 *
 * @param steps           training steps
 * @param batchSize       patches per step
 * @param patchSize       LR patch size p (p x p LR, H x p HR)
 * @param maxLr           one-cycle peak learning rate
 * @param seed            seed of the parameter initialisation and patch sampling
 * @param channels        WDSR width C
 * @param blocks          WDSR residual blocks B
 * @param uniformSampling uniform instead of gradient-weighted patch positions
 * @param combine         how the two stacks are combined
 * @param fbaPower        exponent p of FBA weights
 * @param inferencePixels target LR pixels per inference batch (batch = this / slice pixels, at least 1)
 * @param checkpointDir   where checkpoints go (null: none)
 * @param checkpointEvery steps between checkpoints
 */
public record SmoreConfig(int steps, int batchSize, int patchSize, double maxLr, long seed, int channels, int blocks,
        boolean uniformSampling, Combine combine, double fbaPower, int inferencePixels, Path checkpointDir,
        int checkpointEvery) {
    public SmoreConfig {
        if (steps < 1 || batchSize < 1 || patchSize < 8 || !(maxLr > 0) || channels < 2 || blocks < 0
                || inferencePixels < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("invalid SMORE settings: " + "steps=" + steps + " batch=" + batchSize
                    + " patch=" + patchSize + " lr=" + maxLr + " C=" + channels + " B=" + blocks);
        }
    }

    public static SmoreConfig defaults() {
        return new SmoreConfig(26_000, 32, 48, 1e-3, 0, Wdsr.DEFAULT_CHANNELS, Wdsr.DEFAULT_BLOCKS, false,
                Combine.MEAN, 2.0, 1 << 18, null, 500);
    }

    public SmoreConfig withSteps(int v) {
        return new SmoreConfig(v, batchSize, patchSize, maxLr, seed, channels, blocks, uniformSampling, combine,
                fbaPower, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withBatchSize(int v) {
        return new SmoreConfig(steps, v, patchSize, maxLr, seed, channels, blocks, uniformSampling, combine,
                fbaPower, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withPatchSize(int v) {
        return new SmoreConfig(steps, batchSize, v, maxLr, seed, channels, blocks, uniformSampling, combine,
                fbaPower, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withMaxLr(double v) {
        return new SmoreConfig(steps, batchSize, patchSize, v, seed, channels, blocks, uniformSampling, combine,
                fbaPower, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withSeed(long v) {
        return new SmoreConfig(steps, batchSize, patchSize, maxLr, v, channels, blocks, uniformSampling, combine,
                fbaPower, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withNetwork(int c, int b) {
        return new SmoreConfig(steps, batchSize, patchSize, maxLr, seed, c, b, uniformSampling, combine,
                fbaPower, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withCombine(Combine v, double power) {
        return new SmoreConfig(steps, batchSize, patchSize, maxLr, seed, channels, blocks, uniformSampling, v,
                power, inferencePixels, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withInferencePixels(int v) {
        return new SmoreConfig(steps, batchSize, patchSize, maxLr, seed, channels, blocks, uniformSampling, combine,
                fbaPower, v, checkpointDir, checkpointEvery);
    }

    public SmoreConfig withCheckpoints(Path dir, int every) {
        return new SmoreConfig(steps, batchSize, patchSize, maxLr, seed, channels, blocks, uniformSampling, combine,
                fbaPower, inferencePixels, dir, every);
    }
}
