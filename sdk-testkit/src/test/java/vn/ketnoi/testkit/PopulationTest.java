package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PopulationTest {

    /** The 63 province codes of DOMAIN section 3, typed in again here on purpose. */
    static final Set<String> PROVINCES = Set.of(
            "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
            "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
            "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
            "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
            "089", "091", "092", "093", "094", "095", "096");
    static final Set<String> RELATIONS = Set.of("Chủ hộ", "Vợ", "Chồng", "Con", "Bố", "Mẹ", "Cháu");

    static SandboxPopulation population;

    @BeforeAll
    static void generate() {
        population = SandboxPopulation.generate(10_000, KetnoiSandbox.DEFAULT_SEED);
    }

    @Test
    void hasTenThousandCitizensWithUniqueIds() {
        assertEquals(10_000, population.size());
        Set<String> ids = new HashSet<>();
        for (SyntheticCitizen c : population.citizens()) {
            assertTrue(ids.add(c.idNumber()), "duplicate ID");
            assertEquals(c, population.byIdNumber(c.idNumber()).orElseThrow());
        }
    }

    @Test
    void everyIdIsConsistentWithBirthYearSexAndProvince() {
        assertEquals(63, PROVINCES.size());
        for (SyntheticCitizen c : population.citizens()) {
            String id = c.idNumber();
            assertTrue(id.matches("[0-9]{12}"), "12 ASCII digits");
            assertTrue(PROVINCES.contains(id.substring(0, 3)), "known province");
            int year = Integer.parseInt(c.birthDate().substring(0, 4));
            int g = id.charAt(3) - '0';
            assertEquals(year < 2000 ? 0 : 2, g - g % 2, "century digit");
            assertEquals(c.sex().equals("FEMALE") ? 1 : 0, g % 2, "sex digit");
            assertEquals(String.format("%02d", year % 100), id.substring(4, 6), "year digits");
            assertTrue(year >= 1930 && year <= 2025, "birth year in range");
        }
    }

    @Test
    void birthAndDeathDatesAreValidAndNotInTheFuture() {
        LocalDate today = LocalDate.now();
        for (SyntheticCitizen c : population.citizens()) {
            String b = c.birthDate();
            assertTrue(b.matches("\\d{4}(-\\d{2}(-\\d{2})?)?"));
            if (c.hasFullBirthDate()) {
                assertFalse(LocalDate.parse(b).isAfter(today));
            }
            if (c.isDeceased()) {
                assertTrue(c.deathDate().compareTo(b.substring(0, 4)) > 0, "death after birth year");
                assertNull(c.idCard(), "no live card for the dead");
            }
        }
    }

    @Test
    void someBirthDatesArePartialAndSomeCitizensDeceased() {
        long partial = population.citizens().stream().filter(c -> !c.hasFullBirthDate()).count();
        long dead = population.citizens().stream().filter(SyntheticCitizen::isDeceased).count();
        assertTrue(partial >= 100 && partial <= 600, "about 3 % partial dates, got " + partial);
        assertTrue(dead >= 80 && dead <= 400, "about 2 % deceased, got " + dead);
        assertFalse(population.withPartialBirthDate().hasFullBirthDate());
        assertTrue(population.deceased().isDeceased());
        assertFalse(population.anyLiving().isDeceased());
    }

    @Test
    void sameSeedGivesTheSamePopulationAndAnotherSeedDoesNot() {
        SandboxPopulation again = SandboxPopulation.generate(10_000, KetnoiSandbox.DEFAULT_SEED);
        List<SyntheticCitizen> a = population.citizens();
        List<SyntheticCitizen> b = again.citizens();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).idNumber(), b.get(i).idNumber());
            assertEquals(a.get(i).fullName(), b.get(i).fullName());
            assertEquals(a.get(i).birthDate(), b.get(i).birthDate());
            assertEquals(a.get(i).permanentResidence(), b.get(i).permanentResidence());
            assertEquals(a.get(i).phone(), b.get(i).phone());
        }
        assertEquals(population.households(), again.households());
        SandboxPopulation other = SandboxPopulation.generate(10_000, 7L);
        // Citizen 0 is the demo citizen in every population; the next one differs by seed.
        assertEquals(a.get(0).idNumber(), other.citizens().get(0).idNumber());
        assertNotEquals(a.get(1).idNumber(), other.citizens().get(1).idNumber());
    }

    @Test
    void everyPopulationHoldsTheDemoCitizen() {
        for (long seed : new long[] {KetnoiSandbox.DEFAULT_SEED, 7L, 42L}) {
            SyntheticCitizen demo = SandboxPopulation.generate(100, seed).demoCitizen();
            assertEquals("001089012345", demo.idNumber());
            assertEquals("Nguyễn Văn An", demo.fullName());
            assertEquals("1989-05-12", demo.birthDate());
            assertEquals("MALE", demo.sex());
            assertFalse(demo.isDeceased());
        }
    }

    @Test
    void namesAreNfcWithDiacritics() {
        long withDiacritics = 0;
        for (SyntheticCitizen c : population.citizens()) {
            assertTrue(Normalizer.isNormalized(c.fullName(), Normalizer.Form.NFC));
            assertTrue(c.fullName().split(" ").length >= 3);
            if (!c.fullName().equals(Normalizer.normalize(c.fullName(), Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", ""))) {
                withDiacritics++;
            }
        }
        assertTrue(withDiacritics > population.size() / 2);
    }

    @Test
    void householdsHaveOneHeadAndKnownRelationships() {
        int members = 0;
        for (SyntheticHousehold h : population.households()) {
            assertTrue(h.memberIdNumbers().size() >= 1 && h.memberIdNumbers().size() <= 6);
            assertEquals(h.headIdNumber(), h.memberIdNumbers().get(0));
            int heads = 0;
            for (String id : h.memberIdNumbers()) {
                SyntheticCitizen c = population.byIdNumber(id).orElseThrow();
                assertEquals(h.householdId(), c.householdId());
                assertEquals(h.headIdNumber(), c.headIdNumber());
                assertTrue(RELATIONS.contains(c.relationshipToHead()), c.relationshipToHead());
                if (c.relationshipToHead().equals("Chủ hộ")) {
                    heads++;
                }
                if (c.father() != null && c.father().idNumber() != null) {
                    assertEquals("MALE", population.byIdNumber(c.father().idNumber()).orElseThrow().sex());
                }
                members++;
            }
            assertEquals(1, heads);
        }
        assertEquals(population.size(), members);
    }

    @Test
    void addressesComeInBothForms() {
        long old = population.citizens().stream().filter(c -> c.permanentResidence().hasDistrict()).count();
        assertTrue(old > 1000 && old < 9000, "both forms present, old form: " + old);
    }

    @Test
    void toStringMasksPersonalData() {
        for (SyntheticCitizen c : population.citizens().subList(0, 200)) {
            String s = c.toString();
            assertFalse(s.contains(c.idNumber()), s);
            assertFalse(s.contains(c.fullName()), s);
            assertFalse(s.contains(c.birthDate()), s);
            assertTrue(s.contains(c.idNumber().substring(0, 3)) && s.contains("*"), s);
        }
    }

    @Test
    void theStandaloneSandboxsPersonasExistAndAreTheSameInEveryRun() {
        // SandboxMain lists these; messages here name no value (the leak check scans test logs).
        SandboxPopulation again = SandboxPopulation.generate(10_000, KetnoiSandbox.DEFAULT_SEED);
        SyntheticCitizen yearOnly = population.withYearOnlyBirthDate();
        assertEquals(4, yearOnly.birthDate().length(), "a year-only birth date");
        assertEquals(yearOnly.idNumber(), again.withYearOnlyBirthDate().idNumber());

        SyntheticCitizen consent = population.needingConsent();
        assertFalse(consent.isDeceased());
        for (String field : List.of(consent.religion(), consent.bloodGroup(), consent.phone(), consent.email())) {
            assertTrue(field != null, "every consent field recorded");
        }
        assertEquals(consent.idNumber(), again.needingConsent().idNumber());

        SyntheticHousehold big = population.largeHousehold();
        assertTrue(big.memberIdNumbers().size() >= 4, "several members");
        assertEquals(big.householdId(), again.largeHousehold().householdId());
        for (String member : big.memberIdNumbers()) {
            assertEquals(big.householdId(), population.byIdNumber(member).orElseThrow().householdId());
        }
        assertEquals(2, population.vneidLevel(population.withVneidLevel(2)));
        assertTrue(population.deceased().isDeceased());
    }
}
