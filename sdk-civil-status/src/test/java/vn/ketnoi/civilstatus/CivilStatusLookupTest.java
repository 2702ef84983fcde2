package vn.ketnoi.civilstatus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;
import vn.ketnoi.population.ChangeCursor;
import vn.ketnoi.population.ChangeEvent;
import vn.ketnoi.population.ChangeType;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Lookups of the civil-status register against the running sandbox, over HTTP: every kind, both
 * ways of finding a registration, the Vietnamese facts typed, and every refusal. The register
 * agrees with the population: that is checked here too.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class CivilStatusLookupTest {

    static int year(SyntheticCitizen c) {
        return Integer.parseInt(c.birthDate().substring(0, 4));
    }

    static PersonalIdNumber id(SyntheticCitizen c) {
        return PersonalIdNumber.parse(c.idNumber());
    }

    @Test
    void everyCitizenBornSince2016HasABirthRegistrationThatNamesThemAndTheirParents(KetnoiSandbox sandbox,
                                                                                     CivilStatusClient civil) {
        List<SyntheticCitizen> young = sandbox.population().citizens().stream().filter(c -> year(c) >= 2016).toList();
        assertFalse(young.isEmpty());
        for (SyntheticCitizen c : young) {
            assertTrue(sandbox.civilStatus().registration("BIRTH", c.idNumber()).isPresent(), "every child registered");
        }
        SyntheticCitizen c = young.stream().filter(x -> x.mother() != null && x.mother().idNumber() != null)
                .findFirst().orElseThrow();

        BirthRegistration birth = civil.birth(id(c));

        assertEquals(c.idNumber(), birth.child().idNumber().orElseThrow().value(), "the ID number assigned at birth");
        assertEquals(c.fullName(), birth.child().fullName());
        assertEquals(PartialDate.parseIso(c.birthDate()), birth.child().birthDate().orElseThrow());
        assertEquals(Sex.valueOf(c.sex()), birth.child().sex().orElseThrow());
        assertEquals(c.mother().idNumber(), birth.mother().orElseThrow().idNumber().orElseThrow().value());
        RegisterEntry entry = birth.entry();
        assertTrue(entry.authority().code().matches("\\d{5}"));
        assertTrue(entry.authority().name().startsWith("Ủy ban nhân dân "), "a commune People's Committee");
        assertTrue(entry.bookNumber().endsWith("/" + entry.registrationDate().getYear()), "a book per year");
        assertFalse(entry.registrationDate().isBefore(birth.child().birthDate().orElseThrow().toLocalDate()
                .orElse(entry.registrationDate())), "registered after the birth");
        // The paper certificate's reference finds the same entry.
        assertEquals(entry.registrationId(), civil.birth(entry.reference()).entry().registrationId());
    }

    @Test
    void aMarriageLinksTwoSpousesWhoAreInThePopulationFoundFromEither(KetnoiSandbox sandbox, CivilStatusClient civil) {
        SyntheticCitizen a = sandbox.population().find(c -> c.spouse() != null && c.spouse().idNumber() != null
                && sandbox.population().byIdNumber(c.spouse().idNumber()).isPresent()).orElseThrow();
        SyntheticCitizen b = sandbox.population().byIdNumber(a.spouse().idNumber()).orElseThrow();

        MarriageRegistration fromA = civil.marriages(id(a)).get(0);
        MarriageRegistration fromB = civil.marriages(id(b)).get(0);

        assertEquals(fromA.entry().registrationId(), fromB.entry().registrationId());
        assertEquals(Set.of(a.idNumber(), b.idNumber()), fromA.spouses().stream()
                .map(p -> p.idNumber().orElseThrow().value()).collect(Collectors.toSet()));
        for (RegisteredPerson p : fromA.spouses()) {
            assertTrue(sandbox.population().byIdNumber(p.idNumber().orElseThrow().value()).isPresent());
        }
        assertEquals(fromA.entry().registrationId(), civil.marriage(fromA.entry().reference()).entry().registrationId());
    }

    @Test
    void partialBirthDatesStayPartial(KetnoiSandbox sandbox, CivilStatusClient civil) {
        SyntheticCitizen partial = sandbox.population().find(c -> !c.hasFullBirthDate() && c.spouse() != null
                && c.spouse().idNumber() != null && sandbox.population().byIdNumber(c.spouse().idNumber()).isPresent())
                .orElseThrow();
        RegisteredPerson p = civil.marriages(id(partial)).get(0).spouses().stream()
                .filter(x -> x.idNumber().orElseThrow().value().equals(partial.idNumber())).findFirst().orElseThrow();
        assertEquals(PartialDate.parseIso(partial.birthDate()), p.birthDate().orElseThrow());
        assertTrue(p.birthDate().orElseThrow().day().isEmpty(), "never a fake first of January");
    }

    @Test
    void everyDeathOfThePopulationAndOfTheChangeFeedHasADeathRegistration(KetnoiSandbox sandbox,
            CivilStatusClient civil, PopulationClient population) {
        SyntheticCitizen dead = sandbox.population().deceased();
        DeathRegistration d = civil.death(id(dead));
        assertEquals(PartialDate.parseIso(dead.deathDate()), d.deathDate());
        assertEquals(dead.idNumber(), d.deceased().idNumber().orElseThrow().value());

        List<ChangeEvent> deaths = population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:canbo.test"))
                .read(ChangeCursor.beginning(), 100).items().stream().filter(e -> e.type() == ChangeType.DEATH).toList();
        assertFalse(deaths.isEmpty());
        for (ChangeEvent e : deaths) {
            DeathRegistration r = civil.death(e.idNumber());
            assertEquals(e.idNumber(), r.deceased().idNumber().orElseThrow());
        }
        assertEquals(d.entry().registrationId(), civil.death(d.entry().reference()).entry().registrationId());
    }

    @Test
    void aRegistrationThatDoesNotExistIsTyped(KetnoiSandbox sandbox, CivilStatusClient civil) {
        SyntheticCitizen living = sandbox.population().anyLiving();
        RegistrationNotFoundException e = assertThrows(RegistrationNotFoundException.class,
                () -> civil.death(id(living)));
        assertEquals("civil-status.registration-not-found", e.errorCode());
        assertEquals(404, e.statusCode());
        assertFalse(e.getMessage().contains(living.idNumber()));
        assertThrows(RegistrationNotFoundException.class,
                () -> civil.birth(EntryReference.of("999999", "01/1901", "00000")));
    }

    @Test
    void aCallIsMadeInTheDefaultContextOrAViewsAndRefusedWithNeither(KetnoiSandbox sandbox, vn.ketnoi.core.ClientConfig config) {
        SyntheticCitizen c = sandbox.population().citizens().stream().filter(x -> year(x) >= 2016).findFirst().orElseThrow();
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        vn.ketnoi.core.ClientConfig watched = config.toBuilder().addNetworkInterceptor(chain -> {
            chain.request().headers().first("X-Road-UserId").ifPresent(op -> sent.add(op + " "
                    + chain.request().headers().first("Ketnoi-Purpose").orElse("-")));
            return chain.proceed(chain.request());
        }).build();
        RequestContext officer = RequestContext.of(Purpose.LAW_ENFORCEMENT, "VN:canbo.an");
        long before = sandbox.stats().apiRequests();
        try (CivilStatusClient bare = CivilStatusClient.builder(watched).build()) {
            assertEquals("context", assertThrows(InvalidInputException.class, () -> bare.birth(id(c))).field());
            assertEquals(0, sent.size());
            assertEquals(before, sandbox.stats().apiRequests(), "nothing was sent");
            try (CivilStatusClient asOfficer = bare.withContext(officer)) {
                assertEquals(c.idNumber(), asOfficer.birth(id(c)).child().idNumber().orElseThrow().value());
            }
            assertEquals(List.of("VN:canbo.an LAW_ENFORCEMENT"), sent);
            // The view closed nothing: the client is still open (and still without a default).
            assertEquals("context", assertThrows(InvalidInputException.class, () -> bare.birth(id(c))).field());
        }
    }

    @Test
    void anAgencyNotGrantedCivilStatusIsRefusedItsToken(KetnoiSandbox sandbox) {
        try (CivilStatusClient limited = CivilStatusClient.builder(SandboxClients.configFor(sandbox,
                sandbox.limitedAgency())).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build()) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> limited.birth(id(sandbox.population().anyLiving())));
            assertEquals("token.invalid_scope", e.errorCode());
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent(KetnoiSandbox sandbox, CivilStatusClient civil) {
        long sent = sandbox.stats().apiRequests();
        assertEquals("entryNumber", assertThrows(InvalidInputException.class,
                () -> EntryReference.of("", "01/2019", "12345")).field());
        assertEquals("bookNumber", assertThrows(InvalidInputException.class,
                () -> EntryReference.of("12", "01 2019", "12345")).field());
        assertEquals("authorityCode", assertThrows(InvalidInputException.class,
                () -> EntryReference.of("12", "01/2019", "1234")).field());
        assertEquals("idNumber", assertThrows(InvalidInputException.class,
                () -> civil.birth((PersonalIdNumber) null)).field());
        assertEquals("reference", assertThrows(InvalidInputException.class,
                () -> civil.death((EntryReference) null)).field());
        assertEquals("registration", assertThrows(InvalidInputException.class, () -> civil.extract(null)).field());
        assertEquals("context", assertThrows(InvalidInputException.class, () -> civil.withContext(null)).field());
        assertEquals(sent, sandbox.stats().apiRequests());
    }

    @Test
    void recordsNeverShowPersonalDataInToString(KetnoiSandbox sandbox, CivilStatusClient civil) {
        SyntheticCitizen c = sandbox.population().citizens().stream().filter(x -> year(x) >= 2016).findFirst()
                .orElseThrow();
        BirthRegistration b = civil.birth(id(c));
        for (Object o : List.of(b, b.child(), b.entry().reference())) {
            assertFalse(o.toString().contains(c.idNumber()), o.toString());
            assertFalse(o.toString().contains(c.fullName()), o.toString());
        }
    }
}
