package org.espreso.compute;

import org.espreso.core.runtime.Threads;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The compute-backend seam. Estimator and SR code get tensors through ND4J and never name a backend; which one
 * loads (CPU oneDNN/AVX2 or CUDA) is decided by the Maven profile that built the distribution.
 */
public final class Backend {
    private static volatile boolean initialised;

    private Backend() {
    }

    /**
     * Sets the number of compute threads before ND4J loads (OMP and ND4J's own pools), then loads it. Calling it
     * again after loading only changes the OMP thread count.
     */
    public static synchronized void init(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Threads.set(threads);
        if (!initialised) {
            System.setProperty("omp.num_threads", Integer.toString(threads));
            System.setProperty("org.bytedeco.openblas.nthreads", Integer.toString(threads));
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        initialised = true;
    }

    /** The cap on JavaCPP's own native allocations (ND4J buffers), unless the user set one. */
    public static final String NATIVE_CAP = "2g";
    /** Native memory the process may use beyond the volumes it holds on the Java heap. */
    public static final long NATIVE_ALLOWANCE = 3L << 30;

    /**
     * The process's compute set-up, the one call behind every entry point (each CLI command, {@code Espreso} for
     * library users): bounds native memory, then loads the backend with {@code threads} ({@link #init}).
     *
     * <p>ND4J frees native buffers only when the Java GC collects their owners, so without a bound a process that
     * trains grows by gigabytes. Unless the user set the JavaCPP properties, native allocations are capped at
     * {@link #NATIVE_CAP} and the resident size at {@link #NATIVE_ALLOWANCE} plus {@code heapBytes}, the volumes
     * the caller will hold on the Java heap; at the cap JavaCPP collects garbage and retries. The bound only takes
     * effect before ND4J loads (the first set-up of the process). {@code heapBytes < 0}: no bound (the
     * estimator's arrays live on the Java heap and it does not need one).
     */
    public static synchronized void setUp(int threads, long heapBytes) {
        if (!initialised && heapBytes >= 0) {
            if (System.getProperty("org.bytedeco.javacpp.maxbytes") == null) {
                System.setProperty("org.bytedeco.javacpp.maxbytes", NATIVE_CAP);
            }
            if (System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
                long mb = (NATIVE_ALLOWANCE + Math.min(heapBytes, Long.MAX_VALUE / 2)) >> 20;
                System.setProperty("org.bytedeco.javacpp.maxphysicalbytes", mb + "m");
            }
        }
        init(threads);
    }

    /** Bytes of the volumes an SR of {@code voxels} at scale {@code s} holds: input, output and, for FBA, a second output and two spectra. */
    public static long srHeapBytes(long voxels, double s) {
        double bytes = 4.0 * voxels * (1 + 5 * s);
        return bytes >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) bytes;
    }

    /** The process's compute thread count ({@link Threads#defaultThreads()}). */
    public static int defaultThreads() {
        return Threads.defaultThreads();
    }

    /** Facts for {@code espreso doctor}: backend, build, threads, CPU features, memory. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        var backend = Nd4j.getBackend();
        m.put("backend", backend.getClass().getSimpleName());
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        Object blas = env.get("blas.vendor");
        if (blas != null) {
            m.put("blas", blas.toString());
        }
        m.put("nd4j threads", Integer.toString(Nd4j.getEnvironment().maxThreads()));
        m.put("cpu cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        Object cores = env.get("cores");
        if (cores != null) {
            m.put("nd4j cores", cores.toString());
        }
        m.put("platform build", platformBuild());
        m.put("avx2 present", Boolean.toString(cpuHasFlag("avx2")));
        m.put("avx512f present", Boolean.toString(cpuHasFlag("avx512f")));
        m.put("nd4j version", Nd4j.class.getPackage().getImplementationVersion() == null
                ? "1.0.0-M2.1" : Nd4j.class.getPackage().getImplementationVersion());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        Runtime rt = Runtime.getRuntime();
        m.put("heap max", (rt.maxMemory() >> 20) + " MiB");
        m.put("physical memory free", (physicalFreeBytes() >> 20) + " MiB");
        return m;
    }

    /**
     * Which native build of the backend actually loaded (e.g. linux-x86_64-onednn-avx2), read from the path
     * JavaCPP loaded the backend's library from, so a missing classifier jar shows up here.
     */
    public static String platformBuild() {
        for (var e : org.bytedeco.javacpp.Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("jnind4j") || e.getKey().startsWith("nd4j")) {
                String path = String.valueOf(e.getValue());
                var m = java.util.regex.Pattern.compile("bindings/([^/]+)/").matcher(path);
                if (m.find()) {
                    return m.group(1);
                }
                return path;
            }
        }
        return "unknown (backend not loaded)";
    }

    static boolean cpuHasFlag(String flag) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    for (String f : line.split("[\\s:]+")) {
                        if (f.equals(flag)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    static long physicalFreeBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
