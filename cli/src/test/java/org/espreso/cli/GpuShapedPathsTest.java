package org.espreso.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.espreso.core.nifti.NiftiReader;
import org.espreso.core.nifti.NiftiWriter;
import org.espreso.core.profile.ProfileJson;
import org.espreso.core.profile.Profiles;
import org.espreso.core.resample.Acquisition;
import org.espreso.core.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code paths a GPU build takes, run on the CPU: the estimator's GEMMs through ND4J's gemm on views instead of
 * the direct OpenBLAS calls ({@code -Despreso.nd4jGemm=true}, what {@code Blas} does on a non-CPU backend) and
 * SMORE's SameDiff engine instead of the hand-written GEMM one ({@code -Despreso.smore.engine=samediff}, the
 * CUDA default). A whole pipeline in a JVM with both switched agrees with the CPU fast paths.
 */
@org.junit.jupiter.api.Tag("slow")
class GpuShapedPathsTest {
    @TempDir
    Path dir;

    private static final String[] BUDGET = {"--preset-estimate", "release", "--iterations", "3", "--batch-size", "2",
        "--sr-steps", "3", "--seed", "0", "--threads", "1"};

    @Test
    void aPipelineOnTheGpuShapedPathsAgreesWithTheCpuFastPaths() throws Exception {
        Volume lr = Acquisition.simulate(EstimateCommandTest.ball(96), 2, Profiles.gaussian(3), 4);
        Path in = dir.resolve("lr.nii.gz");
        NiftiWriter.write(lr, in, false);

        List<String> fast = new ArrayList<>(List.of("pipeline", "-i", in.toString(), "-o", dir.resolve("cpu").toString()));
        fast.addAll(List.of(BUDGET));
        CliRunner cpu = CliRunner.run(fast.toArray(new String[0]));
        assertEquals(0, cpu.code(), cpu.err());
        assertTrue(cpu.err().contains("gemm engine"), "the CPU run uses the GEMM engine: " + cpu.err());

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Despreso.nd4jGemm=true", "-Despreso.smore.engine=samediff", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "pipeline", "-i", in.toString(), "-o", dir.resolve("gpu-shaped").toString()));
        cmd.addAll(List.of(BUDGET));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child finished");
        String childLog = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), childLog);
        assertTrue(childLog.contains("samediff engine"), "the child trained SMORE with SameDiff: " + childLog);

        // The estimator: the same GEMMs through another path, so equal up to float32 summation order.
        double[] a = ProfileJson.read(dir.resolve("cpu/estimate/estimate.json")).taps();
        double[] b = ProfileJson.read(dir.resolve("gpu-shaped/estimate/estimate.json")).taps();
        assertArrayEquals(a, b, 1e-4, "estimated profile");
        // SMORE: two implementations of one network and one training (TrainingTest follows both step by step).
        Volume sa = NiftiReader.read(dir.resolve("cpu/sr/sr.nii.gz"));
        Volume sb = NiftiReader.read(dir.resolve("gpu-shaped/sr/sr.nii.gz"));
        assertArrayEquals(sa.dims(), sb.dims());
        double num = 0, den = 0;
        for (int i = 0; i < sa.data().length; i++) {
            double d = sa.data()[i] - sb.data()[i];
            num += d * d;
            den += (double) sa.data()[i] * sa.data()[i];
        }
        assertTrue(Math.sqrt(num / den) < 1e-3, "SR volumes agree: relative RMS difference " + Math.sqrt(num / den));
    }
}
