package vn.ketnoi.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side alone (the SDK or the baseline), for a profiler to look at: N callers look up the
 * demo citizen against the sandbox process for a warm-up and then a measured period, and the
 * driver prints what the callers' threads allocated and spent in CPU per call (the JVM's
 * per-thread counters, read by each caller around its measured calls: exact for allocation,
 * which a busy machine does not change, unlike throughput). Run it under JFR to see where a
 * call's bytes, CPU and waits go, for example:
 *
 * <pre>
 * java -XX:FlightRecorderOptions:stackdepth=256 \
 *      -XX:StartFlightRecording:delay=40s,duration=30s,settings=profile,filename=sdk.jfr \
 *      -cp benchmarks/target/benchmarks.jar vn.ketnoi.benchmarks.ProfileDriver sdk 32 40 30
 * jfr print --stack-depth 200 --events jdk.ObjectAllocationSample sdk.jfr
 * </pre>
 *
 * Arguments: {@code sdk|raw}, callers, warm-up seconds, measured seconds.
 */
public final class ProfileDriver {
    private ProfileDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[0].equals("sdk") || args[0].equals("raw"))) {
            throw new IllegalArgumentException("usage: ProfileDriver sdk|raw <callers> <warm-up s> <measured s>");
        }
        boolean sdkSide = args[0].equals("sdk");
        int callers = Integer.parseInt(args[1]);
        long warmNanos = Long.parseLong(args[2]) * 1_000_000_000L;
        int seconds = Integer.parseInt(args[3]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SandboxTarget sandbox = SandboxTarget.start("process");
             SdkLookup sdk = sdkSide ? new SdkLookup(sandbox.target()) : null;
             RawLookup raw = sdkSide ? null : new RawLookup(sandbox.target())) {
            Runnable call = sdkSide ? sdk::lookup : raw::lookup;
            AtomicLong calls = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong cpu = new AtomicLong();
            long warmEnd = System.nanoTime() + warmNanos;
            long end = warmEnd + seconds * 1_000_000_000L;
            Thread[] workers = new Thread[callers];
            for (int i = 0; i < callers; i++) {
                workers[i] = new Thread(() -> {
                    while (System.nanoTime() < warmEnd) {
                        call.run();
                    }
                    long b0 = threads.getCurrentThreadAllocatedBytes();
                    long c0 = threads.getCurrentThreadCpuTime();
                    long n = 0;
                    while (System.nanoTime() < end) {
                        call.run();
                        n++;
                    }
                    bytes.addAndGet(threads.getCurrentThreadAllocatedBytes() - b0);
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - c0);
                    calls.addAndGet(n);
                }, "caller-" + i);
                workers[i].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            long n = Math.max(1, calls.get());
            System.out.printf("%s callers=%d calls/s=%.0f bytes/call=%d callers' CPU/call=%d us load=%s%n", args[0], callers,
                    calls.get() / (double) seconds, bytes.get() / n, cpu.get() / n / 1000,
                    new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim());
        }
    }
}
