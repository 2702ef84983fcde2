package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Pushes into the population database ({@code docs/push.md}, protocol section 8.11) against the
 * sandbox: every verdict, repeats that change nothing, an older as-of that never wins, bad input
 * refused before sending, the job path, and exactly-once across a crash between send and answer.
 * Each test uses citizens of its own, so the values one pushes do not meet another's.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class PushTest {
    static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");

    /** {@code n} living citizens from the {@code from}-th on: each test takes its own slice. */
    static List<SyntheticCitizen> people(KetnoiSandbox sandbox, int from, int n) {
        return sandbox.population().citizens().stream().filter(c -> !c.isDeceased() && c.hasFullBirthDate())
                .skip(from).limit(n).toList();
    }

    static PersonalIdNumber id(SyntheticCitizen c) {
        return PersonalIdNumber.parse(c.idNumber());
    }

    /** A health insurance number of the right form, different for each {@code n}. */
    static String card(int n) {
        return String.format("DN4%012d", n);
    }

    static PushBatch.Builder batch() {
        return PushBatch.builder().context(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync"));
    }

    static LookupRequest lookupOf(SyntheticCitizen c, CitizenField... fields) {
        return PopulationLookupTest.requestFor(c).fields(fields).build();
    }

    @Test
    void eachPushGetsItsVerdictAndTheLookupReturnsTheValueWithItsSourceAndAsOf(KetnoiSandbox sandbox,
            PopulationClient population, ClientConfig config) {
        List<SyntheticCitizen> p = people(sandbox, 0, 3);
        String unknown = p.get(0).idNumber().substring(0, 6) + "000000";
        assertTrue(sandbox.population().byIdNumber(unknown).isEmpty());

        PushResult first = population.push(batch()
                .add(FieldPush.of(id(p.get(0)), SourceField.HEALTH_INSURANCE_NUMBER, card(1), MARCH))
                .add(FieldPush.of(id(p.get(1)), SourceField.EDUCATION_LEVEL, "UNIVERSITY", MARCH))
                .add(FieldPush.of(PersonalIdNumber.parse(unknown), SourceField.SOCIAL_INSURANCE_NUMBER, "0123456789", MARCH))
                .build());
        assertEquals(List.of(PushVerdict.APPLIED, PushVerdict.APPLIED, PushVerdict.REJECTED),
                first.items().stream().map(PushItemResult::verdict).toList());
        assertEquals("population.citizen-not-found", first.items().get(2).reason().orElseThrow());

        PushResult second = population.push(batch()
                .add(FieldPush.of(id(p.get(0)), SourceField.HEALTH_INSURANCE_NUMBER, card(1), MARCH))
                .add(FieldPush.of(id(p.get(1)), SourceField.EDUCATION_LEVEL, "MASTER", JANUARY))
                .build());
        assertEquals(PushVerdict.UNCHANGED, second.items().get(0).verdict());
        PushItemResult conflict = second.items().get(1);
        assertEquals(PushVerdict.CONFLICT, conflict.verdict());
        assertEquals(MARCH, conflict.heldAsOf().orElseThrow(), "the conflict names the as-of of the value kept");

        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            PushItemResult notSource = limited.push(batch()
                    .add(FieldPush.of(id(p.get(2)), SourceField.DRIVING_LICENCE, "790123456789", MARCH)).build())
                    .items().get(0);
            assertEquals(PushVerdict.REJECTED, notSource.verdict());
            assertEquals("population.field-not-granted", notSource.reason().orElseThrow());
        }

        Citizen c = population.lookup(lookupOf(p.get(0), CitizenField.FULL_NAME, CitizenField.HEALTH_INSURANCE_NUMBER,
                CitizenField.EDUCATION_LEVEL));
        IntegratedField card = c.integrated(SourceField.HEALTH_INSURANCE_NUMBER).orElseThrow();
        assertEquals(card(1), card.value());
        assertEquals(config.agencyId(), card.sourceAgency());
        assertEquals(MARCH, card.asOf());
        assertTrue(c.fields().contains(CitizenField.HEALTH_INSURANCE_NUMBER));
        assertTrue(c.integrated(SourceField.EDUCATION_LEVEL).isEmpty(), "nothing was pushed for this citizen");
        assertFalse(card.toString().contains(card(1)), "the value is personal data: never in toString");
    }

    @Test
    void anAgencyWithoutTheGrantOfAnIntegratedFieldIsNotShownIt(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = people(sandbox, 10, 1).get(0);
        population.push(batch().add(FieldPush.of(id(c), SourceField.SOCIAL_INSURANCE_NUMBER, "0123456789", MARCH)).build());
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class,
                    () -> limited.lookup(lookupOf(c, CitizenField.FULL_NAME, CitizenField.SOCIAL_INSURANCE_NUMBER)));
            assertEquals("socialInsuranceNumber", e.fieldErrors().get(0).field());
        }
    }

    @Test
    @Requirement(value = "R-8.11.1", side = Side.SDK)
    void rePushingTheSameBatchChangesNothing(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> p = people(sandbox, 20, 5);
        PushBatch.Builder b = batch();
        for (int i = 0; i < p.size(); i++) {
            b.add(FieldPush.of(id(p.get(i)), SourceField.SOCIAL_INSURANCE_NUMBER, String.format("79%08d", i), MARCH));
        }
        PushBatch pushes = b.build();
        long before = sandbox.stats().pushesApplied();
        PushResult once = population.push(pushes);
        assertEquals(5, once.count(PushVerdict.APPLIED));
        assertEquals(before + 5, sandbox.stats().pushesApplied());

        PushResult again = population.push(pushes);
        assertEquals(pushes.idempotencyKey(), again.idempotencyKey());
        assertEquals(5, again.count(PushVerdict.APPLIED), "the same key: the stored verdicts, applied once");
        PushResult newKey = population.push(batch().addAll(pushes.pushes()).build());
        assertEquals(5, newKey.count(PushVerdict.UNCHANGED), "a new key: the register already holds every value");
        assertEquals(before + 5, sandbox.stats().pushesApplied(), "nothing was written twice");
    }

    @Test
    @Requirement(value = "R-8.11.3", side = Side.SDK)
    void anOlderAsOfNeverOverwritesANewerOne(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = people(sandbox, 30, 1).get(0);
        assertEquals(PushVerdict.APPLIED, population.push(batch()
                .add(FieldPush.of(id(c), SourceField.DRIVING_LICENCE, "790000000001", MARCH)).build()).items().get(0).verdict());
        PushItemResult older = population.push(batch()
                .add(FieldPush.of(id(c), SourceField.DRIVING_LICENCE, "790000000002", JANUARY)).build()).items().get(0);
        PushItemResult sameTime = population.push(batch()
                .add(FieldPush.of(id(c), SourceField.DRIVING_LICENCE, "790000000003", MARCH)).build()).items().get(0);

        assertEquals(PushVerdict.CONFLICT, older.verdict());
        assertEquals(MARCH, older.heldAsOf().orElseThrow());
        assertEquals(PushVerdict.CONFLICT, sameTime.verdict(), "a tie keeps the value held");
        IntegratedField held = population.lookup(lookupOf(c, CitizenField.DRIVING_LICENCE))
                .integrated(SourceField.DRIVING_LICENCE).orElseThrow();
        assertEquals("790000000001", held.value());
        assertEquals(MARCH, held.asOf());

        Instant may = Instant.parse("2026-05-01T00:00:00Z");
        assertEquals(PushVerdict.APPLIED, population.push(batch()
                .add(FieldPush.of(id(c), SourceField.DRIVING_LICENCE, "790000000004", may)).build()).items().get(0).verdict());
        assertEquals("790000000004", population.lookup(lookupOf(c, CitizenField.DRIVING_LICENCE))
                .integrated(SourceField.DRIVING_LICENCE).orElseThrow().value());
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent(KetnoiSandbox sandbox, PopulationClient population) {
        PersonalIdNumber id = id(people(sandbox, 40, 1).get(0));
        long calls = sandbox.stats().apiRequests();

        assertEquals("value", assertThrows(InvalidInputException.class,
                () -> FieldPush.of(id, SourceField.HEALTH_INSURANCE_NUMBER, "not-a-card", MARCH)).field());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> FieldPush.of(id, SourceField.EDUCATION_LEVEL, "0123456789 Nguyễn Văn An", MARCH));
        assertFalse(e.getMessage().contains("Nguyễn"), "the message never repeats the value");
        assertEquals("idNumber", assertThrows(InvalidInputException.class,
                () -> FieldPush.of(null, SourceField.DRIVING_LICENCE, "790000000001", MARCH)).field());
        assertEquals("asOf", assertThrows(InvalidInputException.class,
                () -> FieldPush.of(id, SourceField.DRIVING_LICENCE, "790000000001", null)).field());
        PushBatch.Builder full = batch();
        IntStream.range(0, PushBatch.MAX_PUSHES).forEach(i ->
                full.add(FieldPush.of(id, SourceField.DRIVING_LICENCE, "790000000001", MARCH)));
        assertEquals("pushes", assertThrows(InvalidInputException.class,
                () -> full.add(FieldPush.of(id, SourceField.DRIVING_LICENCE, "790000000001", MARCH))).field());
        assertEquals("pushes", assertThrows(InvalidInputException.class, () -> batch().build()).field());
        assertEquals("idempotencyKey", assertThrows(InvalidInputException.class,
                () -> batch().idempotencyKey("not-a-uuid")).field());
        PushBatch future = batch().add(FieldPush.of(id, SourceField.DRIVING_LICENCE, "790000000001",
                Instant.now().plus(Duration.ofHours(1)))).build();
        assertEquals("asOf", assertThrows(InvalidInputException.class, () -> population.push(future)).field());
        assertEquals("asOf", assertThrows(InvalidInputException.class, () -> population.startPushJob(
                RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync"), future.pushes().iterator())).field());

        assertEquals(calls, sandbox.stats().apiRequests(), "nothing reached the provider");
    }

    @Test
    @Requirement(value = "R-8.11.4", side = Side.SDK)
    void aJobPushesMoreThanABatchHoldsAndReadsItsVerdictsBackWithoutPushingAgain(KetnoiSandbox sandbox,
            PopulationClient population) {
        List<SyntheticCitizen> p = people(sandbox, 100, 1_200);
        long before = sandbox.stats().pushesApplied();
        Iterator<FieldPush> pushes = IntStream.range(0, 2_500).mapToObj(i -> FieldPush.of(id(p.get(i % p.size())),
                i < p.size() ? SourceField.HEALTH_INSURANCE_NUMBER : SourceField.SOCIAL_INSURANCE_NUMBER,
                i < p.size() ? card(i) : String.format("80%08d", i % p.size()), MARCH)).iterator();

        PushJob job = population.startPushJob(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync"), pushes);
        assertEquals(JobStatus.State.SUCCEEDED, job.awaitCompletion(Duration.ofMinutes(2)).state());

        List<PushVerdict> verdicts = new ArrayList<>();
        job.results().forEach(r -> verdicts.add(r.verdict()));
        assertEquals(2_500, verdicts.size());
        // 1,200 cards, 1,200 social insurance numbers, then the last 100 repeat numbers already pushed.
        assertEquals(2_400, verdicts.stream().filter(v -> v == PushVerdict.APPLIED).count());
        assertEquals(100, verdicts.stream().filter(v -> v == PushVerdict.UNCHANGED).count());
        assertEquals(before + 2_400, sandbox.stats().pushesApplied());

        List<PushVerdict> reread = new ArrayList<>();
        population.pushJob(RequestContext.of(Purpose.HEALTH_INSURANCE, "VN:system.sync"), job.id()).results()
                .forEach(r -> reread.add(r.verdict()));
        assertEquals(verdicts, reread, "the verdicts as given when the job ran");
        assertEquals(before + 2_400, sandbox.stats().pushesApplied(), "reading the verdicts pushes nothing");
    }

    @Test
    void aPushJobWhoseAnswersAreLostOnTheWayAppliesEachPushOnce(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> p = people(sandbox, 3_000, 1_250);
        long before = sandbox.stats().pushesApplied();
        Iterator<FieldPush> pushes = IntStream.range(0, 2_500).mapToObj(i -> FieldPush.of(id(p.get(i / 2)),
                i % 2 == 0 ? SourceField.DRIVING_LICENCE : SourceField.EDUCATION_LEVEL,
                i % 2 == 0 ? String.format("81%010d", i) : "VOCATIONAL", MARCH)).iterator();
        // Answers to uploads and the submit are lost after the provider stored them: the client sends again.
        sandbox.faults().resetCounts();
        sandbox.faults().seed(16).add("/population/v1/jobs/", SandboxFault.resetAfterApply().rate(0.4));
        PushJob job;
        try {
            job = population.startPushJob(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync"), pushes);
        } finally {
            sandbox.faults().clear();
        }
        assertEquals(JobStatus.State.SUCCEEDED, job.awaitCompletion(Duration.ofMinutes(2)).state());
        assertFalse(sandbox.faults().injected().isEmpty(), "answers were lost");
        assertEquals(2_500, job.status().receivedRecords(), "every chunk stored once");
        assertEquals(before + 2_500, sandbox.stats().pushesApplied(), "every push applied once");
    }

    @Test
    @Requirement(value = {"R-8.11.1", "R-8.11.2"}, side = Side.SDK)
    void aBatchWhoseAnswersAreLostIsAppliedOnceWhenSentAgainAfterACrash(KetnoiSandbox sandbox, ClientConfig config) {
        List<SyntheticCitizen> p = people(sandbox, 50, 3);
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        ClientConfig recorded = config.toBuilder().addNetworkInterceptor(chain -> {
            if (chain.request().uri().getPath().endsWith("/pushes")) {
                bodies.add(chain.request().body());
                keys.add(chain.request().headers().first("Idempotency-Key").orElse("none"));
            }
            return chain.proceed(chain.request());
        }).build();
        PushBatch.Builder b = batch();
        p.forEach(c -> b.add(FieldPush.of(id(c), SourceField.EDUCATION_LEVEL, "COLLEGE", MARCH)));
        PushBatch pushes = b.build();
        long before = sandbox.stats().pushesApplied();

        // Every answer is lost after the provider applied the batch: the client retries, then gives up.
        sandbox.faults().add("/population/v1/pushes", SandboxFault.resetAfterApply());
        try (PopulationClient crashed = PopulationClient.create(recorded)) {
            WriteOutcomeUnknownException e = assertThrows(WriteOutcomeUnknownException.class, () -> crashed.push(pushes));
            assertEquals(pushes.idempotencyKey(), e.idempotencyKey());
        } finally {
            sandbox.faults().clear();
        }
        assertTrue(keys.size() > 1, "the lost answer was retried");
        assertEquals(before + 3, sandbox.stats().pushesApplied(), "applied once, however often it was sent");

        // The process restarts and sends the batch again under the key it kept.
        try (PopulationClient restarted = PopulationClient.create(recorded)) {
            PushResult result = restarted.push(batch().addAll(pushes.pushes()).idempotencyKey(pushes.idempotencyKey()).build());
            assertEquals(3, result.count(PushVerdict.APPLIED), "the stored verdicts of the first attempt");
        }
        assertEquals(before + 3, sandbox.stats().pushesApplied());
        assertTrue(keys.stream().allMatch(pushes.idempotencyKey()::equals), "every attempt carries the same key");
        String body = new String(bodies.get(0), StandardCharsets.UTF_8);
        assertFalse(body.contains("source") || body.contains(config.agencyId()),
                "the source is the signing agency, never a member of the body");
    }
}
