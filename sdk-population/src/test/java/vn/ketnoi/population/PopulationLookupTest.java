package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** The lookup operation against the running sandbox, over HTTP: every outcome. */
@ExtendWith(KetnoiSandboxExtension.class)
class PopulationLookupTest {

    static LookupRequest.Builder requestFor(SyntheticCitizen c) {
        return LookupRequest.builder()
                .idNumber(c.idNumber())
                .fullName(c.fullName())
                .birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test"));
    }

    /** A consent token for the fields that need one (protocol section 8.4), so every field can be asked for. */
    static String consentForAll(KetnoiSandbox sandbox, SyntheticCitizen c) {
        return sandbox.issueConsent(KetnoiSandbox.DEFAULT_AGENCY_ID, c.idNumber(), KetnoiSandbox.CONSENT_FIELDS,
                java.time.Duration.ofMinutes(5));
    }

    @Test
    @Requirement(value = "R-8.3.1", side = Side.SDK)
    void returnsExactlyTheFieldsAskedFor(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        Citizen citizen = population.lookup(requestFor(c)
                .fields(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.SEX, CitizenField.PERMANENT_RESIDENCE)
                .build());

        assertEquals(c.idNumber(), citizen.idNumber().value());
        assertEquals(EnumSet.of(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.SEX,
                CitizenField.PERMANENT_RESIDENCE), citizen.fields());
        assertEquals(c.fullName(), citizen.fullName().orElseThrow());
        assertEquals(PartialDate.parseIso(c.birthDate()), citizen.birthDate().orElseThrow());
        assertEquals(Sex.valueOf(c.sex()), citizen.sex().orElseThrow());
        assertEquals(c.permanentResidence().text(), citizen.permanentResidence().orElseThrow().text());
        assertTrue(citizen.ethnicity().isEmpty(), "a field not asked for must not come back");
        assertTrue(citizen.phone().isEmpty());
        assertTrue(citizen.retrievedAt().isPresent());
    }

    @Test
    void everyFieldCanBeAskedForAndIsTyped(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(x -> x.spouse() != null && x.idCard() != null
                && x.oldIdNumber() != null && x.deathDate() == null).orElseThrow();
        Citizen citizen = population.lookup(requestFor(c).fields(EnumSet.allOf(CitizenField.class))
                .consentToken(consentForAll(sandbox, c)).build());
        assertEquals(c.spouse().fullName(), citizen.spouse().orElseThrow().fullName());
        assertEquals(c.idCard().number(), citizen.idCard().orElseThrow().number());
        assertEquals(c.oldIdNumber(), citizen.oldIdNumber().orElseThrow().value());
        assertEquals(c.householdId(), citizen.household().orElseThrow().householdId());
        assertTrue(citizen.deathDate().isEmpty());
    }

    @Test
    void aDeceasedCitizenCarriesADateOfDeath(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().deceased();
        Citizen citizen = population.lookup(requestFor(c).fields(CitizenField.DEATH_DATE).build());
        assertEquals(PartialDate.parseIso(c.deathDate()), citizen.deathDate().orElseThrow());
    }

