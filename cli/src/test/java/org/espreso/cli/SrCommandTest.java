package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.Npy;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrCommandTest {
    static Path volume(Path dir, String name, double[] spacing) throws Exception {
        return volume(dir, name, spacing, 6);
    }

    static Path volume(Path dir, String name, double[] spacing, int nz) throws Exception {
        int nx = 40, ny = 36;
        float[] d = new float[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    d[x + nx * (y + ny * z)] = (float) (50 + 40 * Math.sin(x / 3.0) * Math.cos(y / 4.0 + z));
                }
            }
        }
        Path p = dir.resolve(name);
        NiftiWriter.write(Volume.of(new int[] {nx, ny, nz}, spacing, d), p, false);
        return p;
    }

    @Test
    void trainsSavesAndAppliesAModel(@TempDir Path dir) throws Exception {
        Path in = volume(dir, "lr.nii.gz", new double[] {1, 1, 3});
        Path out = dir.resolve("sr.nii.gz");
        Path model = dir.resolve("model");
        CliRunner r = CliRunner.run("sr", "-i", in.toString(), "-o", out.toString(), "--steps", "3", "--batch-size", "2",
                "--patch-size", "8", "--save-model", model.toString(), "--threads", "1");
        assertEquals(0, r.code(), r.err());
        Volume sr = NiftiReader.read(out);
        assertArrayEquals(new int[] {40, 36, 18}, sr.dims());
        assertEquals(1.0, sr.spacing(2), 1e-6);
        assertEquals(-1.0, sr.affine().get(2, 3), 1e-5); // origin moved by -(s-1)/(2s) slices = -1/3 * 3 mm
        assertTrue(r.out().contains("wrote"), r.out());
        assertTrue(r.err().contains("train"), r.err());
        assertFalse(Files.exists(dir.resolve("sr.smore-ckpt")), "checkpoint left behind");

        // Existing output without --force: exit 1, one line.
        CliRunner again = CliRunner.run("sr", "-i", in.toString(), "-o", out.toString(), "--steps", "1");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("--force"), again.err());

        // The saved model on another volume of the same scale, and a refusal for another scale.
        Path other = volume(dir, "other.nii", new double[] {0.5, 0.5, 1.5});
        Path out2 = dir.resolve("sr2.nii");
        CliRunner applied = CliRunner.run("sr", "-i", other.toString(), "-o", out2.toString(), "--load-model",
                model.toString());
        assertEquals(0, applied.code(), applied.err());
        assertEquals(18, NiftiReader.read(out2).dim(2));
        Path wrongScale = volume(dir, "s4.nii", new double[] {1, 1, 4});
        CliRunner refused = CliRunner.run("sr", "-i", wrongScale.toString(), "-o", dir.resolve("x.nii").toString(),
                "--load-model", model.toString());
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("s4.nii") && refused.err().contains("scale"), refused.err());
    }

    @Test
    void profileFileAndLrAxis(@TempDir Path dir) throws Exception {
        Path in = volume(dir, "lr.nii.gz", new double[] {1, 2.5, 1}, 30);
        Path prof = dir.resolve("p.npy");
        Files.write(prof, Npy.toBytes(new double[] {0.1, 0.2, 0.4, 0.2, 0.1}));
        Path out = dir.resolve("sr.nii.gz");
        CliRunner r = CliRunner.run("sr", "-i", in.toString(), "-o", out.toString(), "--steps", "2", "--batch-size", "2",
                "--patch-size", "8", "--profile", prof.toString());
        assertEquals(0, r.code(), r.err());
        Volume sr = NiftiReader.read(out);
        assertArrayEquals(new int[] {40, 90, 30}, sr.dims()); // round(36 * 2.5) along axis 1
        assertEquals(1.0, sr.spacing(1), 1e-6);
    }

    @Test
    void refusesBadInputsCleanly(@TempDir Path dir) throws Exception {
        Path iso = volume(dir, "iso.nii.gz", new double[] {1, 1, 1});
        CliRunner r = CliRunner.run("sr", "-i", iso.toString(), "-o", dir.resolve("o.nii").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("iso.nii.gz") && r.err().contains("--scale"), r.err());
        assertEquals(1, r.err().trim().split("\n").length, r.err());

        Path aniso = volume(dir, "aniso.nii.gz", new double[] {1, 1.5, 3});
        CliRunner a = CliRunner.run("sr", "-i", aniso.toString(), "-o", dir.resolve("o.nii").toString());
        assertEquals(1, a.code());
        assertTrue(a.err().contains("in-plane"), a.err());

        CliRunner both = CliRunner.run("sr", "-i", iso.toString(), "-o", dir.resolve("o.nii").toString(),
                "--profile", "p.npy", "--slice-thickness", "3");
        assertEquals(2, both.code());
        CliRunner preset = CliRunner.run("sr", "-i", iso.toString(), "-o", dir.resolve("o.nii").toString(),
                "--preset", "slow");
        assertEquals(2, preset.code());
        CliRunner resume = CliRunner.run("sr", "-i", iso.toString(), "-o", dir.resolve("o.nii").toString(), "--resume");
        assertEquals(1, resume.code());
        assertTrue(resume.err().contains("checkpoint"), resume.err());
    }
}
