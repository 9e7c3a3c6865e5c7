package org.espreso.bridge;

import java.nio.file.Path;
import java.util.Map;
import org.espreso.core.profile.Profile;
import org.espreso.core.volume.Volume;
import org.espreso.smore.Preset;
import org.espreso.smore.SmoreConfig;
import org.espreso.smore.SmoreListener;

/** SMORE behind the {@link SuperResolver} seam; without a kernel it blurs with a Gaussian of FWHM = slice spacing. */
public final class SmoreSuperResolver implements SuperResolver {
    private final SmoreConfig config;
    private final SmoreListener listener;

    public SmoreSuperResolver(SmoreConfig config, SmoreListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** A preset with overrides: steps, batch_size, patch_size. */
    public static SmoreConfig config(String preset, Map<String, String> overrides, long seed) {
        SmoreConfig c = Preset.parse(preset == null ? "fast" : preset).config().withSeed(seed);
        for (var e : overrides.entrySet()) {
            int v = Integer.parseInt(e.getValue().trim());
            c = switch (e.getKey()) {
                case "steps" -> c.withSteps(v);
                case "batch_size", "batchSize" -> c.withBatchSize(v);
                case "patch_size", "patchSize" -> c.withPatchSize(v);
                default -> throw new IllegalArgumentException("unknown SR override '" + e.getKey() + "' (steps, batch_size, patch_size)");
            };
        }
        return c;
    }

    @Override
    public Volume superResolve(Volume lr, int lrAxis, Profile kernel, Path dir) {
        return Espreso.superResolveWithKernel(lr, lrAxis, kernel, config, listener);
    }
}