    @Test
    @Requirement(value = {"R-8.1.5", "R-8.3.4", "R-6.1"}, side = Side.SDK)
    void namesMatchIgnoringAccentsAndCaseButNotALetter(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String plain = Normalizer.normalize(c.fullName(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('đ', 'd').replace('Đ', 'D').toUpperCase(Locale.ROOT);
        Citizen found = population.lookup(requestFor(c).fullName(plain).fields(CitizenField.SEX).build());
        assertEquals(c.idNumber(), found.idNumber().value());

        String oneLetterOff = c.fullName() + "x";
        IdentityMismatchException e = assertThrows(IdentityMismatchException.class, () ->
                population.lookup(requestFor(c).fullName(oneLetterOff).fields(CitizenField.SEX).build()));
        assertEquals("population.identity-mismatch", e.errorCode());
        assertEquals(422, e.statusCode());
        assertFalse(e.isRetryable());
        assertTrue(e.requestId() != null && e.requestId().length() == 36, "the request id comes back");
    }

    @Test
    @Requirement(value = "R-8.1.6", side = Side.SDK)
    void aYearOnlyBirthDateMatchesTheFullRecord(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().find(SyntheticCitizen::hasFullBirthDate).orElseThrow();
        PartialDate full = PartialDate.parseIso(c.birthDate());
        Citizen found = population.lookup(requestFor(c).birthDate(PartialDate.ofYear(full.year()))
                .fields(CitizenField.BIRTH_DATE).build());
        assertEquals(full, found.birthDate().orElseThrow());

        assertThrows(IdentityMismatchException.class, () -> population.lookup(requestFor(c)
                .birthDate(PartialDate.ofYear(full.year() - 1)).fields(CitizenField.BIRTH_DATE).build()));
    }

    @Test
    @Requirement(value = "R-8.1.6", side = Side.SDK)
    void aPartialRecordMatchesAFullDateInItsYear(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().withPartialBirthDate();
        PartialDate recorded = PartialDate.parseIso(c.birthDate());
        PartialDate asked = PartialDate.of(recorded.year(), recorded.month().orElse(6), 15);
        Citizen found = population.lookup(requestFor(c).birthDate(asked).fields(CitizenField.BIRTH_DATE).build());
        assertEquals(recorded, found.birthDate().orElseThrow(), "the record's own precision comes back");
    }

    @Test
    @Requirement(value = "R-8.3.3", side = Side.SDK)
    void anUnknownIdNumberIsNotFound(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        String unknown = c.idNumber().substring(0, 6) + "999999";
        if (sandbox.population().byIdNumber(unknown).isPresent()) {
            unknown = c.idNumber().substring(0, 6) + "999998";
        }
        String id = unknown;
        CitizenNotFoundException e = assertThrows(CitizenNotFoundException.class,
                () -> population.lookup(requestFor(c).idNumber(id).fields(CitizenField.SEX).build()));
        assertEquals(404, e.statusCode());
        assertEquals("population.citizen-not-found", e.errorCode());
        assertFalse(e.getMessage().contains(id), "the message must not repeat the ID number");
    }

    @Test
    @Requirement(value = {"R-8.3.5", "R-6.1"}, side = Side.SDK)
    void aFieldOutsideTheGrantIsRefusedAndNamed(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency limited = sandbox.agencies().stream()
                .filter(a -> !a.grantedFields().contains("phone")).findFirst().orElseThrow();
        ClientConfig limitedConfig = config.toBuilder().agencyId(limited.id())
                .credentials(AgencyCredentials.of(limited.keyId(), limited.privateKey(), java.util.List.of()))
                .build();
        SyntheticCitizen c = sandbox.population().anyLiving();
        try (PopulationClient client = PopulationClient.create(limitedConfig)) {
            FieldNotGrantedException e = assertThrows(FieldNotGrantedException.class,
                    () -> client.lookup(requestFor(c).fields(CitizenField.SEX, CitizenField.PHONE).build()));
            assertEquals(403, e.statusCode());
            assertEquals("phone", e.fieldErrors().get(0).field());
            // What the grant covers still works.
            assertEquals(c.idNumber(), client.lookup(requestFor(c).fields(CitizenField.SEX).build()).idNumber().value());
        }
    }

    @Test
    @Requirement(value = {"R-3.1", "R-6.2"}, side = Side.SDK)
    void exchangeLayerErrorsAreToldApartFromTheProvidersOwn(KetnoiSandbox sandbox, ClientConfig config) {
        // An application interceptor that drops the operator header: the exchange layer refuses the call.
        ClientConfig broken = config.toBuilder()
                .addInterceptor(chain -> chain.proceed(chain.request().toBuilder().removeHeader("X-Road-UserId").build()))
                .build();
        try (PopulationClient client = PopulationClient.create(broken)) {
            ExchangeLayerException e = assertThrows(ExchangeLayerException.class, () -> client.lookup(
                    requestFor(sandbox.population().anyLiving()).fields(CitizenField.SEX).build()));
            assertEquals("exchange.Client.InvalidHeaders", e.errorCode());
            assertTrue(e.isClientFault());
            assertEquals(400, e.statusCode());
        }
    }

    @Test
    void citizenToStringShowsNoPersonalData(KetnoiSandbox sandbox, PopulationClient population) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        Citizen citizen = population.lookup(requestFor(c).fields(EnumSet.allOf(CitizenField.class))
                .consentToken(consentForAll(sandbox, c)).build());
        String all = citizen + " " + citizen.household().orElse(null) + " " + citizen.idCard().orElse(null)
                + " " + citizen.father().orElse(null) + " " + citizen.permanentResidence().orElse(null)
                + " " + requestFor(c).fields(CitizenField.SEX).build();
        assertFalse(all.contains(c.idNumber()), all);
        assertFalse(all.contains(c.fullName()), all);
        assertFalse(all.contains(c.birthDate()), all);
    }
}
