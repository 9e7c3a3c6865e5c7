package org.espreso.core.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.InvalidInputException;
import org.espreso.core.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws Exception {
        double[] k = {0.0, 0.125, 0.75, 0.125, 0.0};
        Path ours = dir.resolve("ours.npy");
        Files.write(ours, Npy.toBytes(k));
        assertEquals(0, (Npy.toBytes(k).length - 4 * k.length) % 64, "header padded to 64 bytes");
        String py = "import numpy as np, sys\n"
                + "a = np.load(sys.argv[1]); assert a.dtype == np.float32 and a.shape == (5,), (a.dtype, a.shape)\n"
                + "print(' '.join(repr(float(v)) for v in a))\n"
                + "np.save(sys.argv[2], np.array([0.25, 0.5, 0.25], dtype='>f8'))\n"
                + "np.save(sys.argv[3], np.array([[0.1, 0.8, 0.1]], dtype=np.float32))\n";
        Path be = dir.resolve("be.npy"), row = dir.resolve("row.npy");
        Process p = new ProcessBuilder(TestData.PYTHON, "-c", py, ours.toString(), be.toString(), row.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("0.0 0.125 0.75 0.125 0.0", out);
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, Npy.read(be), 0);
        assertArrayEquals(new double[] {0.1f, 0.8f, 0.1f}, Npy.read(row), 0);
    }

    @Test
    void refusesWhatIsNotAOneDimensionalFloatArray() throws Exception {
        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "hello");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Npy.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains("magic"), e.getMessage());
        byte[] b = Npy.toBytes(new double[] {1, 2, 3});
        Path trunc = dir.resolve("trunc.npy");
        Files.write(trunc, java.util.Arrays.copyOf(b, b.length - 2));
        assertThrows(InvalidInputException.class, () -> Npy.read(trunc));
        String h = new String(b, StandardCharsets.ISO_8859_1).replace("'shape': (3,)", "'shape': (3,1)").replace("<f4", "<i4");
        Path ints = dir.resolve("ints.npy");
        Files.write(ints, h.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(InvalidInputException.class, () -> Npy.read(ints)).getMessage().contains("not supported"));
    }
}
