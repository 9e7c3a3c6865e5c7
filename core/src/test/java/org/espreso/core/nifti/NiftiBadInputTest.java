package org.espreso.core.nifti;

import static org.espreso.core.nifti.NiftiTestSupport.assertInvalid;
import static org.espreso.core.nifti.NiftiTestSupport.gunzip;
import static org.espreso.core.nifti.NiftiTestSupport.gzip;
import static org.espreso.core.nifti.NiftiTestSupport.le;
import static org.espreso.core.nifti.NiftiTestSupport.oblique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.espreso.core.volume.SpaceCodes;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken, lying and unsupported files: each fails with one line naming the file and the field at fault. */
class NiftiBadInputTest {
    @TempDir
    Path dir;

    /** A valid little-endian NIfTI-1 int16 image (8×6×5), uncompressed. */
    byte[] n1;
    /** The same as NIfTI-2. */
    byte[] n2;

    @BeforeEach
    void validFiles() throws IOException {
        float[] data = new float[8 * 6 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = i % 300 - 100;
        }
        Volume v = NiftiTestSupport.volume(8, 6, 5, data, oblique(false), SpaceCodes.defaults());
        Path p1 = dir.resolve("valid1.nii");
        Path p2 = dir.resolve("valid2.nii");
        NiftiWriter.write(v, p1, false, NiftiDatatype.INT16);
        NiftiWriter.write(v, p2, false, new NiftiWriter.Options(2, ByteOrder.LITTLE_ENDIAN, NiftiDatatype.INT16));
        n1 = Files.readAllBytes(p1);
        n2 = Files.readAllBytes(p2);
        assertEquals(data[77], NiftiReader.read(p1).data()[77]);
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path patched1(String name, java.util.function.Consumer<ByteBuffer> patch) throws IOException {
        byte[] b = n1.clone();
        patch.accept(le(b));
        return file(name, name.endsWith(".gz") ? gzip(b) : b);
    }

    private Path patched2(String name, java.util.function.Consumer<ByteBuffer> patch) throws IOException {
        byte[] b = n2.clone();
        patch.accept(le(b));
        return file(name, name.endsWith(".gz") ? gzip(b) : b);
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.nii.gz");
        assertInvalid(p, () -> NiftiReader.read(p), "no such file");
        assertInvalid(p, () -> NiftiReader.readHeader(p), "no such file");
    }

    @Test
    void directory() {
        assertInvalid(dir, () -> NiftiReader.read(dir), "is a directory");
    }

    @Test
    void emptyAndTinyFiles() throws IOException {
        Path empty = file("empty.nii", new byte[0]);
        assertInvalid(empty, () -> NiftiReader.read(empty), "too short");
        Path tiny = file("tiny.nii", new byte[] {1});
        assertInvalid(tiny, () -> NiftiReader.read(tiny), "too short");
        Path cut = file("cut.nii", Arrays.copyOf(n1, 200));
        assertInvalid(cut, () -> NiftiReader.read(cut), "inside the NIfTI-1 header: 200 of 348 bytes");
    }

    @Test
    void notNifti() throws IOException {
        Path p = file("text.nii", "hello, this is not an image at all, just text, long enough to be a header?".repeat(10)
                .getBytes());
        assertInvalid(p, () -> NiftiReader.read(p), "not a NIfTI file: sizeof_hdr is", "348", "540");
    }

    @Test
    void wrongMagic() throws IOException {
        Path p = patched1("magic.nii", b -> b.put(344, (byte) 'x'));
        assertInvalid(p, () -> NiftiReader.read(p), "bad magic 'x+1\\x00'", "expected 'n+1'");
        Path gz = patched1("magic.nii.gz", b -> b.put(346, (byte) '2'));
        assertInvalid(gz, () -> NiftiReader.readHeader(gz), "bad magic 'n+2\\x00'");
        Path analyze = patched1("analyze.nii", b -> b.put(344, new byte[4]));
        assertInvalid(analyze, () -> NiftiReader.read(analyze), "bad magic", "Analyze");
        Path p2 = patched2("magic2.nii", b -> b.put(5, (byte) '1'));
        assertInvalid(p2, () -> NiftiReader.read(p2), "bad magic 'n12\\x00\\x0d\\x0a\\x1a\\x0a'", "expected 'n+2'");
        Path eol = patched2("eol2.nii", b -> b.put(8, (byte) '\n'));
        assertInvalid(eol, () -> NiftiReader.read(eol), "magic 'n+2' is followed by", "text-mode");
    }

    @Test
    void twoFilePairsAreRefusedByName() throws IOException {
        Path p = patched1("pair.nii", b -> b.put(345, (byte) 'i'));
        assertInvalid(p, () -> NiftiReader.read(p), "magic is 'ni1'", ".hdr/.img", "not supported");
    }

    @Test
    void dimsDoNotMatchFileLength() throws IOException {
        Path p = file("short.nii", Arrays.copyOf(n1, n1.length - 10));
        assertInvalid(p, () -> NiftiReader.read(p), "header says 480 bytes of voxel data", "after offset 352",
                "but file has only 470");
        Path more = patched1("bigger.nii", b -> b.putShort(46, (short) 6));
        assertInvalid(more, () -> NiftiReader.readHeader(more), "header says 576 bytes", "file has only 480");
        Path p2 = file("short2.nii", Arrays.copyOf(n2, n2.length - 1));
        assertInvalid(p2, () -> NiftiReader.read(p2), "after offset 544 but file has only 479");
    }

    @Test
    void headerClaimingTwoToThe31VoxelsFailsFast() throws IOException {
        Path p = patched1("huge.nii", b -> {
            b.putShort(42, (short) 2048);
            b.putShort(44, (short) 1024);
            b.putShort(46, (short) 1024);
        });
        Path gz = patched1("huge.nii.gz", b -> {
            b.putShort(42, (short) 2048);
            b.putShort(44, (short) 1024);
            b.putShort(46, (short) 1024);
        });
        Path n2huge = patched2("huge2.nii", b -> b.putLong(24, 1L << 40));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertInvalid(p, () -> NiftiReader.read(p), "2048×1024×1024 is 2147483648 voxels per volume",
                    "more than the 2147483639 a Java array can hold");
            assertInvalid(gz, () -> NiftiReader.read(gz), "2147483648 voxels per volume");
            assertInvalid(n2huge, () -> NiftiReader.read(n2huge), "voxels per volume");
        });
    }

    @Test
    void lyingCompressedHeaderDoesNotAllocateWhatItClaims() throws IOException {
        // 2^30 float32 voxels would need 4 GiB, more than the test JVM has: the reader must notice the short stream
        Path gz = patched1("lying.nii.gz", b -> {
            b.putShort(70, (short) 16);
            b.putShort(72, (short) 32);
            b.putShort(42, (short) 1024);
            b.putShort(44, (short) 1024);
            b.putShort(46, (short) 1024);
        });
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertInvalid(gz, () -> NiftiReader.read(gz),
                "header says 4294967296 bytes of voxel data after offset 352 but the decompressed stream has only 480"));
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] big = n1.clone();
        byte[] gz = gzip(big);
        Path mid = file("mid.nii.gz", Arrays.copyOf(gz, gz.length / 2 + 20));
        assertInvalid(mid, () -> NiftiReader.read(mid), "truncated gzip stream");
        Path trailer = file("trailer.nii.gz", Arrays.copyOf(gz, gz.length - 4));
        assertInvalid(trailer, () -> NiftiReader.read(trailer), "truncated gzip stream");
        Path inHeader = file("inheader.nii.gz", Arrays.copyOf(gz, 12));
        assertInvalid(inHeader, () -> NiftiReader.readHeader(inHeader), "truncated gzip stream");
        Path gzHeaderOnly = file("gzheader.nii.gz", Arrays.copyOf(gz, 5));
        assertInvalid(gzHeaderOnly, () -> NiftiReader.readHeader(gzHeaderOnly), "truncated gzip stream");
    }

    @Test
    void truncatedGzipOfRealImage() throws IOException {
        byte[] colin = Files.readAllBytes(org.espreso.core.TestData.colin27());
        Path p = file("colin_cut.nii.gz", Arrays.copyOf(colin, colin.length * 3 / 4));
        assertInvalid(p, () -> NiftiReader.read(p), "truncated gzip stream: it ends after",
                "the header needs 7109489 (vox_offset 352 + 7109137 bytes of voxel data)");
        // the header alone is still readable
        assertEquals(181, NiftiReader.readHeader(p).dim()[1]);
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = gzip(n1);
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 0x55;
        Path badCrc = file("crc.nii.gz", crc);
        assertInvalid(badCrc, () -> NiftiReader.read(badCrc), "corrupt gzip stream", "Corrupt GZIP trailer");
        byte[] body = gz.clone();
        for (int i = 40; i < 60; i++) {
            body[i] = (byte) 0xff;
        }
        Path badBody = file("body.nii.gz", body);
        assertInvalid(badBody, () -> NiftiReader.read(badBody), "gzip stream");
        byte[] head = gz.clone();
        head[2] = 9; // compression method other than deflate
        Path badHead = file("head.nii.gz", head);
        assertInvalid(badHead, () -> NiftiReader.read(badHead), "corrupt gzip stream");
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        Path gzNamedNii = file("really_gz.nii", gzip(n1));
        Path plainNamedGz = file("really_plain.nii.gz", n1);
        float[] expected = NiftiReader.read(file("plain.nii", n1)).data();
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, NiftiReader.read(gzNamedNii).data());
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, NiftiReader.read(plainNamedGz).data());
    }

    @Test
    void unsupportedDatatype() throws IOException {
        Path p = patched1("complex.nii", b -> {
            b.putShort(70, (short) 32);
            b.putShort(72, (short) 64);
        });
        assertInvalid(p, () -> NiftiReader.read(p), "datatype 32 (complex64) is not supported");
        Path rgb = patched2("rgb.nii.gz", b -> {
            b.putShort(12, (short) 128);
            b.putShort(14, (short) 24);
        });
        assertInvalid(rgb, () -> NiftiReader.readHeader(rgb), "datatype 128 (rgb24) is not supported");
        Path junk = patched1("junk.nii", b -> b.putShort(70, (short) 3));
        assertInvalid(junk, () -> NiftiReader.read(junk), "datatype 3 (not a NIfTI datatype) is not supported");
    }

    @Test
    void bitpixMustAgreeWithDatatype() throws IOException {
        Path p = patched1("bitpix.nii", b -> b.putShort(72, (short) 8));
        assertInvalid(p, () -> NiftiReader.read(p), "bitpix is 8 but datatype 4 (int16) has 16 bits per voxel");
    }

    @Test
    void badDims() throws IOException {
        Path zero = patched1("dim0.nii", b -> b.putShort(40, (short) 0));
        assertInvalid(zero, () -> NiftiReader.read(zero), "dim[0] is 0; the number of dimensions must be 1..7");
        Path eight = patched2("dim8.nii", b -> b.putLong(16, 8));
        assertInvalid(eight, () -> NiftiReader.read(eight), "dim[0] is 8");
        Path emptyAxis = patched1("dim2.nii", b -> b.putShort(44, (short) 0));
        assertInvalid(emptyAxis, () -> NiftiReader.read(emptyAxis), "dim[2] is 0; every dimension must be at least 1");
        Path negative = patched2("neg.nii", b -> b.putLong(32, -5));
        assertInvalid(negative, () -> NiftiReader.read(negative), "dim[2] is -5");
        Path fiveD = patched1("five.nii", b -> {
            b.putShort(40, (short) 5);
            b.putShort(48, (short) 1);
            b.putShort(50, (short) 2);
        });
        assertInvalid(fiveD, () -> NiftiReader.read(fiveD), "dim[5] is 2", "a 5-D image");
    }

    @Test
    void badVoxOffset() throws IOException {
        Path low = patched1("low.nii", b -> b.putFloat(108, 100f));
        assertInvalid(low, () -> NiftiReader.read(low), "vox_offset is 100, inside the 348-byte NIfTI-1 header");
        Path frac = patched1("frac.nii", b -> b.putFloat(108, 352.5f));
        assertInvalid(frac, () -> NiftiReader.read(frac), "vox_offset is 352.5");
        Path low2 = patched2("low2.nii.gz", b -> b.putLong(168, 0));
        assertInvalid(low2, () -> NiftiReader.read(low2), "vox_offset is 0, inside the 540-byte NIfTI-2 header");
    }

    @Test
    void badGeometry() throws IOException {
        Path pix = patched1("pix.nii", b -> b.putFloat(80, 0f));
        assertInvalid(pix, () -> NiftiReader.read(pix), "pixdim[1] is 0.0 but dim[1] is 8");
        Path nanSrow = patched1("srow.nii", b -> b.putFloat(300, Float.NaN));
        assertInvalid(nanSrow, () -> NiftiReader.read(nanSrow), "srow_y contains NaN");
        Path singular = patched1("singular.nii", b -> {
            for (int i = 280; i < 328; i++) {
                b.put(i, (byte) 0);
            }
        });
        assertInvalid(singular, () -> NiftiReader.read(singular), "sform (srow_x/y/z) is singular");
        Path quat = patched1("quat.nii", b -> {
            b.putShort(254, (short) 0);
            b.putFloat(260, Float.POSITIVE_INFINITY);
        });
        assertInvalid(quat, () -> NiftiReader.read(quat), "quatern_c is Infinity");
    }

    @Test
    void volumeIndexOutOfRange() throws IOException {
        Path p = file("three_d.nii", n1);
        assertInvalid(p, () -> NiftiReader.read(p, 1), "volume index 1 is out of range: the image has 1 volume (index 0)");
        assertInvalid(p, () -> NiftiReader.read(p, -1), "volume index -1");
    }

    @Test
    void fourDimensionalImages() throws IOException {
        // 8×6×5 int16 = 480 bytes: make it 8×6×1 with 5 volumes
        Path p = patched1("four.nii", b -> {
            b.putShort(40, (short) 4);
            b.putShort(46, (short) 1);
            b.putShort(48, (short) 5);
        });
        assertInvalid(p, () -> NiftiReader.read(p), "4-D image with 5 volumes; choose one with --volume INDEX");
        float[] all = NiftiReader.read(file("all.nii", n1)).data();
        Path gz = file("four.nii.gz", gzip(Files.readAllBytes(p)));
        for (Path f : new Path[] {p, gz}) {
            for (int t = 0; t < 5; t++) {
                float[] vol = NiftiReader.read(f, t).data();
                org.junit.jupiter.api.Assertions.assertArrayEquals(Arrays.copyOfRange(all, 48 * t, 48 * (t + 1)), vol,
                        f + " volume " + t);
            }
        }
        assertInvalid(gz, () -> NiftiReader.read(gz, 5), "volume index 5 is out of range: the image has 5 volumes (0..4)");
        // a 4-D image with one volume is a 3-D image
        Path one = patched1("one.nii", b -> b.putShort(40, (short) 4));
        assertEquals(240, NiftiReader.read(one).voxelCount());
    }

    @Test
    void scalingIsApplied() throws IOException {
        float[] raw = NiftiReader.read(file("raw.nii", n1)).data();
        Path scaled = patched1("scaled.nii", b -> {
            b.putFloat(112, 0.5f);
            b.putFloat(116, -3f);
        });
        float[] s = NiftiReader.read(scaled).data();
        for (int i = 0; i < raw.length; i++) {
            assertEquals(raw[i] * 0.5f - 3f, s[i], 0, "voxel " + i);
        }
        // slope 0 or NaN: no scaling, whatever the intercept
        for (float slope : new float[] {0f, Float.NaN}) {
            Path none = patched1("none" + slope + ".nii", b -> {
                b.putFloat(112, slope);
                b.putFloat(116, 7f);
            });
            org.junit.jupiter.api.Assertions.assertArrayEquals(raw, NiftiReader.read(none).data());
        }
        // a NaN intercept with a real slope counts as 0
        Path nanInter = patched1("naninter.nii", b -> {
            b.putFloat(112, 2f);
            b.putFloat(116, Float.NaN);
        });
        assertEquals(raw[10] * 2, NiftiReader.read(nanInter).data()[10]);
    }

    @Test
    void affineSelectionFollowsTheCodes() throws IOException {
        NiftiHeader both = NiftiReader.readHeader(file("both.nii", n1));
        assertEquals(NiftiHeader.AffineSource.SFORM, both.affineSource());
        Path q = patched1("q.nii", b -> b.putShort(254, (short) 0));
        NiftiHeader hq = NiftiReader.readHeader(q);
        assertEquals(NiftiHeader.AffineSource.QFORM, hq.affineSource());
        NiftiTestSupport.assertAffine(hq.qformAffine(), NiftiReader.read(q).affine(), 0, "qform used");
        Path none = patched1("none.nii", b -> {
            b.putShort(252, (short) 0);
            b.putShort(254, (short) 0);
            b.putFloat(76 + 4 * 2, -1.5f);
        });
        NiftiHeader hn = NiftiReader.readHeader(none);
        assertEquals(NiftiHeader.AffineSource.PIXDIM, hn.affineSource());
        Volume v = NiftiReader.read(none);
        // Neither transform: nibabel's base affine, the voxel sizes with x flipped and the origin at the centre.
        NiftiTestSupport.assertAffine(org.espreso.core.volume.Affine.of(-0.9f, 0, 0, 3.5 * 0.9f, 0, 1.5f, 0, -2.5 * 1.5f,
                0, 0, 3f, -2 * 3f, 0, 0, 0, 1), v.affine(), 1e-6, "centred pixdim diagonal");
        try {
            var nb = NiftiTestSupport.oracle(dir, java.util.List.of("info", "--dump", dir.resolve("dump").toString(), none.toString()));
            NiftiTestSupport.assertAffine(NiftiTestSupport.affine(nb.get(0).get("affine")), v.affine(), 1e-5, "nibabel's affine");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertEquals(1.5, v.spacing(1), 1e-7, "spacing is |pixdim|");
        assertEquals(0, v.codes().qformCode());
        assertEquals(0, v.codes().sformCode());
    }

    @Test
    void headerFieldsAreParsed() throws IOException {
        NiftiHeader h = NiftiReader.readHeader(file("fields.nii", n1));
        assertEquals(1, h.version());
        assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
        assertEquals(NiftiDatatype.INT16, h.datatype());
        assertEquals(16, h.bitpix());
        assertEquals(352, h.voxOffset());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {8, 6, 5}, h.spatialDims());
        assertEquals(1, h.volumeCount());
        assertEquals(10, h.xyztUnits());
        assertEquals("espreso", h.descrip());
        long[] d = h.dim();
        d[1] = 99;
        assertEquals(8, h.dim()[1], "the header is immutable");
        NiftiHeader copy = NiftiReader.readHeader(file("fields_copy.nii", gunzip(gzip(n1))));
        assertEquals(h, copy);
        assertEquals(h.hashCode(), copy.hashCode());
        assertTrue(h.toString().contains("NIfTI-1 little-endian"), h.toString());
        NiftiHeader gz = NiftiReader.readHeader(file("fields.nii.gz", gzip(n1)));
        assertTrue(gz.gzipped());
        assertNotEquals(h, gz);
    }
}
