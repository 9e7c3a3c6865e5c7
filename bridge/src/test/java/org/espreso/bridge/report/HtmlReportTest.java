package org.espreso.bridge.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void thickSlicesAreDrawnInWorldProportion() throws Exception {
        float[] d = new float[4 * 3 * 5];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        Volume v = Volume.of(new int[] {4, 3, 5}, new double[] {1, 1, 4}, d);
        BufferedImage img = SliceRenderer.plane(v, 1, 0, new SliceRenderer.Window(0, d.length - 1), 1.0);
        assertEquals(4, img.getWidth());
        assertEquals(20, img.getHeight());
        // Bottom row is z = 0; each slice is 4 pixels tall.
        assertEquals(img.getRaster().getSample(2, 19, 0), img.getRaster().getSample(2, 16, 0));
        assertTrue(img.getRaster().getSample(2, 0, 0) > img.getRaster().getSample(2, 19, 0));
        byte[] png = SliceRenderer.png(img);
        assertEquals(4, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }

    @Test
    void reportIsSelfContainedAndEscaped() {
        byte[] png = SliceRenderer.png(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY));
        String html = new HtmlReport("A <b> report")
                .headline(Map.of("FWHM", "4.1 mm"))
                .table(List.of("x", "y"), List.of(List.of("1", "<2>")))
                .figures(List.of(new HtmlReport.Figure("slice", png)))
                .render();
        assertTrue(html.contains("data:image/png;base64,"));
        assertTrue(html.contains("A &lt;b&gt; report"));
        assertTrue(html.contains("&lt;2&gt;"));
        assertFalse(html.matches("(?s).*(src|href)=\"(http|//|file:).*"), "no external resources");
    }
}
