package org.espreso.core.nifti;

import static org.espreso.core.nifti.NiftiTestSupport.assertAffine;
import static org.espreso.core.nifti.NiftiTestSupport.oblique;
import static org.espreso.core.nifti.NiftiTestSupport.valuesFor;
import static org.espreso.core.nifti.NiftiTestSupport.volume;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.espreso.core.volume.Affine;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Write then read every datatype × byte order × .nii/.nii.gz × NIfTI-1/NIfTI-2: nothing is lost. */
class NiftiRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (NiftiDatatype t : NiftiDatatype.values()) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                for (boolean gz : new boolean[] {false, true}) {
                    for (int version : new int[] {1, 2}) {
                        all.add(Arguments.of(t, order, gz, version));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} gz={2} NIfTI-{3}")
    @MethodSource("combinations")
    void roundTrip(NiftiDatatype type, ByteOrder order, boolean gz, int version) throws Exception {
        int nx = 7, ny = 5, nz = 4;
        boolean mirrored = type.ordinal() % 2 == 0;
        Affine affine = oblique(mirrored);
        float[] data = valuesFor(type, nx * ny * nz, type.code() * 31L + version);
        SpaceCodes codes = new SpaceCodes(2, 4, 2 | 8, 16);
        Volume v = volume(nx, ny, nz, data, affine, codes);
        Path file = dir.resolve("rt" + (gz ? ".nii.gz" : ".nii"));

        NiftiWriter.write(v, file, false, new NiftiWriter.Options(version, order, type));

        byte[] raw = Files.readAllBytes(file);
        assertEquals(gz, (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b, "gzip by name");
        byte[] plain = gz ? NiftiTestSupport.gunzip(raw) : raw;
        int headerSize = version == 1 ? 348 : 540;
        assertEquals(headerSize, ByteBuffer.wrap(plain).order(order).getInt(0), "sizeof_hdr in the asked byte order");
        assertEquals(headerSize + 4 + nx * ny * nz * type.bytes(), plain.length, "header + extension flag + voxels");

        NiftiHeader h = NiftiReader.readHeader(file);
        assertEquals(version, h.version());
        assertEquals(order, h.byteOrder());
        assertEquals(gz, h.gzipped());
        assertEquals(type, h.datatype());
        assertEquals(type.bitpix(), h.bitpix());
        assertEquals(headerSize + 4, h.voxOffset());
        assertEquals("espreso", h.descrip());
        assertEquals(mirrored ? -1.0 : 1.0, h.qfac());
        assertEquals(1.0, h.sclSlope());
        assertEquals(0.0, h.sclInter());
        assertEquals(NiftiHeader.AffineSource.SFORM, h.affineSource());

        Volume back = NiftiReader.read(file);
        assertArrayEquals(new int[] {nx, ny, nz}, back.dims());
        assertArrayEquals(data, back.data(), "voxel values");
        double tol = version == 1 ? 1e-5 : 1e-12;
        assertArrayEquals(v.spacing(), back.spacing(), tol * 3);
        assertAffine(affine, back.affine(), tol * 50, "affine");
        assertAffine(affine, h.qformAffine(), 1e-4, "qform (the nearest rigid transform, exact here)");
        assertEquals(new SpaceCodes(2, 4, 2 | 8, type.code()), back.codes());

        // the same through read(file, 0)
        assertArrayEquals(data, NiftiReader.read(file, 0).data());
    }
}
