package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Consent, verify, household and the synchronous batch against the running sandbox. */
@ExtendWith(KetnoiSandboxExtension.class)
class PopulationOperationsTest {
    static final String OPERATOR = "VN:canbo.test";

    static LookupRequest.Builder lookupOf(SyntheticCitizen c) {
        return PopulationLookupTest.requestFor(c);
    }

    static VerifyRequest.Builder verifyOf(SyntheticCitizen c) {
        return VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR));
    }

    static String stripAccents(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('đ', 'd').replace('Đ', 'D');
    }

    /** A well-formed ID number of the same province and birth year that the register does not hold. */
    static String unknownId(KetnoiSandbox sandbox, SyntheticCitizen near) {
        for (int i = 999_999; ; i--) {
            String id = near.idNumber().substring(0, 6) + i;
            if (sandbox.population().byIdNumber(id).isEmpty()) {
                return id;
            }
        }
    }

    // ---- consent ----

    @Test
    @Requirement(value = "R-8.3.6", side = Side.SDK)
    void aConsentFieldWithoutATokenIsRefusedAndNamed(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        ConsentRequiredException e = assertThrows(ConsentRequiredException.class,
                () -> population.lookup(lookupOf(c).fields(CitizenField.FULL_NAME, CitizenField.PHONE).build()));
        assertEquals("population.consent-required", e.errorCode());
        assertEquals(403, e.statusCode());
        assertEquals(List.of("phone"), e.fieldErrors().stream().map(f -> f.field()).toList());
    }

    @Test
    void aConsentTokenForTheFieldsUnlocksThem(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.phone() != null
                && x.religion() != null).orElseThrow();
        String token = sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, c.idNumber(), Set.of("phone", "religion"),
                Duration.ofMinutes(10));
        Citizen citizen = population.lookup(lookupOf(c).fields(CitizenField.PHONE, CitizenField.RELIGION)
                .consentToken(token).build());
        assertEquals(c.phone(), citizen.phone().orElseThrow());
        assertEquals(c.religion(), citizen.religion().orElseThrow());
    }

    @Test
    @Requirement(value = {"R-8.4.3", "R-8.4.4", "R-8.4.5", "R-8.4.7", "R-8.4.8"}, side = Side.SDK)
    void aTokenForAnotherCitizenFieldOrAgencyOrExpiredIsNoConsent(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> living = sandbox.population().citizens().stream().filter(x -> !x.isDeceased()).toList();
        SyntheticCitizen c = living.get(0);
        SyntheticCitizen other = living.get(1);
        List<String> tokens = List.of(
                sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, other.idNumber(), Set.of("email"), Duration.ofMinutes(5)),
                sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, c.idNumber(), Set.of("phone"), Duration.ofMinutes(5)),
                sandbox.issueConsent(KetnoiSandbox.LIMITED_AGENCY_ID, c.idNumber(), Set.of("email"), Duration.ofMinutes(5)),
                sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, c.idNumber(), Set.of("email"), Duration.ofSeconds(-1)));
        for (String t : tokens) {
            ConsentRequiredException e = assertThrows(ConsentRequiredException.class,
                    () -> population.lookup(lookupOf(c).fields(CitizenField.EMAIL).consentToken(t).build()));
            assertEquals("email", e.fieldErrors().get(0).field());
        }
    }

    @Test
    @Requirement(value = "R-8.3.2", side = Side.SDK)
    void aFieldOutsideTheGrantIsRefusedBeforeConsentIsConsidered(KetnoiSandbox sandbox) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String token = sandbox.issueConsent(KetnoiSandbox.LIMITED_AGENCY_ID, c.idNumber(), Set.of("phone"),
                Duration.ofMinutes(5));
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class,
                    () -> limited.lookup(lookupOf(c).fields(CitizenField.PHONE).consentToken(token).build()));
            assertEquals("phone", e.fieldErrors().get(0).field());
        }
    }

    @Test
    void aMalformedConsentTokenIsRefusedBeforeSending() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LookupRequest.builder().consentToken("not a token"));
        assertEquals("consentToken", e.field());
        assertFalse(e.getMessage().contains("not a token"));
    }

    // ---- verify ----

    @Test
    @Requirement(value = "R-8.5.4", side = Side.SDK)
    void verifyMatchesAPartialBirthDateAgainstAFullOne(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        assertTrue(c.hasFullBirthDate());
        IdentityVerification r = population.verify(verifyOf(c).birthDate(c.birthDate().substring(0, 4)).build());
        assertEquals(FieldVerdict.MATCH, r.verdict(CitizenField.BIRTH_DATE).orElseThrow());
        IdentityVerification month = population.verify(verifyOf(c).birthDate(c.birthDate().substring(0, 7)).build());
        assertEquals(FieldVerdict.MATCH, month.verdict(CitizenField.BIRTH_DATE).orElseThrow());
        int year = Integer.parseInt(c.birthDate().substring(0, 4));
        IdentityVerification wrong = population.verify(verifyOf(c).birthDate(Integer.toString(year - 1)).build());
        assertEquals(FieldVerdict.NO_MATCH, wrong.verdict(CitizenField.BIRTH_DATE).orElseThrow());
    }

    @Test
    void verifyMatchesAFullDateAgainstAPartialRecord(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().withPartialBirthDate();
        String full = c.birthDate().length() == 4 ? c.birthDate() + "-03-15" : c.birthDate() + "-15";
        IdentityVerification r = population.verify(verifyOf(c).birthDate(full).build());
        assertEquals(FieldVerdict.MATCH, r.verdict(CitizenField.BIRTH_DATE).orElseThrow());
    }

    @Test
    @Requirement(value = "R-8.5.4", side = Side.SDK)
    void verifyComparesNamesIgnoringAccentsAndCaseButNotALetter(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String plainUpper = stripAccents(c.fullName()).toUpperCase(Locale.ROOT);
        assertEquals(FieldVerdict.MATCH, population.verify(verifyOf(c).fullName(plainUpper).build())
                .verdict(CitizenField.FULL_NAME).orElseThrow());
        String name = c.fullName();
        char last = name.charAt(name.length() - 1);
        String oneLetter = name.substring(0, name.length() - 1) + (last == 'x' ? 'y' : 'x');
        IdentityVerification r = population.verify(verifyOf(c).fullName(oneLetter).build());
        assertEquals(FieldVerdict.NO_MATCH, r.verdict(CitizenField.FULL_NAME).orElseThrow());
        assertEquals(FieldVerdict.MATCH, r.verdict(CitizenField.BIRTH_DATE).orElseThrow());
        assertFalse(r.allMatch());
    }

    @Test
    @Requirement(value = "R-8.5.2", side = Side.SDK)
    void verifyGivesAVerdictPerClaimAndNotOnRecordWithoutDisclosing(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.oldIdNumber() == null).orElseThrow();
        Sex wrongSex = "MALE".equals(c.sex()) ? Sex.FEMALE : Sex.MALE;
        IdentityVerification r = population.verify(verifyOf(c).sex(wrongSex)
                .permanentResidence(stripAccents(c.permanentResidence().text()).toLowerCase(Locale.ROOT))
                .oldIdNumber("123456789").build());
        assertEquals(FieldVerdict.NO_MATCH, r.verdict(CitizenField.SEX).orElseThrow());
        assertEquals(FieldVerdict.MATCH, r.verdict(CitizenField.PERMANENT_RESIDENCE).orElseThrow());
        assertEquals(FieldVerdict.NOT_ON_RECORD, r.verdict(CitizenField.OLD_ID_NUMBER).orElseThrow());
        assertTrue(r.verdict(CitizenField.ETHNICITY).isEmpty());
        assertFalse(r.toString().contains(c.idNumber()));
    }

    @Test
    @Requirement(value = {"R-8.5.1", "R-8.5.4"}, side = Side.SDK)
    void verifyOfAnUnknownIdAndOfAFieldOutsideTheGrant(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String unknown = unknownId(sandbox, c);
        CitizenNotFoundException e404 = assertThrows(CitizenNotFoundException.class, () -> population.verify(
                VerifyRequest.builder().idNumber(unknown).fullName(c.fullName()).birthDate(c.birthDate())
                        .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR)).build()));
        assertEquals(404, e404.statusCode());
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class,
                    () -> limited.verify(verifyOf(c).ethnicity(c.ethnicity()).build()));
            assertEquals("ethnicity", e.fieldErrors().get(0).field());
        }
    }

    // ---- household ----

    @Test
    void householdListsHeadMembersAndResidence(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.hasFullBirthDate()
                && x.headIdNumber() != null && !x.headIdNumber().equals(x.idNumber())).orElseThrow();
        Household h = population.household(HouseholdRequest.builder().idNumber(c.idNumber())
                .fullName(stripAccents(c.fullName())).birthDate(c.birthDate().substring(0, 4))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build());
        assertEquals(c.householdId(), h.householdId());
        assertEquals(c.headIdNumber(), h.headIdNumber().value());
        HouseholdMember me = h.members().stream().filter(m -> m.idNumber().value().equals(c.idNumber())).findFirst()
                .orElseThrow();
        assertEquals(c.relationshipToHead(), me.relationshipToHead());
        assertEquals(c.fullName(), me.fullName().orElseThrow());
        assertTrue(h.head().isPresent());
        SyntheticCitizen head = sandbox.population().byIdNumber(c.headIdNumber()).orElseThrow();
        assertEquals(head.permanentResidence().text(), h.residence().orElseThrow().text());
        assertEquals(sandbox.population().households().stream().filter(x -> x.householdId().equals(c.householdId()))
                .findFirst().orElseThrow().memberIdNumbers().size(), h.members().size());
        assertFalse(h.toString().contains(c.idNumber()));
    }

    @Test
    @Requirement(value = "R-8.6.1", side = Side.SDK)
    void householdNeedsItsGrantAndTheThreeIdentifiers(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        assertThrows(IdentityMismatchException.class, () -> population.household(HouseholdRequest.builder()
                .idNumber(c.idNumber()).fullName(c.fullName() + " X").birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()));
        try (PopulationClient limited = PopulationClient.create(SandboxClients.configFor(sandbox, sandbox.limitedAgency()))) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class, () -> limited.household(
                    HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                            .context(RequestContext.of(Purpose.PUBLIC_SERVICE, OPERATOR)).build()));
            assertEquals("household", e.fieldErrors().get(0).field());
        }
    }

    // ---- batch ----

    @Test
    @Requirement(value = "R-8.7.3", side = Side.SDK)
    void aBatchWithSomeBadItemsFailsOnlyThoseItems(KetnoiSandbox sandbox, PopulationClient population) {
        List<SyntheticCitizen> people = sandbox.population().citizens().stream()
                .filter(x -> !x.isDeceased() && x.hasFullBirthDate()).limit(5).toList();
        SyntheticCitizen a = people.get(0);
        List<BatchRecord> records = new ArrayList<>();
        for (SyntheticCitizen p : people) {
            records.add(BatchRecord.of("ok-" + records.size(), p.idNumber(), p.fullName(), p.birthDate()));
        }
        records.add(BatchRecord.of("bad-id", "12345", a.fullName(), a.birthDate()));
        records.add(BatchRecord.of("bad-date", a.idNumber(), a.fullName(), "1989-13-45"));
        records.add(BatchRecord.of("mismatch", a.idNumber(), a.fullName() + " Thị", a.birthDate()));
        records.add(BatchRecord.of("unknown", unknownId(sandbox, a), a.fullName(), a.birthDate()));
        records.add(BatchRecord.of("no-consent", a.idNumber(), a.fullName(), a.birthDate()));
        BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME)
                .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build();
        BatchResult result = population.batch(spec, records);

        assertEquals(records.size(), result.items().size());
        for (int i = 0; i < 5; i++) {
            BatchItemResult r = result.items().get(i);
            assertTrue(r.isSuccess(), r.toString());
            assertEquals(people.get(i).fullName(), r.citizen().orElseThrow().fullName().orElseThrow());
        }
        assertEquals(BatchItemResult.Failure.INVALID_RECORD, result.items().get(5).failure());
        assertEquals("idNumber", result.items().get(5).fieldErrors().get(0).field());
        assertEquals(BatchItemResult.Failure.INVALID_RECORD, result.items().get(6).failure());
        assertEquals("birthDate", result.items().get(6).fieldErrors().get(0).field());
        assertEquals(BatchItemResult.Failure.IDENTITY_MISMATCH, result.items().get(7).failure());
        assertEquals(BatchItemResult.Failure.CITIZEN_NOT_FOUND, result.items().get(8).failure());
        assertEquals(404, result.items().get(8).status());
        assertTrue(result.items().get(9).isSuccess(), "fullName needs no consent");
        assertEquals(6, result.succeeded());
        assertEquals(4, result.failed());
        // The same batch asking for a consent field: the record without consent fails alone.
        String token = sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, a.idNumber(), Set.of("email"),
                Duration.ofMinutes(5));
        BatchResult withConsent = population.batch(BatchRequest.lookup(CitizenField.EMAIL)
                .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR)).build(), List.of(
                        BatchRecord.of("with", a.idNumber(), a.fullName(), a.birthDate()).withConsentToken(token),
                        BatchRecord.of("without", a.idNumber(), a.fullName(), a.birthDate())));
        assertTrue(withConsent.items().get(0).isSuccess());
        assertEquals(BatchItemResult.Failure.CONSENT_REQUIRED, withConsent.items().get(1).failure());
    }

    @Test
    void aVerifyBatchGivesVerdictsPerRecord(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen a = sandbox.population().anyLiving();
        BatchResult r = population.batch(BatchRequest.verify().context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, OPERATOR)).build(), List.of(
                        BatchRecord.of("1", a.idNumber(), stripAccents(a.fullName()), a.birthDate().substring(0, 4))
                                .withClaim(CitizenField.SEX, a.sex()),
                        BatchRecord.of("2", a.idNumber(), "Nguyễn Văn Khác", a.birthDate())));
        assertTrue(r.items().get(0).verification().orElseThrow().allMatch());
        assertEquals(FieldVerdict.NO_MATCH, r.items().get(1).verification().orElseThrow()
                .verdict(CitizenField.FULL_NAME).orElseThrow());
    }

    @Test
    @Requirement(value = "R-8.7.1", side = Side.SDK)
    void aBatchOverTheLimitOrWithDuplicateIdsIsRefusedBeforeSending(KetnoiSandbox sandbox, ClientConfig config) {
        BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME).context(RequestContext.of(Purpose.STATISTICS, OPERATOR)).build();
        List<BatchRecord> many = new ArrayList<>();
        for (int i = 0; i <= PopulationClient.MAX_BATCH; i++) {
            many.add(BatchRecord.of("r" + i, "001089012345", "A", "1989"));
        }
        long before = sandbox.stats().apiRequests();
        try (PopulationClient population = PopulationClient.create(config)) {
            assertEquals("records", assertThrows(InvalidInputException.class,
                    () -> population.batch(spec, many)).field());
            assertEquals("itemId", assertThrows(InvalidInputException.class, () -> population.batch(spec,
                    List.of(BatchRecord.of("x", "1", "A", "1"), BatchRecord.of("x", "2", "B", "2")))).field());
        }
        assertEquals(before, sandbox.stats().apiRequests());
    }

    // ---- every operation refuses a call without a context, before sending ----

    @Test
    @Requirement(value = "R-3.1", side = Side.SDK)
    void everyOperationRefusesACallWithNeitherARequestContextNorADefault(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        long before = sandbox.stats().apiRequests();
        try (PopulationClient bare = PopulationClient.create(config)) {
            VerifyRequest verify = VerifyRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).build();
            HouseholdRequest household = HouseholdRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                    .birthDate(c.birthDate()).build();
            BatchRequest spec = BatchRequest.verify().build();
            List<BatchRecord> records = List.of(BatchRecord.of("r1", c.idNumber(), c.fullName(), c.birthDate()));
            for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                    () -> bare.verify(verify), () -> bare.verifyAsync(verify).join(),
                    () -> bare.household(household), () -> bare.householdAsync(household).join(),
                    () -> bare.batch(spec, records), () -> bare.batchAsync(spec, records).join(),
                    () -> bare.submitJob(spec, records.iterator()),
                    () -> bare.submitJobAsync(spec, records.iterator()).join(),
                    () -> bare.job(spec, "job-1"), () -> bare.changeFeed(), () -> bare.pushJob("job-1"))) {
                Throwable t = assertThrows(Throwable.class, call);
                Throwable cause = t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
                assertEquals("context", ((InvalidInputException) cause).field());
            }
        }
        assertEquals(before, sandbox.stats().apiRequests(), "nothing reached the provider");
        assertEquals("idNumber", assertThrows(InvalidInputException.class,
                () -> VerifyRequest.builder().idNumber("00108901234X")).field());
    }

    @Test
    @Requirement(value = "R-8.9.4", side = Side.SDK)
    void changeFeedAndVerifierRefuseBadInputBeforeSending(PopulationClient population) {
        assertEquals("purpose", assertThrows(InvalidInputException.class,
                () -> population.changeFeed(RequestContext.of(null, OPERATOR))).field());
        assertEquals("operatorId", assertThrows(InvalidInputException.class,
                () -> population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, null))).field());
        ChangeFeed feed = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR));
        assertEquals("limit", assertThrows(InvalidInputException.class,
                () -> feed.read(ChangeCursor.beginning(), 0)).field());
        assertEquals("cursor", assertThrows(InvalidInputException.class, () -> ChangeCursor.of("a b")).field());
        assertEquals("maxAge", assertThrows(InvalidInputException.class,
                () -> population.notificationVerifier(Duration.ofDays(1))).field());
    }
}
