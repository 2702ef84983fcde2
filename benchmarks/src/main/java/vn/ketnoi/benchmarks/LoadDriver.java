package vn.ketnoi.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A closed-loop load driver where JMH does not fit: N callers each doing lookups back to back for
 * a fixed time, the SDK and the raw baseline alternately against the same sandbox. Prints, per
 * phase, calls per second, latency p50/p99, the client process's CPU per call, and (when the
 * sandbox runs as a separate process) the sandbox's CPU per call and its share of all CPU used,
 * so that a reader can tell which side bound the figure. "callers' CPU" is the CPU of the calling
 * threads alone; the rest of the client's is JIT, GC and HttpClient's helper threads. Rows:
 * {@code floor} the cryptographic floor (no I/O), {@code http} the transport floor ({@link HttpFloor}),
 * {@code floor+http} both in one loop (the floor as a real call meets it, between exchanges),
 * {@code raw} the baseline, {@code sdk} the SDK.
 *
 * <pre>
 * java -cp benchmarks.jar vn.ketnoi.benchmarks.LoadDriver [--sandbox process|inprocess]
 *      [--callers 1,32] [--seconds 15] [--warmup 30] [--rounds 2]
 * </pre>
 */
public final class LoadDriver {
    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        String sandboxMode = "process";
        int[] callers = {1, 32};
        int seconds = 15;
        int warmup = 30;
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sandbox" -> sandboxMode = args[++i];
                case "--callers" -> callers = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (SandboxTarget sandbox = SandboxTarget.start(sandboxMode);
             SdkLookup sdk = new SdkLookup(sandbox.target());
             RawLookup raw = new RawLookup(sandbox.target());
             HttpFloor http = new HttpFloor(sandbox.target())) {
            if (!SdkLookup.same(sdk.lookup(), raw.lookup())) {
                throw new IllegalStateException("the SDK and the baseline disagree about the citizen");
            }
            System.out.printf(Locale.ROOT, "sandbox=%s pid=%d, nproc=%d, JDK %s%n", sandbox.mode(), sandbox.pid(),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.printf(Locale.ROOT, "%-10s %7s %10s %9s %9s %14s %14s %15s %13s%n", "who", "callers", "calls/s",
                    "p50 ms", "p99 ms", "client CPU/call", "callers' CPU", "sandbox CPU/call", "sandbox share");
            // The floor in this same JVM and with the same meter (process CPU per operation),
            // so that "SDK CPU per call / floor" compares like with like.
            CryptoFloorBenchmark floor = new CryptoFloorBenchmark();
            floor.setUp();
            // The floor and a bare exchange in one loop: the same cryptography, but run between
            // exchanges with the sandbox, as in a real call, whose process takes the caches in between.
            Supplier<Integer> floorAndHttp = () -> {
                floor.floor();
                return http.exchange();
            };
            phase(floor::floor, 1, Math.max(5, warmup / 3), sandbox);
            phase(floorAndHttp, 1, Math.max(5, warmup / 3), sandbox);
            for (int r = 0; r < rounds; r++) {
                print("floor", 1, phase(floor::floor, 1, seconds, sandbox));
                print("floor+http", 1, phase(floorAndHttp, 1, seconds, sandbox));
            }
            for (int n : callers) {
                // Warm all three up before the first measured phase at this concurrency. The SDK
                // runs more code than the baseline, and the JIT takes about half a minute to settle
                // it (compiler threads measured with /proc/self/task): give --warmup enough.
                // With many callers on two cores the compiler threads get little CPU: four times as long.
                int w = n > 1 ? warmup * 4 : warmup;
                phase(sdk::lookup, n, w, sandbox);
                phase(raw::lookup, n, w, sandbox);
                phase(http::exchange, n, Math.max(1, warmup / 3), sandbox);
                for (int r = 0; r < rounds; r++) {
                    print("http", n, phase(http::exchange, n, seconds, sandbox));
                    print("raw", n, phase(raw::lookup, n, seconds, sandbox));
                    print("sdk", n, phase(sdk::lookup, n, seconds, sandbox));
                }
            }
        }
    }

    private record Result(long calls, double seconds, long[] latencies, long clientCpu, long callerCpu,
                          long sandboxCpu) {
    }

    private static void print(String who, int callers, Result r) {
        Arrays.sort(r.latencies);
        double p50 = r.latencies[(int) (r.latencies.length * 0.50)] / 1e6;
        double p99 = r.latencies[Math.min(r.latencies.length - 1, (int) (r.latencies.length * 0.99))] / 1e6;
        double clientUs = r.clientCpu / 1e3 / r.calls;
        double callerUs = r.callerCpu / 1e3 / r.calls;
        String sandboxUs = r.sandboxCpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f us", r.sandboxCpu / 1e3 / r.calls);
        String share = r.sandboxCpu < 0 ? "n/a"
                : String.format(Locale.ROOT, "%.0f %%", 100.0 * r.sandboxCpu / (r.sandboxCpu + r.clientCpu));
        System.out.printf(Locale.ROOT, "%-10s %7d %10.0f %9.2f %9.2f %11.0f us %11.0f us %15s %13s%n", who, callers,
                r.calls / r.seconds, p50, p99, clientUs, callerUs, sandboxUs, share);
    }

    private static Result phase(Supplier<?> call, int callers, int seconds, SandboxTarget sandbox)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        long[][] latencies = new long[callers][];
        long[] threadCpu = new long[callers];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            final int index = t;
            Thread th = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    latencies[index] = new long[0];
                    return;
                }
                long cpuStart = mx.getCurrentThreadCpuTime();
                while (!stop.get()) {
                    long start = System.nanoTime();
                    call.get();
                    long d = System.nanoTime() - start;
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = d;
                }
                threadCpu[index] = mx.getCurrentThreadCpuTime() - cpuStart;
                latencies[index] = Arrays.copyOf(lat, n); // published by join()
            }, "load-" + t);
            threads.add(th);
            th.start();
        }
        ready.await();
        long cpu0 = ProcCpu.self();
        long sb0 = sandbox.cpuNanos();
        long t0 = System.nanoTime();
        go.countDown();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
        long wall = System.nanoTime() - t0;
        long cpu = ProcCpu.self() - cpu0;
        long sb = sb0 < 0 ? -1 : sandbox.cpuNanos() - sb0;
        int size = 0;
        for (long[] l : latencies) {
            size += l.length;
        }
        long[] all = new long[size];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        return new Result(size, wall / 1e9, all, cpu, Arrays.stream(threadCpu).sum(), sb);
    }
}
