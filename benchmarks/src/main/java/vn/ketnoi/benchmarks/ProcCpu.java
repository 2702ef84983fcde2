package vn.ketnoi.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process CPU time (user + system) read from the OS, for the client and the sandbox alike. */
final class ProcCpu {
    // Linux reports /proc/<pid>/stat times in clock ticks; USER_HZ is 100 on every mainstream kernel.
    private static final long TICK_NANOS = 10_000_000L;

    private ProcCpu() {
    }

    /** CPU time of another process from /proc/&lt;pid&gt;/stat, in nanoseconds; -1 when unreadable. */
    static long ofPid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This JVM's CPU time, in nanoseconds. */
    static long self() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return ofPid(ProcessHandle.current().pid());
    }
}
