package org.espreso.core.nifti;

import static org.espreso.core.nifti.NiftiTestSupport.affine;
import static org.espreso.core.nifti.NiftiTestSupport.assertAffine;
import static org.espreso.core.nifti.NiftiTestSupport.assertInvalid;
import static org.espreso.core.nifti.NiftiTestSupport.oblique;
import static org.espreso.core.nifti.NiftiTestSupport.volume;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.espreso.core.TestData;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader and writer against nibabel (scripts/nifti_oracle.py run with Debian's python): every .nii/.nii.gz
 * of nibabel's test data, fixtures nibabel writes for the cases that data lacks, files our writer wrote, and
 * Colin27. The oracle runs twice for the whole class (make fixtures, then describe everything).
 */
class NiftiOracleTest {
    /** nibabel test files we refuse, and what the message must say. */
    private static final Map<String, String> REFUSED_DATA = Map.of(
            "row_major.dconn.nii", "CIFTI-2 file (intent_code 3001)",
            "nifti1.hdr", "magic is 'ni1'",
            "nifti2.hdr", "magic is 'ni2'",
            "analyze.hdr", "bad magic");

    @TempDir
    static Path dir;

    /** Fixture file → "ok" or the problem the reader must report. */
    private static final Map<Path, String> fixtures = new LinkedHashMap<>();
    /** Files the writer wrote, with the volume written. */
    private static final Map<Path, Volume> written = new LinkedHashMap<>();
    /** nibabel's view of each file. */
    private static final Map<Path, JsonNode> oracle = new LinkedHashMap<>();
    private static final List<Path> dataFiles = new ArrayList<>();

    @BeforeAll
    static void runOracle() throws Exception {
        Path made = dir.resolve("made");
        for (JsonNode f : NiftiTestSupport.oracle(dir, List.of("make", made.toString()))) {
            fixtures.put(Path.of(f.get("file").asText()), f.get("kind").asText());
        }
        try (Stream<Path> s = Files.list(TestData.nibabelData())) {
            s.filter(p -> p.getFileName().toString().matches(".*\\.(nii|nii\\.gz|hdr)")).sorted().forEach(dataFiles::add);
        }
        writeOurs(dir.resolve("ours"));
        List<Path> all = new ArrayList<>();
        fixtures.forEach((p, kind) -> {
            if (kind.equals("ok")) {
                all.add(p);
            }
        });
        all.addAll(dataFiles);
        all.addAll(written.keySet());
        all.add(TestData.colin27());
        List<String> args = new ArrayList<>(List.of("info", "--dump", dir.resolve("dump").toString()));
        all.forEach(p -> args.add(p.toString()));
        JsonNode infos = NiftiTestSupport.oracle(dir, args);
        for (int i = 0; i < all.size(); i++) {
            oracle.put(all.get(i), infos.get(i));
        }
    }

    private static void writeOurs(Path out) throws IOException {
        Files.createDirectories(out);
        Random rnd = new Random(7);
        int nx = 6, ny = 5, nz = 4, n = nx * ny * nz;
        float[] smooth = new float[n];
        float[] ints = new float[n];
        for (int i = 0; i < n; i++) {
            smooth[i] = (float) (rnd.nextGaussian() * 50 + 100);
            ints[i] = rnd.nextInt(256);
        }
        Affine flipped = oblique(true);
        Affine plain = oblique(false);
        Affine sheared = Affine.of(0.9, 0.3, 0.1, -10, 0.05, 1.1, -0.2, 20, 0.1, 0.2, 2.9, 30, 0, 0, 0, 1);
        put(out, "f32_n1_mirrored.nii.gz", volume(nx, ny, nz, smooth, flipped, new SpaceCodes(1, 2, 10, 16)),
                NiftiWriter.Options.defaults());
        put(out, "f64_n2_be.nii", volume(nx, ny, nz, smooth, plain, new SpaceCodes(2, 2, 10, 16)),
                new NiftiWriter.Options(2, ByteOrder.BIG_ENDIAN, NiftiDatatype.FLOAT64));
        put(out, "int16_scaled_n1_be.nii.gz", volume(nx, ny, nz, smooth, flipped, new SpaceCodes(1, 1, 2, 16)),
                new NiftiWriter.Options(1, ByteOrder.BIG_ENDIAN, NiftiDatatype.INT16));
        put(out, "uint8_n2.nii", volume(nx, ny, nz, ints, plain, new SpaceCodes(0, 0, 0, 2)),
                new NiftiWriter.Options(2, ByteOrder.LITTLE_ENDIAN, NiftiDatatype.UINT8));
        put(out, "qform_only.nii", volume(nx, ny, nz, smooth, flipped, new SpaceCodes(1, 0, 10, 16)),
                NiftiWriter.Options.defaults());
        put(out, "sheared.nii", volume(nx, ny, nz, smooth, sheared, new SpaceCodes(0, 3, 10, 16)),
                NiftiWriter.Options.defaults());
    }

    private static void put(Path out, String name, Volume v, NiftiWriter.Options o) throws IOException {
        Path p = out.resolve(name);
        NiftiWriter.write(v, p, false, o);
        written.put(p, v);
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Our reading agrees with nibabel's: dims, affine, qform, sform, codes, every voxel of the first and last volume. */
    private static void agrees(Path file, JsonNode nb) throws IOException {
        assertNull(nb.get("error"), () -> "nibabel could not read " + file + ": " + nb.get("error"));
        NiftiHeader h = NiftiReader.readHeader(file);
        JsonNode shape = nb.get("shape");
        long[] dim = h.dim();
        assertEquals(shape.size(), dim[0], "dim[0]");
        for (int i = 0; i < shape.size(); i++) {
            assertEquals(shape.get(i).asLong(), dim[i + 1], "dim[" + (i + 1) + "]");
        }
        assertEquals(nb.get("version").asInt(), h.version());
        assertEquals(nb.get("endianness").asText().equals("big") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                h.byteOrder());
        assertEquals(nb.get("datatype").asInt(), h.datatypeCode());
        assertEquals(nb.get("qform_code").asInt(), h.qformCode(), "qform_code");
        assertEquals(nb.get("sform_code").asInt(), h.sformCode(), "sform_code");
        assertEquals(nb.get("xyzt_units").asInt(), h.xyztUnits(), "xyzt_units");
        assertEquals(nb.get("scl_slope").asDouble(), h.effectiveSlope(), 1e-7 * Math.abs(h.effectiveSlope()));
        assertEquals(nb.get("scl_inter").asDouble(), h.effectiveIntercept(), 1e-7 * Math.abs(h.effectiveIntercept()));
        for (int i = 0; i < 8; i++) {
            assertEquals(nb.get("pixdim").get(i).asDouble(), h.pixdim()[i], 1e-12, "pixdim[" + i + "]");
        }
        assertAffine(affine(nb.get("sform")), h.sformAffine(), 1e-4, "sform");
        if (nb.has("qform")) {
            assertAffine(affine(nb.get("qform")), h.qformAffine(), 1e-4, "qform");
        }
        // With qform and sform codes both 0 too: nibabel's centred, x-flipped base affine.
        Affine expected = affine(nb.get("affine"));
        Volume v0 = NiftiReader.read(file, 0);
        assertAffine(expected, v0.affine(), 1e-4, "affine (" + h.affineSource() + ")");
        assertArrayEquals(h.spatialDims(), v0.dims());
        for (int i = 0; i < 3; i++) {
            double p = h.extent(i + 1) > 1 || h.pixdim()[i + 1] != 0 ? Math.abs(h.pixdim()[i + 1]) : 1;
            assertEquals(p, v0.spacing(i), 1e-12, "spacing " + i);
        }
        assertEquals(new SpaceCodes(h.qformCode(), h.sformCode(), h.xyztUnits(), h.datatypeCode()), v0.codes());

        float[] all = NiftiTestSupport.dump(nb);
        int nvox = v0.voxelCount();
        int vols = h.volumeCount();
        assertEquals((long) nvox * vols, all.length, "voxel count vs nibabel");
        double tol = 1e-6 * Math.max(1, Math.abs(h.effectiveIntercept()));
        compare(file, all, 0, v0.data(), tol);
        if (vols > 1) {
            assertInvalid(file, () -> NiftiReader.read(file), "4-D image with " + vols
                    + " volumes; choose one with --volume INDEX");
            compare(file, all, (long) (vols - 1) * nvox, NiftiReader.read(file, vols - 1).data(), tol);
            assertInvalid(file, () -> NiftiReader.read(file, vols), "volume index " + vols + " is out of range");
        } else {
            assertArrayEquals(v0.data(), NiftiReader.read(file).data());
        }
    }

    private static void compare(Path file, float[] all, long offset, float[] ours, double tol) {
        for (int i = 0; i < ours.length; i++) {
            float e = all[(int) (offset + i)];
            float a = ours[i];
            if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e))) && !(Float.isNaN(a) && Float.isNaN(e))) {
                fail(String.format(Locale.ROOT, "%s: voxel %d: nibabel %s, ours %s", file, offset + i, e, a));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> nibabelTestData() {
        assertTrue(dataFiles.size() >= 8, "nibabel test data found: " + dataFiles);
        return dataFiles.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            String refusal = REFUSED_DATA.get(p.getFileName().toString());
            if (refusal != null) {
                assertInvalid(p, () -> NiftiReader.read(p, 0), refusal);
            } else {
                agrees(p, oracle.get(p));
            }
        }));
    }

    @Test
    void nibabelTestDataCoversTheHardCases() {
        boolean bigEndian = false, nifti2 = false, fourD = false, sformOnly = false, gz = false;
        for (Path p : dataFiles) {
            JsonNode nb = oracle.get(p);
            if (nb.has("error") || REFUSED_DATA.containsKey(p.getFileName().toString())) {
                continue;
            }
            bigEndian |= nb.get("endianness").asText().equals("big");
            nifti2 |= nb.get("version").asInt() == 2;
            fourD |= nb.get("shape").size() == 4;
            sformOnly |= nb.get("qform_code").asInt() == 0 && nb.get("sform_code").asInt() > 0;
            gz |= p.toString().endsWith(".gz");
        }
        assertTrue(bigEndian && nifti2 && fourD && sformOnly && gz);
    }

    @TestFactory
    Stream<DynamicTest> nibabelWrittenFixtures() {
        assertTrue(fixtures.size() > 40, "fixtures: " + fixtures.size());
        return fixtures.entrySet().stream().map(f -> DynamicTest.dynamicTest(f.getKey().getFileName().toString(), () -> {
            Path p = f.getKey();
            if (f.getValue().equals("ok")) {
                agrees(p, oracle.get(p));
            } else {
                assertInvalid(p, () -> NiftiReader.read(p), f.getValue());
            }
        }));
    }

    @Test
    void fixturesReachEveryAffineSource() {
        Map<NiftiHeader.AffineSource, Integer> sources = new LinkedHashMap<>();
        fixtures.forEach((p, kind) -> {
            if (kind.equals("ok")) {
                sources.merge(NiftiReader.readHeader(p).affineSource(), 1, Integer::sum);
            }
        });
        assertEquals(3, sources.size(), sources.toString());
    }

    @TestFactory
    Stream<DynamicTest> nibabelReadsWhatWeWrite() {
        return written.entrySet().stream().map(w -> DynamicTest.dynamicTest(w.getKey().getFileName().toString(), () -> {
            Path p = w.getKey();
            Volume v = w.getValue();
            JsonNode nb = oracle.get(p);
            assertNull(nb.get("error"), () -> "nibabel: " + nb.get("error"));
            assertEquals("espreso", nb.get("descrip").asText());
            assertArrayEquals(v.dims(), new int[] {nb.get("shape").get(0).asInt(), nb.get("shape").get(1).asInt(),
                    nb.get("shape").get(2).asInt()});
            SpaceCodes c = v.codes();
            int q = c.qformCode() == 0 && c.sformCode() == 0 ? 1 : c.qformCode();
            int s = c.qformCode() == 0 && c.sformCode() == 0 ? 1 : c.sformCode();
            assertEquals(q, nb.get("qform_code").asInt(), "qform_code");
            assertEquals(s, nb.get("sform_code").asInt(), "sform_code");
            assertEquals(c.xyztUnits(), nb.get("xyzt_units").asInt(), "xyzt_units");
            Affine a = v.affine();
            assertAffine(a, affine(nb.get("sform")), 1e-4, "nibabel get_sform()");
            double det = a.get(0, 0) * (a.get(1, 1) * a.get(2, 2) - a.get(1, 2) * a.get(2, 1))
                    - a.get(0, 1) * (a.get(1, 0) * a.get(2, 2) - a.get(1, 2) * a.get(2, 0))
                    + a.get(0, 2) * (a.get(1, 0) * a.get(2, 1) - a.get(1, 1) * a.get(2, 0));
            assertEquals(Math.signum(det), nb.get("pixdim").get(0).asDouble(), "qfac");
            for (int i = 0; i < 3; i++) {
                assertEquals(a.columnNorm(i), nb.get("pixdim").get(i + 1).asDouble(), 1e-5, "pixdim[" + (i + 1) + "]");
            }
            boolean rigid = !p.getFileName().toString().startsWith("sheared");
            if (rigid) {
                assertAffine(a, affine(nb.get("qform")), 1e-4, "nibabel get_qform()");
                assertAffine(a, affine(nb.get("affine")), 1e-4, "nibabel img.affine");
            } else {
                assertAffine(a, affine(nb.get("affine")), 1e-4, "nibabel img.affine (the sform)");
            }
            float[] theirs = NiftiTestSupport.dump(nb);
            float[] ours = v.data();
            double slope = nb.get("scl_slope").asDouble();
            boolean integer = NiftiReader.readHeader(p).datatype().isInteger();
            for (int i = 0; i < ours.length; i++) {
                double tol = integer ? slope / 2 * 1.0001 : 0;
                if (Math.abs(ours[i] - theirs[i]) > tol) {
                    fail(p + ": voxel " + i + " wrote " + ours[i] + ", nibabel reads " + theirs[i]);
                }
            }
            // and we read back what nibabel reads
            compare(p, theirs, 0, NiftiReader.read(p).data(), 1e-6);
        }));
    }

    @Test
    void colin27() throws Exception {
        Path file = TestData.colin27();
        JsonNode nb = oracle.get(file);
        long t0 = System.nanoTime();
        Volume v = NiftiReader.read(file);
        long t1 = System.nanoTime();
        assertArrayEquals(new int[] {181, 217, 181}, v.dims());
        assertArrayEquals(new double[] {1, 1, 1}, v.spacing(), 1e-6);
        assertAffine(affine(nb.get("affine")), v.affine(), 1e-4, "Colin27 affine");
        agrees(file, nb);
        // a few voxels by coordinates, against nibabel's array in x-fastest order
        float[] theirs = NiftiTestSupport.dump(nb);
        int[][] at = {{90, 108, 90}, {0, 0, 0}, {180, 216, 180}, {60, 150, 100}, {120, 70, 40}};
        for (int[] ijk : at) {
            int i = ijk[0] + 181 * (ijk[1] + 217 * ijk[2]);
            assertEquals(theirs[i], v.get(ijk[0], ijk[1], ijk[2]), 0, "voxel " + java.util.Arrays.toString(ijk));
        }
        assertTrue(v.get(90, 108, 90) > 0, "brain centre is not background");

        Path nii = dir.resolve("colin.nii");
        Path gz = dir.resolve("colin.nii.gz");
        long t2 = System.nanoTime();
        NiftiWriter.write(v, gz, false);
        long t3 = System.nanoTime();
        NiftiWriter.write(v, nii, false);
        long t4 = System.nanoTime();
        Volume back = NiftiReader.read(gz);
        long t5 = System.nanoTime();
        NiftiReader.read(nii);
        long t6 = System.nanoTime();
        assertArrayEquals(v.data(), back.data());
        assertAffine(v.affine(), back.affine(), 1e-5, "Colin27 written and read back");
        System.out.printf(Locale.ROOT, "Colin27: read uint8 .nii.gz %.0f ms; write float32 .nii.gz %.0f ms (%d bytes), "
                        + ".nii %.0f ms; read float32 .nii.gz %.0f ms, .nii %.0f ms%n",
                (t1 - t0) / 1e6, (t3 - t2) / 1e6, Files.size(gz), (t4 - t3) / 1e6, (t5 - t4) / 1e6, (t6 - t5) / 1e6);
    }
}
