package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalIdNumberTest {

    static final Clock AUG_2025 = Clock.fixed(Instant.parse("2025-08-01T00:00:00Z"), ZoneOffset.UTC);
    static final Clock YEAR_2400 = Clock.fixed(Instant.parse("2400-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void parsesValidNumberAndDecodesParts() {
        PersonalIdNumber id = PersonalIdNumber.parse("001089012345", AUG_2025);
        assertEquals("001089012345", id.value());
        assertEquals("001", id.provinceCode());
        assertEquals(BirthRegistrationProvince.HA_NOI, id.province());
        assertEquals("Hà Nội", id.province().vietnameseName());
        assertEquals(Sex.MALE, id.sex());
        assertEquals(1989, id.birthYear());
        assertEquals(1900, id.century());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1989, MALE, 1900", "1, 1989, FEMALE, 1900",
        "2, 2089, MALE, 2000", "3, 2089, FEMALE, 2000",
        "4, 2189, MALE, 2100", "5, 2189, FEMALE, 2100",
        "6, 2289, MALE, 2200", "7, 2289, FEMALE, 2200",
        "8, 2389, MALE, 2300", "9, 2389, FEMALE, 2300"})
    void decodesCenturyAndSexForEveryDigit(int g, int year, Sex sex, int century) {
        PersonalIdNumber id = PersonalIdNumber.parse("079" + g + "89000001", YEAR_2400);
        assertEquals(year, id.birthYear());
        assertEquals(sex, id.sex());
        assertEquals(century, id.century());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00108901234A", "0010890123", "00108901234", "0010890123456", "",
        "001 89012345", " 001089012345", "001089012345\n", "00108901234\u0661", "\uFF10\uFF10\uFF11089012345"})
    void rejectsMalformedNumbers(String text) {
        IdentityParseException e = assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.parse(text, AUG_2025));
        assertEquals("idNumber", e.field());
        assertEquals("must be 12 ASCII digits", e.problem());
        assertFalse(PersonalIdNumber.isValid(text));
    }

    @Test
    void rejectsNull() {
        IdentityParseException e = assertThrows(IdentityParseException.class, () -> PersonalIdNumber.parse(null));
        assertEquals("idNumber", e.field());
        assertFalse(PersonalIdNumber.isValid(null));
    }

    @Test
    void rejectsUnknownProvinceCode() {
        IdentityParseException e = assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.parse("003089012345", AUG_2025));
        assertEquals("unknown province code 003", e.problem());
        assertTrue(e.getMessage().startsWith("idNumber: unknown province code 003"));
    }

    @Test
    void rejectsBirthYearInTheFuture() {
        // 2026 is after the clock's year 2025; 2025 itself is fine.
        IdentityParseException e = assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.parse("001226012345", AUG_2025));
        assertEquals("century digit gives a birth year in the future", e.problem());
        assertEquals(2025, PersonalIdNumber.parse("001325012345", AUG_2025).birthYear());
        // Century digit 4 means the 2100s.
        assertThrows(IdentityParseException.class, () -> PersonalIdNumber.parse("001400012345", AUG_2025));
    }

    @Test
    void messageNeverEchoesTheInput() {
        IdentityParseException e = assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.parse("00108901234X", AUG_2025));
        assertFalse(e.getMessage().contains("00108901234"));
        IdentityParseException f = assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.parse("001226012345", AUG_2025));
        assertFalse(f.getMessage().contains("226012345"));
    }

    @Test
    void toStringIsMasked() {
        PersonalIdNumber id = PersonalIdNumber.parse("001089012345", AUG_2025);
        assertEquals("001*******45", id.toString());
        assertEquals("001*******45", id.masked());
        assertFalse(id.toString().contains("0890123"));
    }

    @Test
    void equalityIsByValue() {
        assertEquals(PersonalIdNumber.parse("001089012345", AUG_2025), PersonalIdNumber.parse("001089012345", AUG_2025));
        assertEquals(PersonalIdNumber.parse("001089012345", AUG_2025).hashCode(),
                PersonalIdNumber.parse("001089012345", AUG_2025).hashCode());
        assertNotEquals(PersonalIdNumber.parse("001089012345", AUG_2025), PersonalIdNumber.parse("001089012346", AUG_2025));
    }

    @Test
    void consistencyWithBirthDateComparesYears() {
        PersonalIdNumber id = PersonalIdNumber.parse("001189012345", AUG_2025);
        assertTrue(id.isConsistentWith(PartialDate.of(1989, 5, 12)));
        assertTrue(id.isConsistentWith(PartialDate.ofYear(1989)));
        assertFalse(id.isConsistentWith(PartialDate.of(1990, 5, 12)));
        assertFalse(id.isConsistentWith(PartialDate.ofYear(2089)));
    }

    @Test
    void factoryBuildsNumbersThatParseBack() {
        PersonalIdNumber id = PersonalIdNumber.of("079", Sex.FEMALE, 2003, 42);
        assertEquals("079303000042", id.value());
        PersonalIdNumber back = PersonalIdNumber.parse(id.value(), AUG_2025);
        assertEquals(Sex.FEMALE, back.sex());
        assertEquals(2003, back.birthYear());
        assertEquals(BirthRegistrationProvince.HO_CHI_MINH, back.province());
        assertEquals("001099999999", PersonalIdNumber.of("001", Sex.MALE, 1999, 999_999).value());
    }

    @Test
    void factoryRejectsOutOfRangeArguments() {
        assertEquals("provinceCode", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("003", Sex.MALE, 1990, 1)).field());
        assertEquals("birthYear", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("001", Sex.MALE, 1899, 1)).field());
        assertEquals("birthYear", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("001", Sex.MALE, 2400, 1)).field());
        assertEquals("random6", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("001", Sex.MALE, 1990, 1_000_000)).field());
        assertEquals("random6", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("001", Sex.MALE, 1990, -1)).field());
        assertEquals("sex", assertThrows(IdentityParseException.class,
                () -> PersonalIdNumber.of("001", null, 1990, 1)).field());
    }

    @Test
    void oldIdNumberIsNineDigits() {
        OldIdNumber old = OldIdNumber.parse("012345678");
        assertEquals("012345678", old.value());
        assertEquals("*******78", old.toString());
        assertEquals(OldIdNumber.parse("012345678"), old);
        for (String bad : new String[] {"01234567", "0123456789", "01234567X", "01234567\u0668", ""}) {
            IdentityParseException e = assertThrows(IdentityParseException.class, () -> OldIdNumber.parse(bad));
            assertEquals("oldIdNumber", e.field());
        }
        assertThrows(IdentityParseException.class, () -> OldIdNumber.parse(null));
    }
}
