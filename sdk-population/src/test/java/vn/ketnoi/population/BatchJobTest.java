package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Asynchronous batch jobs against the running sandbox. */
@ExtendWith(KetnoiSandboxExtension.class)
class BatchJobTest {
    static final BatchRequest LOOKUP = BatchRequest.lookup(CitizenField.FULL_NAME)
            .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync")).build();

    /** Records generated on the fly: every 97th is malformed, the rest cycle through the register. */
    static Iterator<BatchRecord> records(List<SyntheticCitizen> people, long count) {
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public BatchRecord next() {
                long n = i++;
                SyntheticCitizen c = people.get((int) (n % people.size()));
                String id = n % 97 == 96 ? "bad" + n : c.idNumber();
                return BatchRecord.of("r" + n, id, c.fullName(), c.birthDate());
            }
        };
    }

    @Test
    @Requirement(value = "R-8.8.6", side = Side.SDK)
    void aJobStreamsUpPollsPolitelyAndStreamsResultsBackInOrder(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> people = sandbox.population().citizens();
        long total = 2_500;
        JobHandle job = population.submitJob(LOOKUP, records(people, total));
        JobStatus status = job.awaitCompletion(Duration.ofMinutes(2));
        assertEquals(JobStatus.State.SUCCEEDED, status.state());
        assertEquals(total, status.receivedRecords());
        assertEquals(total, status.processedRecords());
        long bad = total / 97;
        assertEquals(bad, status.failedRecords());

        AtomicLong seen = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        job.results().forEach(r -> {
            long n = seen.getAndIncrement();
            assertEquals(n, r.index());
            assertEquals("r" + n, r.itemId());
            if (n % 97 == 96) {
                assertEquals(BatchItemResult.Failure.INVALID_RECORD, r.failure());
                assertEquals("idNumber", r.fieldErrors().get(0).field());
                failed.incrementAndGet();
            } else {
                assertEquals(people.get((int) (n % people.size())).fullName(),
                        r.citizen().orElseThrow().fullName().orElseThrow());
            }
        });
        assertEquals(total, seen.get());
        assertEquals(bad, failed.get());
        // A handle found again by id (after a restart) reads the same job.
        assertEquals(status.processedRecords(), population.job(LOOKUP, job.id()).status().processedRecords());
    }

    @Test
    @Requirement(value = "R-8.8.7", side = Side.SDK)
    void aVerifyJobAndAnUnknownJob(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        JobHandle job = population.submitJob(BatchRequest.verify().context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, "VN:canbo.test")).build(), IntStream.range(0, 3)
                .mapToObj(i -> BatchRecord.of("v" + i, c.idNumber(), i == 1 ? "Sai Tên" : c.fullName(), c.birthDate())));
        assertTrue(job.awaitCompletion(Duration.ofMinutes(1)).isFinished());
        List<BatchItemResult> results = job.results().stream().toList();
        assertEquals(FieldVerdict.MATCH, results.get(0).verification().orElseThrow().verdict(CitizenField.FULL_NAME).orElseThrow());
        assertEquals(FieldVerdict.NO_MATCH, results.get(1).verification().orElseThrow().verdict(CitizenField.FULL_NAME).orElseThrow());

        KetnoiServiceException e = assertThrows(KetnoiServiceException.class,
                () -> population.job(LOOKUP, "00000000-0000-0000-0000-000000000000").status());
        assertEquals("population.job-not-found", e.errorCode());
    }

    @Test
    void progressIsToldAtEveryPollUpToTheFinishedStatus(KetnoiSandbox sandbox, PopulationClient population) {
        JobHandle job = population.submitJob(LOOKUP, records(sandbox.population().citizens(), 2_500));
        List<JobStatus> told = new java.util.ArrayList<>();

        JobStatus last = job.awaitCompletion(Duration.ofMinutes(2), told::add);

        assertTrue(last.isFinished());
        assertEquals(last, told.get(told.size() - 1), "the finished status is told too");
        for (int i = 1; i < told.size(); i++) {
            assertTrue(told.get(i).processedRecords() >= told.get(i - 1).processedRecords(), "progress never goes back");
        }
        assertEquals(2_500, told.get(told.size() - 1).processedRecords());
    }

    @Test
    void aProgressCallbackThatThrowsEndsTheWaitWithItsException(KetnoiSandbox sandbox, PopulationClient population) {
        JobHandle job = population.submitJob(LOOKUP, records(sandbox.population().citizens(), 10));
        IllegalStateException stop = new IllegalStateException("the scheduler cancelled this wait");

        assertSame(stop, assertThrows(IllegalStateException.class,
                () -> job.awaitCompletion(Duration.ofMinutes(1), s -> { throw stop; })));
        assertTrue(job.awaitCompletion(Duration.ofMinutes(1)).isFinished(), "the job went on at the provider");
        assertThrows(vn.ketnoi.core.exception.InvalidInputException.class, () -> job.awaitCompletion(Duration.ZERO, null));
    }

    @Test
    void awaitCompletionIsFiniteEvenWithZeroWait(KetnoiSandbox sandbox, PopulationClient population) {
        JobHandle job = population.submitJob(LOOKUP, records(sandbox.population().citizens(), 10));
        JobStatus s = job.awaitCompletion(Duration.ZERO);
        assertEquals(job.id(), s.jobId());
        assertTrue(job.awaitCompletion(Duration.ofMinutes(1)).isFinished());
    }
}
