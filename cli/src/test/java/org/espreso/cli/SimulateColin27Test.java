package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.espreso.core.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `espreso simulate` on Colin27, checked by an independent numpy/nibabel computation. */
class SimulateColin27Test {
    @TempDir
    Path dir;

    /** Recomputes the acquisition in numpy from the spec and compares with what we wrote; prints "OK ..." or fails. */
    private static final String ORACLE = String.join("\n",
            "import sys, json, math, numpy as np, nibabel as nib",
            "hr_p, lr_p, npy_p, kind, fwhm, s, axis = sys.argv[1:8]; fwhm=float(fwhm); s=float(s); axis=int(axis)",
            "hr = nib.load(hr_p); lr = nib.load(lr_p); x = np.asarray(hr.dataobj, dtype=np.float64)",
            "n = x.shape[axis]; m = int(math.floor(n / s + 1e-9))",
            "assert lr.shape[axis] == m, (lr.shape, m)",
            "T = np.eye(4); T[axis, axis] = s; T[axis, 3] = (s - 1) / 2",
            "exp = hr.affine @ T",
            "assert np.allclose(lr.affine, exp, atol=1e-4), (lr.affine, exp)",
            "assert np.allclose(lr.header.get_qform(), exp, atol=1e-4) and np.allclose(lr.header.get_sform(), exp, atol=1e-4)",
            "assert abs(lr.header['pixdim'][axis + 1] - s) < 1e-5",
            "sig = fwhm / 2.3548200450309493",
            "prof = (lambda d: np.exp(-d * d / (2 * sig * sig))) if kind == 'gaussian' else (lambda d: np.where(np.abs(d) < fwhm / 2, 1.0, np.where(np.abs(d) == fwhm / 2, 0.5, 0.0)))",
            "y = np.asarray(lr.dataobj, dtype=np.float64); worst = 0",
            "for k in [0, m // 2, m - 1]:",
            "    c = (s - 1) / 2 + k * s; i = np.arange(math.ceil(c - 20), math.floor(c + 20) + 1)",
            "    w = prof(i - c); w = w / w.sum(); src = np.take(x, np.clip(i, 0, n - 1), axis=axis)",
            "    ref = np.tensordot(w, np.moveaxis(src, axis, 0), axes=1)",
            "    got = np.take(y, k, axis=axis); worst = max(worst, float(np.abs(ref - got).max()))",
            "assert worst < 1e-3 * max(1.0, float(x.max())), worst",
            "k = np.load(npy_p); assert k.dtype == np.float32 and k.ndim == 1 and abs(k.sum() - 1) < 1e-5, (k.dtype, k.shape, k.sum())",
            "M = math.ceil(fwhm) + 1; ref = prof(np.arange(-M, M + 1, dtype=np.float64)); ref /= ref.sum()",
            "assert len(k) == 2 * M + 1 and np.allclose(k, ref, atol=1e-6), (k, ref)",
            "print('OK', worst)");

    private void check(String kind, String fwhm, String scale, String axis) throws Exception {
        Path lr = dir.resolve(kind + scale + "a" + axis + ".nii.gz");
        CliRunner r = CliRunner.run("simulate", "-i", TestData.colin27().toString(), "-o", lr.toString(),
                "--profile", kind, "--fwhm", fwhm, "--scale", scale, "--lr-axis", axis);
        assertEquals(0, r.code(), r.err());
        Path npy = dir.resolve(kind + scale + "a" + axis + "_profile.npy");
        assertTrue(Files.exists(npy) && Files.exists(dir.resolve(kind + scale + "a" + axis + "_profile.json")));
        String out = python(TestData.colin27().toString(), lr.toString(), npy.toString(), kind, fwhm, scale, axis);
        assertTrue(out.startsWith("OK"), out);
    }

    @Test
    void gaussianFourMillimetresAtScaleFour() throws Exception {
        check("gaussian", "4", "4", "2");
    }

    @Test
    void rectThreeAtScaleThreeAlongAxisZero() throws Exception {
        check("rect", "3", "3", "0");
    }

    @Test
    void gaussianAtFractionalScaleAlongAxisOne() throws Exception {
        check("gaussian", "4.8", "2.5", "1");
    }

    static String python(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = TestData.PYTHON;
        cmd[1] = "-c";
        cmd[2] = ORACLE;
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.trim();
    }
}
