package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.identity.LenientInput.Change;
import vn.ketnoi.core.identity.LenientInput.Normalised;

/** Issue 18: portals receive ID numbers with spaces, dd/MM/yyyy dates and names with stray spaces. */
class LenientInputTest {
    private static final String ID = "001089012345";

    @Test
    void anIdNumberTypedWithSpacesDotsOrHyphensIsReadAndTheChangesNamed() {
        assertRead(ID, List.of(), LenientInput.idNumber(ID));
        assertRead(ID, List.of(Change.REMOVED_SPACES), LenientInput.idNumber("001 089 012 345"));
        assertRead(ID, List.of(Change.TRIMMED, Change.REMOVED_SEPARATORS), LenientInput.idNumber(" 001.089.012-345\t"));
        assertRead(ID, List.of(Change.REMOVED_SPACES), LenientInput.idNumber("001\u00A0089\u2009012345"));
        assertRead(ID, List.of(Change.ASCII_DIGITS), LenientInput.idNumber("\uFF10\uFF10\uFF11\uFF10\uFF18\uFF19012345"));
    }

    private static void assertRead(String id, List<Change> changes, Normalised<PersonalIdNumber> n) {
        assertEquals(id, n.value().value());
        assertEquals(changes, n.changes());
        assertEquals(!changes.isEmpty(), n.changed());
    }

    @Test
    void anIdNumberIsNeverGuessed() {
        for (String bad : List.of("00108901234A", "0010890123456", "00108901234", "001/089/012/345", "", "   ")) {
            IdentityParseException e = assertThrows(IdentityParseException.class, () -> LenientInput.idNumber(bad));
            assertEquals("idNumber", e.field());
            assertFalse(bad.length() > 3 && e.getMessage().contains(bad.substring(0, 4)), e.getMessage());
        }
        assertEquals("idNumber", assertThrows(IdentityParseException.class, () -> LenientInput.idNumber(null)).field());
    }

    @Test
    void aDateWrittenDayFirstIsReadInTheVietnameseOrder() {
        assertDate("1989-05-12", List.of(), LenientInput.date("1989-05-12"));
        assertDate("1989-05-12", List.of(Change.DAY_FIRST_DATE), LenientInput.date("12/05/1989"));
        assertDate("1989-05-12", List.of(Change.DAY_FIRST_DATE), LenientInput.date("12.05.1989"));
        assertDate("1989-05-12", List.of(Change.DAY_FIRST_DATE), LenientInput.date("12-05-1989"));
        assertDate("1990-03-05", List.of(Change.DAY_FIRST_DATE, Change.PADDED_DAY_OR_MONTH), LenientInput.date("5/3/1990"));
        assertDate("1989-05-12", List.of(Change.TRIMMED, Change.REMOVED_SPACES, Change.DAY_FIRST_DATE),
                LenientInput.date(" 12 / 05 / 1989 "));
        assertDate("1989-05", List.of(Change.DAY_FIRST_DATE), LenientInput.date("05/1989"));
        assertDate("1989", List.of(), LenientInput.date("1989"));
    }

    private static void assertDate(String iso, List<Change> changes, Normalised<PartialDate> n) {
        assertEquals(iso, n.value().toIsoString());
        assertEquals(changes, n.changes());
    }

    @Test
    void aDateIsNeverGuessed() {
        // Not a real date, a two-digit year (which century?), mixed separators, month first by year.
        for (String bad : List.of("31/02/1990", "12/05/89", "12/05-1989", "1989/05/12", "12 05 1989", "May 1989")) {
            assertEquals("date", assertThrows(IdentityParseException.class, () -> LenientInput.date(bad)).field(), bad);
        }
    }

    @Test
    void aNameWithStraySpacesOrDecomposedMarksIsNormalisedButNeverRespelled() {
        Normalised<String> plain = LenientInput.fullName("Nguyễn Văn An");
        assertEquals("Nguyễn Văn An", plain.value());
        assertEquals(List.of(), plain.changes());

        Normalised<String> spaced = LenientInput.fullName("  Nguyễn   Văn\u00A0An ");
        assertEquals("Nguyễn Văn An", spaced.value());
        assertEquals(List.of(Change.TRIMMED, Change.COLLAPSED_SPACES), spaced.changes());

        Normalised<String> decomposed = LenientInput.fullName("Nguye\u0302\u0303n Va\u0306n An");
        assertEquals("Nguyễn Văn An", decomposed.value());
        assertEquals(List.of(Change.COMPOSED_UNICODE), decomposed.changes());

        assertEquals("NGUYỄN VĂN AN", LenientInput.fullName("NGUYỄN VĂN AN").value(), "case is the name's");
        assertEquals("fullName", assertThrows(IdentityParseException.class, () -> LenientInput.fullName(" ")).field());
    }

    @Test
    void theResultShowsTheChangesNeverTheValue() {
        Normalised<String> n = LenientInput.fullName(" Nguyễn Văn An");
        assertFalse(n.toString().contains("Nguy"), n.toString());
        assertTrue(n.toString().contains("TRIMMED"), n.toString());
        assertFalse(LenientInput.idNumber("001 089 012 345").toString().contains("089"));
        for (Change c : Change.values()) {
            assertFalse(c.description().isBlank());
        }
    }
}
