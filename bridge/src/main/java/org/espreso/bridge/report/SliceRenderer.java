package org.espreso.bridge.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.espreso.core.volume.Volume;

/**
 * Renders one plane of a volume as an 8-bit grayscale PNG in world-true proportions: each voxel becomes a block
 * whose size follows the voxel spacing, so a thick-slice image looks as blurry and sparse as it is.
 */
public final class SliceRenderer {
    private SliceRenderer() {
    }

    /** Intensity window [lo, hi] mapped to black..white. */
    public record Window(double lo, double hi) {
        /** 0.5th to 99.5th percentile of the volume, robust to a few bright voxels. */
        public static Window robust(Volume v) {
            float[] d = v.data();
            int step = Math.max(1, d.length / 200_000);
            float[] s = new float[(d.length + step - 1) / step];
            for (int i = 0, j = 0; i < d.length; i += step) {
                s[j++] = d[i];
            }
            java.util.Arrays.sort(s);
            return new Window(s[(int) (0.005 * (s.length - 1))], s[(int) (0.995 * (s.length - 1))]);
        }
    }

    /**
     * The plane {@code index} across {@code normal}; the image's horizontal axis is the lower remaining axis and
     * its vertical axis the other, drawn bottom-up (radiological viewers' convention for these planes).
     *
     * @param pixelMm output pixel size in mm (e.g. the smallest spacing)
     */
    public static BufferedImage plane(Volume v, int normal, int index, Window w, double pixelMm) {
        int[] ax = Volume.inPlaneAxes(normal);
        int nu = v.dim(ax[0]), nv = v.dim(ax[1]);
        double su = v.spacing(ax[0]), sv = v.spacing(ax[1]);
        int width = Math.max(1, (int) Math.round(nu * su / pixelMm));
        int height = Math.max(1, (int) Math.round(nv * sv / pixelMm));
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        int[] idx = new int[3];
        idx[normal] = index;
        double scale = 255.0 / Math.max(1e-12, w.hi() - w.lo());
        for (int py = 0; py < height; py++) {
            int j = Math.min(nv - 1, (int) ((height - 1 - py + 0.5) * pixelMm / sv));
            for (int px = 0; px < width; px++) {
                int i = Math.min(nu - 1, (int) ((px + 0.5) * pixelMm / su));
                idx[ax[0]] = i;
                idx[ax[1]] = j;
                double g = (v.get(idx[0], idx[1], idx[2]) - w.lo()) * scale;
                raster.setSample(px, py, 0, (int) Math.max(0, Math.min(255, Math.round(g))));
            }
        }
        return img;
    }

    public static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
