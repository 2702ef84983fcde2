package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * A large job streamed up and read back with bounded client memory. Runs a small job and a large
 * one (200,000 records by default; 1,000,000 with {@code -Dketnoi.bigJob=1000000}) in the same
 * JVM, samples the used heap after a GC every 50,000 records, prints the figures and asserts only
 * that the large job's peak is not far above the small one's: memory does not grow with the job.
 * The sandbox in the same JVM spools the job to disk, so its share stays small too.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class JobMemoryBenchmarkTest {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private static long usedAfterGc() {
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Records made on demand and forgotten at once; samples the heap as it goes. */
    private static final class Generated implements Iterator<BatchRecord> {
        final List<SyntheticCitizen> people;
        final long count;
        long i;
        long peak;

        Generated(List<SyntheticCitizen> people, long count) {
            this.people = people;
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return i < count;
        }

        @Override
        public BatchRecord next() {
            if (i % 50_000 == 0) {
                peak = Math.max(peak, usedAfterGc());
            }
            SyntheticCitizen c = people.get((int) (i % people.size()));
            return BatchRecord.of("r" + i++, c.idNumber(), c.fullName(), c.birthDate());
        }
    }

    private static long[] run(PopulationClient population, List<SyntheticCitizen> people, long n) {
        BatchRequest spec = BatchRequest.lookup(CitizenField.SEX).context(RequestContext.of(Purpose.STATISTICS, "VN:system.bench")).build();
        long t0 = System.nanoTime();
        Generated up = new Generated(people, n);
        JobHandle job = population.submitJob(spec, up);
        JobStatus s = job.awaitCompletion(Duration.ofMinutes(30));
        assertEquals(JobStatus.State.SUCCEEDED, s.state());
        long t1 = System.nanoTime();
        long readPeak = 0;
        long count = 0;
        Iterator<BatchItemResult> it = job.results().iterator();
        while (it.hasNext()) {
            BatchItemResult r = it.next();
            if (count % 50_000 == 0) {
                readPeak = Math.max(readPeak, usedAfterGc());
            }
            if (!r.isSuccess()) {
                throw new AssertionError(r.toString());
            }
            count++;
        }
        long t2 = System.nanoTime();
        assertEquals(n, count);
        System.out.printf(Locale.ROOT, "job of %,d records: upload+process %.1f s, read %.1f s; peak used heap after GC:"
                        + " upload %.1f MiB, read %.1f MiB%n", n, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                up.peak / 1048576.0, readPeak / 1048576.0);
        return new long[] {up.peak, readPeak};
    }

    @Test
    void clientHeapDoesNotGrowWithTheJob(KetnoiSandbox sandbox, PopulationClient population) {
        long big = Long.getLong("ketnoi.bigJob", 200_000L);
        List<SyntheticCitizen> people = sandbox.population().citizens();
        long baseline = usedAfterGc();
        long[] small = run(population, people, 100_000);
        long[] large = run(population, people, big);
        System.out.printf(Locale.ROOT, "baseline %.1f MiB; 100,000 records peak %.1f MiB; %,d records peak %.1f MiB%n",
                baseline / 1048576.0, Math.max(small[0], small[1]) / 1048576.0, big,
                Math.max(large[0], large[1]) / 1048576.0);
        long smallPeak = Math.max(small[0], small[1]);
        long largePeak = Math.max(large[0], large[1]);
        // Generous: growth with the job would show as many times the small job's peak at 10x the records.
        assertTrue(largePeak < smallPeak * 2 + 32L * 1048576,
                "heap grew with the job: " + smallPeak + " then " + largePeak);
    }
}
