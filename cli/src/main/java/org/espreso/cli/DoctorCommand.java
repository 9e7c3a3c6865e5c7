package org.espreso.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.espreso.compute.Backend;
import org.espreso.smore.Engine;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Reports the compute backend and machine, and runs one ND4J operation to prove the natives load. */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "Check the compute backend: which build loaded, threads, CPU features, memory.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        GlobalOptions.initBackend();
        out.println("espreso " + VersionProvider.version());
        for (Map.Entry<String, String> e : Backend.describe().entrySet()) {
            out.printf("%-22s %s%n", e.getKey(), e.getValue());
        }
        Engine engine = Engine.current();
        out.printf("%-22s %s%n", "smore engine", engine.label() + (engine == Engine.GEMM
                ? " (hand-written passes on direct OpenBLAS SGEMM)" : " (SameDiff graph)"));
        int n = 512;
        INDArray a = Nd4j.rand(n, n);
        INDArray b = Nd4j.rand(n, n);
        a.mmul(b).close();
        long t0 = System.nanoTime();
        int reps = 10;
        for (int i = 0; i < reps; i++) {
            a.mmul(b).close();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf("%-22s ok (%d x %d sgemm: %.1f GFLOP/s)%n", "smoke test", n, n, reps * 2.0 * n * n * n / s / 1e9);
        a.close();
        b.close();
        if (!Boolean.parseBoolean(Backend.describe().get("avx2 present"))) {
            out.println("warning: this CPU lacks AVX2; the default oneDNN-AVX2 build will be slow or fail");
        }
        return 0;
    }
}
