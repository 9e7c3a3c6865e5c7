package org.espreso.core.nifti;

import static org.espreso.core.nifti.NiftiTestSupport.assertAffine;
import static org.espreso.core.nifti.NiftiTestSupport.assertInvalid;
import static org.espreso.core.nifti.NiftiTestSupport.oblique;
import static org.espreso.core.nifti.NiftiTestSupport.volume;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.espreso.core.io.OutputFiles;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer behaviour beyond plain round trips: overwrite policy, atomicity, integer scaling, the qform. */
class NiftiWriterTest {
    @TempDir
    Path dir;

    private static Volume ramp(float start, float step) {
        float[] d = new float[6 * 5 * 4];
        for (int i = 0; i < d.length; i++) {
            d[i] = start + step * i;
        }
        return volume(6, 5, 4, d, oblique(false), SpaceCodes.defaults());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void existingOutputIsKeptWithoutForce() throws IOException {
        Path p = dir.resolve("out.nii.gz");
        NiftiWriter.write(ramp(0, 1), p, false);
        byte[] before = Files.readAllBytes(p);
        OutputFiles.OutputExistsException e = assertThrows(OutputFiles.OutputExistsException.class,
                () -> NiftiWriter.write(ramp(5, 2), p, false));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p), "old file untouched");
        assertEquals(List.of(p), listing(), "nothing else left behind");
        NiftiWriter.write(ramp(5, 2), p, true);
        assertEquals(7f, NiftiReader.read(p).data()[1]);
    }

    /** A stream that fails after some bytes, like a full disk. */
    private static OutputStream failingAfter(OutputStream out, int limit) {
        return new FilterOutputStream(out) {
            int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > limit) {
                    throw new IOException("disk full (simulated)");
                }
                written += len;
                out.write(b, off, len);
            }
        };
    }

    @Test
    void failingWriteLeavesNoFile() throws IOException {
        for (String name : new String[] {"fail.nii", "fail.nii.gz"}) {
            Path p = dir.resolve(name);
            Volume big = volume(64, 64, 16, new float[64 * 64 * 16], oblique(false), SpaceCodes.defaults());
            IOException e = assertThrows(IOException.class, () -> NiftiWriter.write(big, p, false,
                    NiftiWriter.Options.defaults(), out -> failingAfter(out, name.endsWith(".gz") ? 20 : 1000)));
            assertEquals(p + ": disk full (simulated)", e.getMessage(), "the error names the file (a full disk's does not)");
            assertFalse(Files.exists(p));
            assertEquals(List.of(), listing(), "no temporary file left behind");
        }
        // a failed overwrite keeps the old file
        Path p = dir.resolve("keep.nii");
        NiftiWriter.write(ramp(0, 1), p, false);
        byte[] before = Files.readAllBytes(p);
        assertThrows(IOException.class, () -> NiftiWriter.write(ramp(9, 9), p, true, NiftiWriter.Options.defaults(),
                out -> failingAfter(out, 400)));
        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals(List.of(p), listing());
    }

    @Test
    void nonFiniteValuesCannotBeStoredAsIntegers() throws IOException {
        Volume v = ramp(0, 1);
        v.data()[3] = Float.NaN;
        Path p = dir.resolve("nan.nii");
        assertInvalid(p, () -> NiftiWriter.write(v, p, false, NiftiDatatype.INT16), "voxel 3 is NaN", "int16",
                "float32");
        assertEquals(List.of(), listing());
        v.data()[3] = Float.NEGATIVE_INFINITY;
        assertInvalid(p, () -> NiftiWriter.write(v, p, false, NiftiDatatype.UINT8), "voxel 3 is -Infinity");
        // float types keep them
        v.data()[4] = Float.NaN;
        NiftiWriter.write(v, p, false);
        float[] back = NiftiReader.read(p).data();
        assertEquals(Float.NEGATIVE_INFINITY, back[3]);
        assertTrue(Float.isNaN(back[4]));
    }

    @Test
    void outputNameMustBeNifti() {
        Path p = dir.resolve("out.img");
        assertInvalid(p, () -> NiftiWriter.write(ramp(0, 1), p, false), "output name must end in .nii or .nii.gz");
        Path upper = dir.resolve("OUT.NII.GZ");
        assertTrue(assertDoesNotThrowWrite(upper));
    }

    private static boolean assertDoesNotThrowWrite(Path p) {
        try {
            NiftiWriter.write(ramp(0, 1), p, false);
            byte[] b = Files.readAllBytes(p);
            return (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void integralValuesThatFitAreStoredExactly() throws IOException {
        Path p = dir.resolve("exact.nii");
        NiftiWriter.write(ramp(-100, 1), p, false, NiftiDatatype.INT16);
        NiftiHeader h = NiftiReader.readHeader(p);
        assertEquals(1.0, h.sclSlope());
        assertEquals(0.0, h.sclInter());
        assertArrayEquals(ramp(-100, 1).data(), NiftiReader.read(p).data());
    }

    @Test
    void integralValuesWhoseSpanFitsAreShiftedExactly() throws IOException {
        for (float start : new float[] {1000, -5}) {
            Path p = dir.resolve("shift" + start + ".nii.gz");
            Volume v = ramp(start, 1);
            NiftiWriter.write(v, p, false, NiftiDatatype.UINT8);
            NiftiHeader h = NiftiReader.readHeader(p);
            assertEquals(1.0, h.sclSlope());
            assertEquals(start, h.sclInter());
            assertArrayEquals(v.data(), NiftiReader.read(p).data());
        }
    }

    @Test
    void otherValuesAreQuantisedOntoTheTypeRange() throws IOException {
        for (NiftiDatatype t : new NiftiDatatype[] {NiftiDatatype.UINT8, NiftiDatatype.INT8, NiftiDatatype.INT16,
                NiftiDatatype.UINT16, NiftiDatatype.INT32, NiftiDatatype.UINT32}) {
            Volume v = ramp(-3.7f, 0.731f);
            Path p = dir.resolve("q_" + t + ".nii");
            NiftiWriter.write(v, p, false, t);
            NiftiHeader h = NiftiReader.readHeader(p);
            double slope = h.sclSlope();
            assertNotEquals(1.0, slope, t.toString());
            double span = v.data()[v.voxelCount() - 1] - v.data()[0];
            assertEquals(span / (t.maxValue() - t.minValue()), slope, slope * 1e-6, t + " uses the full range");
            float[] back = NiftiReader.read(p).data();
            for (int i = 0; i < back.length; i++) {
                assertEquals(v.data()[i], back[i], slope / 2 * 1.001 + Math.ulp(v.data()[i]) * 4, t + " voxel " + i);
            }
        }
        // a constant non-integral image
        float[] c = new float[6 * 5 * 4];
        java.util.Arrays.fill(c, 2.5f);
        Path p = dir.resolve("const.nii");
        NiftiWriter.write(volume(6, 5, 4, c, oblique(false), SpaceCodes.defaults()), p, false, NiftiDatatype.UINT8);
        assertArrayEquals(c, NiftiReader.read(p).data());
    }

    @Test
    void bothCodesZeroAreWrittenAsOne() throws IOException {
        Path p = dir.resolve("codes.nii");
        Volume v = ramp(0, 1).withCodes(new SpaceCodes(0, 0, 0, 4));
        NiftiWriter.write(v, p, false);
        NiftiHeader h = NiftiReader.readHeader(p);
        assertEquals(1, h.qformCode());
        assertEquals(1, h.sformCode());
        assertEquals(0, h.xyztUnits());
    }

    @Test
    void codesAndUnitsAreKept() throws IOException {
        Path p = dir.resolve("qonly.nii.gz");
        Affine a = oblique(true);
        Volume v = volume(6, 5, 4, ramp(0, 1).data(), a, new SpaceCodes(3, 0, 2 | 24, 512));
        NiftiWriter.write(v, p, false);
        NiftiHeader h = NiftiReader.readHeader(p);
        assertEquals(3, h.qformCode());
        assertEquals(0, h.sformCode());
        assertEquals(2 | 24, h.xyztUnits());
        assertEquals(NiftiHeader.AffineSource.QFORM, h.affineSource());
        Volume back = NiftiReader.read(p);
        assertAffine(a, back.affine(), 1e-5, "qform carries the affine");
        assertEquals(new SpaceCodes(3, 0, 2 | 24, 16), back.codes());
    }

    /** Rotations that hit every branch of the quaternion extraction, with and without a mirror. */
    @Test
    void qformReproducesRigidAffines() throws IOException {
        double[][][] rotations = {
            {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
            {{1, 0, 0}, {0, -1, 0}, {0, 0, -1}},   // 180° about x
            {{-1, 0, 0}, {0, 1, 0}, {0, 0, -1}},   // 180° about y
            {{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}},   // 180° about z
            {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}},    // 180° about x+y
            {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},     // axis permutation
            {{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}},    // mirror (LAS)
            {{0, 0, -1}, {-1, 0, 0}, {0, 1, 0}},   // sagittal-like
        };
        int k = 0;
        for (double[][] r : rotations) {
            for (double[][] extra : new double[][][] {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                    NiftiTestSupport.mul(new double[][] {{1, 0, 0}, {0, Math.cos(0.4), -Math.sin(0.4)},
                            {0, Math.sin(0.4), Math.cos(0.4)}}, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})}) {
                double[][] m = NiftiTestSupport.mul(extra, r);
                double[] zoom = {0.8, 1.2, 4.0};
                double[] rm = new double[16];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        rm[4 * i + j] = m[i][j] * zoom[j];
                    }
                    rm[4 * i + 3] = 10 * i - 7;
                }
                rm[15] = 1;
                Affine a = Affine.of(rm);
                Path p = dir.resolve("rot" + k++ + ".nii");
                NiftiWriter.write(volume(6, 5, 4, ramp(0, 1).data(), a, SpaceCodes.defaults()), p, false,
                        NiftiWriter.Options.defaults().withVersion(2));
                NiftiHeader h = NiftiReader.readHeader(p);
                assertAffine(a, h.qformAffine(), 1e-9, "qform of rotation " + (k - 1));
                assertAffine(a, h.sformAffine(), 0, "sform of rotation " + (k - 1));
                double det = new org.apache.commons.math3.linear.LUDecomposition(
                        org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(m)).getDeterminant();
                assertEquals(Math.signum(det), h.qfac(), "qfac");
                assertArrayEquals(new double[] {0.8, 1.2, 4.0}, new double[] {h.pixdim()[1], h.pixdim()[2],
                        h.pixdim()[3]}, 1e-12);
            }
        }
    }

    @Test
    void shearedAffineKeepsTheSformAndAnApproximateQform() throws IOException {
        Affine sheared = Affine.of(1, 0.5, 0, 3, 0, 1, 0, 4, 0, 0, 2, 5, 0, 0, 0, 1);
        Path p = dir.resolve("shear.nii");
        NiftiWriter.write(volume(6, 5, 4, ramp(0, 1).data(), sheared, SpaceCodes.defaults()), p, false);
        NiftiHeader h = NiftiReader.readHeader(p);
        assertAffine(sheared, NiftiReader.read(p).affine(), 1e-6, "sform used");
        assertEquals(Math.sqrt(1.25), h.pixdim()[2], 1e-6, "pixdim = column norm");
        Affine q = h.qformAffine();
        for (int c = 0; c < 3; c++) {
            assertEquals(sheared.columnNorm(c), q.columnNorm(c), 1e-6, "qform column " + c + " keeps the voxel size");
        }
    }

    @Test
    void badGeometryIsRefused() {
        Path p = dir.resolve("bad.nii");
        Volume singular = volume(6, 5, 4, ramp(0, 1).data(), Affine.scaling(1, 1, 1), SpaceCodes.defaults())
                .withGeometry(new int[] {6, 5, 4}, new double[] {1, 1, 1},
                        Affine.of(1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1), ramp(0, 1).data());
        assertInvalid(p, () -> NiftiWriter.write(singular, p, false), "affine is singular");
        Volume nan = singular.withGeometry(new int[] {6, 5, 4}, new double[] {1, 1, 1},
                Affine.of(1, 0, 0, Double.NaN, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1), ramp(0, 1).data());
        assertInvalid(p, () -> NiftiWriter.write(nan, p, false), "non-finite");
    }

    @Test
    void niftiOneDimsAreSixteenBit() throws IOException {
        Volume wide = volume(40000, 1, 1, new float[40000], Affine.scaling(1, 1, 1), SpaceCodes.defaults());
        Path p = dir.resolve("wide.nii");
        assertInvalid(p, () -> NiftiWriter.write(wide, p, false), "dim[1] = 40000", "write NIfTI-2");
        NiftiWriter.write(wide, p, false, NiftiWriter.Options.defaults().withVersion(2));
        assertEquals(40000, NiftiReader.read(p).dim(0));
    }

    @Test
    void options() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> new NiftiWriter.Options(3, ByteOrder.BIG_ENDIAN,
                NiftiDatatype.FLOAT32));
        assertThrows(IllegalArgumentException.class, () -> NiftiWriter.Options.defaults().withCompressionLevel(0));
        assertEquals(NiftiDatatype.INT16, NiftiDatatype.fromName("int16"));
        assertEquals(NiftiDatatype.UINT32, NiftiDatatype.fromCode(768));
        assertEquals("datatype 1792 (complex128) is not supported; supported: uint8, int8, int16, uint16, int32, "
                + "uint32, float32, float64",
                assertThrows(IllegalArgumentException.class, () -> NiftiDatatype.fromCode(1792)).getMessage());
        Volume v = ramp(0, 0.001f);
        Path fast = dir.resolve("fast.nii.gz");
        Path small = dir.resolve("small.nii.gz");
        NiftiWriter.write(v, fast, false, NiftiWriter.Options.defaults().withCompressionLevel(1));
        NiftiWriter.write(v, small, false, NiftiWriter.Options.defaults().withCompressionLevel(9));
        assertArrayEquals(NiftiReader.read(fast).data(), NiftiReader.read(small).data());
        assertArrayEquals(v.data(), NiftiReader.read(small).data());
    }
}
