package vn.ketnoi.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.population.BatchItemResult;
import vn.ketnoi.population.BatchRecord;
import vn.ketnoi.population.BatchRequest;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.JobHandle;
import vn.ketnoi.population.JobStatus;
import vn.ketnoi.population.PopulationClient;

/**
 * The asynchronous batch job figure: jobs of growing size (100,000 and 1,000,000 records by
 * default) submitted with {@link PopulationClient#submitJob(BatchRequest, Iterator)} to the
 * sandbox, awaited, and their results streamed back, one after the other in the same client JVM.
 * Prints records per second and the client's used heap after a forced GC, sampled every 50,000
 * records while uploading and while reading: the peak must not grow with the job. The records are
 * made on demand and dropped at once, so the heap shows what the SDK holds, not the input.
 *
 * <pre>
 * java -cp benchmarks.jar vn.ketnoi.benchmarks.JobDriver [--sandbox process|inprocess] [--sizes 100000,1000000]
 * </pre>
 */
public final class JobDriver {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final int SAMPLE_EVERY = 50_000;

    private JobDriver() {
    }

    public static void main(String[] args) {
        String sandboxMode = "process";
        long[] sizes = {100_000, 1_000_000};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sandbox" -> sandboxMode = args[++i];
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (SandboxTarget sandbox = SandboxTarget.start(sandboxMode);
             PopulationClient client = PopulationClient.create(sandbox.target().sdkConfig())) {
            System.out.printf(Locale.ROOT, "sandbox=%s pid=%d, nproc=%d, JDK %s, client max heap %d MiB%n",
                    sandbox.mode(), sandbox.pid(), Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf(Locale.ROOT, "client used heap after GC before any job: %.1f MiB%n", usedAfterGc() / 1048576.0);
            System.out.printf(Locale.ROOT, "%10s %12s %10s %12s %12s %14s %13s %16s%n", "records", "upload+run s",
                    "read s", "total rec/s", "failures", "upload peak", "read peak", "sandbox CPU/rec");
            for (long n : sizes) {
                run(client, sandbox, n);
            }
        }
    }

    private static void run(PopulationClient client, SandboxTarget sandbox, long n) {
        BatchRequest spec = BatchRequest.lookup(CitizenField.SEX)
                .context(RequestContext.of(Purpose.STATISTICS, "VN:system.bench")).build();
        Target t = sandbox.target();
        Generated up = new Generated(n, t);
        long sb0 = sandbox.cpuNanos();
        long t0 = System.nanoTime();
        JobHandle job = client.submitJob(spec, up);
        JobStatus status = job.awaitCompletion(Duration.ofMinutes(30));
        if (status.state() != JobStatus.State.SUCCEEDED) {
            throw new IllegalStateException("job ended " + status.state());
        }
        long t1 = System.nanoTime();
        long readPeak = 0;
        long count = 0;
        long failures = 0;
        Iterator<BatchItemResult> it = job.results().iterator();
        while (it.hasNext()) {
            BatchItemResult r = it.next();
            if (count % SAMPLE_EVERY == 0) {
                readPeak = Math.max(readPeak, usedAfterGc());
            }
            if (!r.isSuccess()) {
                failures++;
            }
            count++;
        }
        long t2 = System.nanoTime();
        long sb = sb0 < 0 ? -1 : sandbox.cpuNanos() - sb0;
        if (count != n) {
            throw new IllegalStateException("read " + count + " results for " + n + " records");
        }
        System.out.printf(Locale.ROOT, "%,10d %12.1f %10.1f %12.0f %12d %10.1f MiB %9.1f MiB %16s%n", n, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, n / ((t2 - t0) / 1e9), failures, up.peak / 1048576.0, readPeak / 1048576.0,
                sb < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f us", sb / 1e3 / n));
    }

    private static long usedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** The demo citizen under a new item id per record, made on demand; samples the heap as it goes. */
    private static final class Generated implements Iterator<BatchRecord> {
        private final long count;
        private final Target target;
        private long i;
        long peak;

        Generated(long count, Target target) {
            this.count = count;
            this.target = target;
        }

        @Override
        public boolean hasNext() {
            return i < count;
        }

        @Override
        public BatchRecord next() {
            if (i >= count) {
                throw new NoSuchElementException();
            }
            if (i % SAMPLE_EVERY == 0) {
                peak = Math.max(peak, usedAfterGc());
            }
            return BatchRecord.of("r" + i++, target.idNumber(), target.fullName(), target.birthDate());
        }
    }
}
