package org.espreso.estimator.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.espreso.core.TestData;
import org.espreso.core.nifti.NiftiReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foreground sampler's thresholds against scikit-image's {@code threshold_multiotsu(classes=3, nbins=256)}. */
class MultiOtsuTest {
    @TempDir
    Path dir;

    private double[] skimage(float[] data) throws IOException, InterruptedException {
        Path raw = dir.resolve("data.f32");
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putFloat(f);
        }
        Files.write(raw, b.array());
        Process p = new ProcessBuilder(TestData.PYTHON, "-c", "import sys, numpy as np\n"
                + "from skimage.filters import threshold_multiotsu\n"
                + "x = np.fromfile(sys.argv[1], dtype='<f4')\n"
                + "print(' '.join(repr(float(t)) for t in threshold_multiotsu(x, classes=3, nbins=256)))\n", raw.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        String[] t = out.split(" ");
        return new double[] {Double.parseDouble(t[0]), Double.parseDouble(t[1])};
    }

    private void agrees(float[] data, boolean onEdge) throws Exception {
        double[] ours = MultiOtsu.threeClass(data);
        double[] theirs = skimage(data);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float f : data) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        // scikit-image bins in float32 (numpy's histogram of a float32 image): a value lying exactly on a bin edge
        // (integer-valued images such as Colin27 have many) may fall one bin over, so a threshold may move by one
        // bin; otherwise the bin centres agree to float32 precision.
        double tol = onEdge ? (max - min) / MultiOtsu.BINS * 1.0001 : 1e-6 * (max - min);
        assertEquals(theirs[0], ours[0], tol, "lower threshold");
        assertEquals(theirs[1], ours[1], tol, "upper threshold");
    }

    @Test
    void threeModesAgreeWithScikitImage() throws Exception {
        Random r = new Random(3);
        float[] d = new float[30000];
        for (int i = 0; i < d.length; i++) {
            double mode = i % 3 == 0 ? 10 : i % 3 == 1 ? 60 : 140;
            d[i] = (float) (mode + r.nextGaussian() * (5 + i % 3 * 4));
        }
        agrees(d, false);
    }

    @Test
    void colin27AgreesWithScikitImage() throws Exception {
        agrees(NiftiReader.read(TestData.colin27()).data(), true);
    }
}
