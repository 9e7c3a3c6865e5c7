package org.espreso.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The native backend loads and computes; doctor's facts are filled in. */
class BackendSmokeTest {
    @Test
    void oneMatrixProduct() {
        Backend.init(1);
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}});
        INDArray b = Nd4j.createFromArray(new float[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new float[] {19, 22, 43, 50}, a.mmul(b).data().asFloat(), 0f);
        assertEquals(1, Nd4j.getEnvironment().maxThreads());
    }

    @Test
    void describesTheLoadedBuild() {
        Backend.init(1);
        Map<String, String> d = Backend.describe();
        assertTrue(d.get("backend").contains("Cpu") || d.get("backend").contains("Cuda"), d.toString());
        assertTrue(d.get("platform build").contains("onednn-avx2") || d.get("platform build").contains("cuda"), d.toString());
        assertEquals(Boolean.toString(Backend.cpuHasFlag("avx2")), d.get("avx2 present"));
    }
}
