package org.espreso.smore;

import java.io.IOException;
import java.nio.file.Path;
import org.espreso.core.volume.Volume;

/**
 * A trained SMORE network for one scale factor. It can super-resolve the volume it was trained on or any other
 * volume with the same slice-spacing to in-plane-spacing ratio ({@link #superResolve}).
 */
public final class SmoreModel {
    private final Wdsr network;
    private final double scale;
    private final BlurKernel kernel;
    private final int stepsTrained;
    private final long seed;

    public SmoreModel(Wdsr network, double scale, BlurKernel kernel, int stepsTrained, long seed) {
        this.network = network;
        this.scale = SrGeometry.snap(scale);
        this.kernel = kernel;
        this.stepsTrained = stepsTrained;
        this.seed = seed;
    }

    public Wdsr network() {
        return network;
    }

    public double scale() {
        return scale;
    }

    public BlurKernel kernel() {
        return kernel;
    }

    public int stepsTrained() {
        return stepsTrained;
    }

    public long seed() {
        return seed;
    }

    /**
     * Super-resolves {@code lr} along {@code lrAxis} (its largest spacing when -1), combining both through-plane
     * stacks as {@code options} says. The input's scale must match the model's within 1 %.
     */
    public Volume superResolve(Volume lr, int lrAxis, SmoreConfig options, SmoreListener listener) {
        int axis = lrAxis >= 0 ? lrAxis : lr.lrAxis();
        return Inference.run(this, lr, axis, scale, options, listener);
    }

    public Volume superResolve(Volume lr) {
        return superResolve(lr, -1, SmoreConfig.defaults(), SmoreListener.NONE);
    }

    public void save(Path dir) throws IOException {
        ModelStore.save(this, dir);
    }

    public static SmoreModel load(Path dir) {
        return ModelStore.load(dir);
    }
}
