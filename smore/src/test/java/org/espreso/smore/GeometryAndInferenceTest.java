package org.espreso.smore;

import org.espreso.core.train.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.TestData;
import org.espreso.compute.Backend;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.resample.Resampling;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class GeometryAndInferenceTest {
    @BeforeAll
    static void init() {
        Backend.init(Backend.defaultThreads());
    }

    /** An oblique affine (rotation about z and x, per-axis spacing) so column/axis mix-ups show. */
    static Affine oblique(double[] sp) {
        double a = 0.3, b = -0.2;
        double[][] r = {
            {Math.cos(a), -Math.sin(a), 0},
            {Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), -Math.sin(b)},
            {Math.sin(a) * Math.sin(b), Math.cos(a) * Math.sin(b), Math.cos(b)}};
        double[] m = new double[16];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[4 * i + j] = r[i][j] * sp[j];
            }
        }
        m[3] = -90.5;
        m[7] = 12.25;
        m[11] = -40;
        m[15] = 1;
        return Affine.of(m);
    }

    static Volume lrVolume(int axis, int[] dims, double s) {
        double[] sp = {0.9, 0.9, 0.9};
        sp[axis] = 0.9 * s;
        float[] d = new float[dims[0] * dims[1] * dims[2]];
        Rng rng = Rng.ofState(axis);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (100 + 50 * rng.nextDouble());
        }
        return Volume.of(dims, sp, oblique(sp), d);
    }

    @ParameterizedTest
    @CsvSource({"0,4", "1,4", "2,4", "2,2.5", "0,2.5", "1,3"})
    void outputGridAndAffine(int axis, double s) {
        int[] dims = {6, 7, 8};
        Volume lr = lrVolume(axis, dims, s);
        int n = dims[axis];
        int m = (int) Math.round(n * s);
        Volume out = SrGeometry.outputVolume(lr, axis, s, new float[(lr.voxelCount() / n) * m]);
        assertEquals(m, out.dim(axis));
        assertEquals(lr.spacing(axis) / s, out.spacing(axis), 1e-9);
        // New voxel k sits at old index l + (k + 1/2)/s, l = -0.5 + (n - m/s)/2; for n s integral the origin
        // moves by -(s-1)/(2s) slices.
        double l = -0.5 + (n - m / s) / 2;
        for (int k : new int[] {0, 1, m - 1}) {
            double[] idx = {2, 3, 4};
            idx[axis] = k;
            double[] world = out.affine().apply(idx[0], idx[1], idx[2]);
            double[] old = {2, 3, 4};
            old[axis] = l + (k + 0.5) / s;
            double[] expect = lr.affine().apply(old[0], old[1], old[2]);
            assertArrayEquals(expect, world, 1e-9);
        }
        if (Math.abs(n * s - Math.rint(n * s)) < 1e-9) {
            double[] o0 = out.affine().apply(0, 0, 0);
            double[] shift = {0, 0, 0};
            shift[axis] = -(s - 1) / (2 * s);
            double[] e = lr.affine().apply(shift[0], shift[1], shift[2]);
            assertArrayEquals(e, o0, 1e-9);
        }
        // Same as the cubic baseline's geometry.
        Volume cubic = Resampling.upsampleCubic(lr, axis, s);
        assertTrue(cubic.affine().approxEquals(out.affine(), 1e-9));
    }

    /** Skip branch = delta per output channel, tail weights zero: every channel copies its input pixel. */
    static SmoreModel copyModel(double s) {
        int f = SrGeometry.factor(s);
        Wdsr net = new Wdsr(4, 1, f).initialise(Rng.ofState(5));
        INDArray v = net.params().get("skip_v");
        v.assign(0);
        for (int c = 0; c < f; c++) {
            v.putScalar(new long[] {2, 2, 0, c}, 1f);
        }
        net.params().get("skip_g").assign(1);
        net.params().get("skip_b").assign(0);
        net.params().get("tail_g").assign(0);
        net.params().get("tail_b").assign(0);
        return new SmoreModel(net, s, BlurKernel.gaussian(s), 0, 0);
    }

    @ParameterizedTest
    @CsvSource({"0,2", "1,2", "2,2", "2,3", "0,3"})
    void inferencePlacesEveryStackOnTheOutputGrid(int axis, double s) {
        int[] dims = {5, 6, 7};
        Volume lr = lrVolume(axis, dims, s);
        SmoreModel model = copyModel(s);
        Volume sr = model.superResolve(lr, axis, SmoreConfig.defaults().withInferencePixels(64), SmoreListener.NONE);
        int f = (int) s;
        int[] od = sr.dims();
        assertEquals(dims[axis] * f, od[axis]);
        // Each output slice k copies input slice k / f (nearest neighbour), in both stacks, so the mean too.
        for (int z = 0; z < od[2]; z++) {
            for (int y = 0; y < od[1]; y++) {
                for (int x = 0; x < od[0]; x++) {
                    int[] src = {x, y, z};
                    src[axis] /= f;
                    assertEquals(lr.get(src[0], src[1], src[2]), sr.get(x, y, z), 2e-3f);
                }
            }
        }
        assertTrue(Resampling.upsampleCubic(lr, axis, s).affine().approxEquals(sr.affine(), 1e-9));
    }

    @ParameterizedTest
    @CsvSource({"2,1.5", "0,1.5", "1,1.75"})
    void fractionalScaleWithIdentityNetworkIsTheCubicBaseline(int axis, double s) {
        // f = 1: the network output is its input, i.e. the cubic pre-upsampling onto the same-FOV grid.
        int[] dims = {6, 5, 8};
        Volume lr = lrVolume(axis, dims, s);
        Volume sr = copyModel(s).superResolve(lr, axis, SmoreConfig.defaults(), SmoreListener.NONE);
        Volume cubic = Resampling.upsampleCubic(lr, axis, s);
        assertArrayEquals(cubic.dims(), sr.dims());
        for (int i = 0; i < sr.voxelCount(); i++) {
            assertEquals(cubic.data()[i], sr.data()[i], 2e-3f);
        }
        assertTrue(cubic.affine().approxEquals(sr.affine(), 1e-9));
    }

    /** The written file as nibabel sees it: shape, pixdim, sform and qform (same affine, codes kept). */
    @ParameterizedTest
    @CsvSource({"0,4", "1,2.5", "2,4", "2,3"})
    void writtenFileMatchesNibabel(int axis, double s, @TempDir Path dir) throws Exception {
        int[] dims = {5, 6, 7};
        Volume lr = lrVolume(axis, dims, s);
        int m = (int) Math.round(dims[axis] * s);
        Volume out = SrGeometry.outputVolume(lr, axis, s, new float[lr.voxelCount() / dims[axis] * m]);
        Path f = dir.resolve("sr.nii.gz");
        NiftiWriter.write(out, f, false);
        String script = String.join("\n",
                "import nibabel as nib, numpy as np, sys",
                "img = nib.load(sys.argv[1])",
                "h = img.header",
                "print(' '.join(str(x) for x in img.shape))",
                "print(' '.join(repr(float(x)) for x in h['pixdim'][1:4]))",
                "print(' '.join(repr(float(x)) for x in img.get_sform().ravel()))",
                "print(' '.join(repr(float(x)) for x in img.get_qform().ravel()))",
                "print(int(h['sform_code']), int(h['qform_code']))");
        Path py = dir.resolve("check.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(TestData.PYTHON, py.toString(), f.toString()).redirectErrorStream(true).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), outText);
        String[] lines = outText.trim().split("\n");
        String[] shape = lines[0].trim().split(" ");
        for (int i = 0; i < 3; i++) {
            assertEquals(out.dim(i), Integer.parseInt(shape[i]));
        }
        String[] pix = lines[1].trim().split(" ");
        for (int i = 0; i < 3; i++) {
            assertEquals(out.spacing(i), Double.parseDouble(pix[i]), 1e-5);
        }
        for (int line = 2; line <= 3; line++) {
            String[] a = lines[line].trim().split(" ");
            for (int i = 0; i < 12; i++) {
                assertEquals(out.affine().get(i / 4, i % 4), Double.parseDouble(a[i]), 1e-4,
                        (line == 2 ? "sform" : "qform") + " element " + i);
            }
        }
        assertEquals("1 1", lines[4].trim());
    }

    @Test
    void batchesAreBalanced() {
        assertEquals(16, Inference.batchSize(32, 16384, 1 << 18));
        assertEquals(15, Inference.batchSize(45, 16384, 1 << 18)); // 3 batches of 15, not 16+16+13
        assertEquals(1, Inference.batchSize(10, 1 << 20, 1 << 18));
    }

}
