package org.espreso.core.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this process has used, for reports and benchmarks: peak memory, CPU time, the machine's load (Linux). */
public final class ProcessStats {
    private ProcessStats() {
    }

    /** Peak resident memory of this process (MiB, VmHWM); NaN where /proc does not say. */
    public static double peakRssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    /** CPU time of this process (ns, all threads); -1 where the JVM does not say. */
    public static long cpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
    }

    /** The machine's 1-minute load average; NaN where /proc does not say. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
