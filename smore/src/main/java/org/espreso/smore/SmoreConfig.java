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
        return toBuilder().steps(v).build();
    }

    public SmoreConfig withBatchSize(int v) {
        return toBuilder().batchSize(v).build();
    }

    public SmoreConfig withPatchSize(int v) {
        return toBuilder().patchSize(v).build();
    }

    public SmoreConfig withMaxLr(double v) {
        return toBuilder().maxLr(v).build();
    }

    public SmoreConfig withSeed(long v) {
        return toBuilder().seed(v).build();
    }

    public SmoreConfig withNetwork(int c, int b) {
        return toBuilder().channels(c).blocks(b).build();
    }

    public SmoreConfig withCombine(Combine v, double power) {
        return toBuilder().combine(v).fbaPower(power).build();
    }

    public SmoreConfig withInferencePixels(int v) {
        return toBuilder().inferencePixels(v).build();
    }

    public SmoreConfig withCheckpoints(Path dir, int every) {
        return toBuilder().checkpointDir(dir).checkpointEvery(every).build();
    }

    /** A builder starting from these settings (several changes at once; {@link #build} checks them together). */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Settings field by field; {@link #build()} validates them as the record does. */
    public static final class Builder {
        private int steps, batchSize, patchSize, channels, blocks, inferencePixels, checkpointEvery;
        private double maxLr, fbaPower;
        private long seed;
        private boolean uniformSampling;
        private Combine combine;
        private Path checkpointDir;

        private Builder(SmoreConfig c) {
            steps = c.steps;
            batchSize = c.batchSize;
            patchSize = c.patchSize;
            maxLr = c.maxLr;
            seed = c.seed;
            channels = c.channels;
            blocks = c.blocks;
            uniformSampling = c.uniformSampling;
            combine = c.combine;
            fbaPower = c.fbaPower;
            inferencePixels = c.inferencePixels;
            checkpointDir = c.checkpointDir;
            checkpointEvery = c.checkpointEvery;
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder patchSize(int v) {
            patchSize = v;
            return this;
        }

        public Builder maxLr(double v) {
            maxLr = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder channels(int v) {
            channels = v;
            return this;
        }

        public Builder blocks(int v) {
            blocks = v;
            return this;
        }

        public Builder uniformSampling(boolean v) {
            uniformSampling = v;
            return this;
        }

        public Builder combine(Combine v) {
            combine = v;
            return this;
        }

        public Builder fbaPower(double v) {
            fbaPower = v;
            return this;
        }

        public Builder inferencePixels(int v) {
            inferencePixels = v;
            return this;
        }

        public Builder checkpointDir(Path v) {
            checkpointDir = v;
            return this;
        }

        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        public SmoreConfig build() {
            return new SmoreConfig(steps, batchSize, patchSize, maxLr, seed, channels, blocks, uniformSampling, combine,
                    fbaPower, inferencePixels, checkpointDir, checkpointEvery);
        }
    }
}
