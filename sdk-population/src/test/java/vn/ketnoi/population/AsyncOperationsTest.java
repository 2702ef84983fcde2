package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The asynchronous twins of the population operations against the running sandbox: each gives
 * what its synchronous twin gives, bad input fails the future before anything is sent, and the
 * same retries apply.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class AsyncOperationsTest {
    static final String OPERATOR = PopulationOperationsTest.OPERATOR;

    static <T> Throwable failure(CompletableFuture<T> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        return e.getCause();
    }

    @Test
    void verifyAsyncGivesTheVerdictsVerifyGives(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        VerifyRequest right = PopulationOperationsTest.verifyOf(c).build();
        VerifyRequest wrong = PopulationOperationsTest.verifyOf(c).fullName("Sai Tên Hoàn Toàn").build();
        assertEquals(population.verify(right).verdicts(), population.verifyAsync(right).join().verdicts());
        IdentityVerification mismatch = population.verifyAsync(wrong).join();
        assertEquals(population.verify(wrong).verdicts(), mismatch.verdicts());
        assertEquals(FieldVerdict.NO_MATCH, mismatch.verdict(CitizenField.FULL_NAME).orElseThrow());
    }

    @Test
    void householdAsyncGivesTheHouseholdHouseholdGives(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.hasFullBirthDate()
                && x.headIdNumber() != null).orElseThrow();
        HouseholdRequest request = HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                .birthDate(c.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build();
        Household sync = population.household(request);
        Household async = population.householdAsync(request).join();
        assertEquals(c.householdId(), async.householdId());
        assertEquals(sync.members().stream().map(m -> m.idNumber().value()).toList(),
                async.members().stream().map(m -> m.idNumber().value()).toList());
        assertInstanceOf(IdentityMismatchException.class, failure(population.householdAsync(HouseholdRequest.builder()
                .idNumber(c.idNumber()).fullName("Sai Tên Hoàn Toàn").birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build())));
    }

    @Test
    void batchAsyncGivesOneResultPerRecordInOrder(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> people = sandbox.population().citizens().stream().filter(x -> !x.isDeceased())
                .limit(5).toList();
        List<BatchRecord> records = new ArrayList<>();
        people.forEach(p -> records.add(BatchRecord.of("p" + records.size(), p.idNumber(), p.fullName(), p.birthDate())));
        records.add(BatchRecord.of("bad", "123", "Nguyễn Văn A", "1990"));
        BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME).context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build();
        BatchResult r = population.batchAsync(spec, records).join();
        assertEquals(records.size(), r.items().size());
        for (int i = 0; i < people.size(); i++) {
            assertEquals(people.get(i).fullName(), r.items().get(i).citizen().orElseThrow().fullName().orElseThrow());
        }
        assertEquals(BatchItemResult.Failure.INVALID_RECORD, r.items().get(5).failure());
    }

    @Test
    void aJobIsSubmittedAndPolledWithoutBlocking(KetnoiSandbox sandbox, PopulationClient population) throws Exception {
        long total = 2_300; // three chunks
        JobHandle job = population.submitJobAsync(BatchJobTest.LOOKUP,
                BatchJobTest.records(sandbox.population().citizens(), total)).join();
        JobStatus status = job.statusAsync().join();
        for (int i = 0; i < 600 && !status.isFinished(); i++) {
            Thread.sleep(100);
            status = job.statusAsync().join();
        }
        assertEquals(JobStatus.State.SUCCEEDED, status.state());
        assertEquals(total, status.receivedRecords());
        assertEquals(total, job.results().stream().count());
        assertEquals("records", ((InvalidInputException) failure(population.submitJobAsync(BatchJobTest.LOOKUP,
                java.util.Collections.emptyIterator()))).field());
    }

    @Test
    void theChangeFeedReadsTheSamePagesAsync(PopulationClient population) {
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        ChangeCursor cursor = ChangeCursor.beginning();
        List<String> sync = new ArrayList<>();
        List<String> async = new ArrayList<>();
        Paginator.Page<ChangeEvent> p;
        do {
            p = feed.read(cursor, 100);
            p.items().forEach(e -> sync.add(e.eventId()));
            Paginator.Page<ChangeEvent> q = feed.readAsync(cursor, 100).join();
            q.items().forEach(e -> async.add(e.eventId()));
            assertEquals(ChangeCursor.after(p).value(), ChangeCursor.after(q).value());
            cursor = ChangeCursor.after(p);
        } while (p.hasMore());
        assertTrue(sync.size() >= 240);
        assertEquals(sync, async);
    }

    @Test
    void badInputFailsTheFutureBeforeAnythingIsSent(KetnoiSandbox sandbox, PopulationClient population) {
        sandbox.faults().resetCounts();
        assertEquals("request", ((InvalidInputException) failure(population.verifyAsync(null))).field());
        assertInstanceOf(InvalidInputException.class, failure(population.householdAsync(null)));
        assertInstanceOf(InvalidInputException.class, failure(population.batchAsync(BatchJobTest.LOOKUP, List.of())));
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"));
        assertInstanceOf(InvalidInputException.class, failure(feed.readAsync(null, 10)));
        assertInstanceOf(InvalidInputException.class, failure(feed.readAsync(ChangeCursor.beginning(), 0)));
        assertEquals(0, sandbox.faults().callsTo("/population/"));
    }

    @Test
    void asyncCallsAreRetriedLikeSyncOnes(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        VerifyRequest request = PopulationOperationsTest.verifyOf(c).build();
        population.verify(request); // token and keys first
        sandbox.faults().clear().seed(3).resetCounts();
        sandbox.faults().add("/population/v1/citizens/verify", SandboxFault.serviceUnavailable(Duration.ZERO).rate(0.3));
        try {
            int n = 20;
            for (int i = 0; i < n; i++) {
                assertEquals(FieldVerdict.MATCH, population.verifyAsync(request).join().verdict(CitizenField.FULL_NAME)
                        .orElseThrow());
            }
            long injected = sandbox.faults().injected().getOrDefault(SandboxFault.Kind.STATUS, 0L);
            assertTrue(injected > 0, "some calls were faulted");
            assertEquals(n + injected, sandbox.faults().callsTo("/population/v1/citizens/verify"),
                    "each faulted attempt was retried once more");
        } finally {
            sandbox.faults().clear();
        }
    }
}
