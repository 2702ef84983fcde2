package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartialDateTest {

    static final Clock MID_2025 = Clock.fixed(Instant.parse("2025-06-15T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void precisionAndParts() {
        PartialDate y = PartialDate.ofYear(1989);
        assertEquals(PartialDate.Precision.YEAR, y.precision());
        assertEquals(1989, y.year());
        assertEquals(OptionalInt.empty(), y.month());
        assertEquals(OptionalInt.empty(), y.day());
        assertEquals(Optional.empty(), y.toLocalDate());

        PartialDate ym = PartialDate.ofYearMonth(1989, 5);
        assertEquals(PartialDate.Precision.MONTH, ym.precision());
        assertEquals(OptionalInt.of(5), ym.month());
        assertEquals(OptionalInt.empty(), ym.day());

        PartialDate d = PartialDate.of(1989, 5, 12);
        assertEquals(PartialDate.Precision.DAY, d.precision());
        assertEquals(OptionalInt.of(12), d.day());
        assertEquals(Optional.of(LocalDate.of(1989, 5, 12)), d.toLocalDate());
        assertEquals(d, PartialDate.of(LocalDate.of(1989, 5, 12)));
    }

    @Test
    void yearOnlyIsNotFirstOfJanuary() {
        assertNotEquals(PartialDate.ofYear(1989), PartialDate.of(1989, 1, 1));
        assertNotEquals(PartialDate.ofYear(1989), PartialDate.ofYearMonth(1989, 1));
    }

    @Test
    void isoRoundTrip() {
        for (String s : new String[] {"1989", "1989-05", "1989-05-12", "2000-02-29"}) {
            assertEquals(s, PartialDate.parseIso(s).toIsoString());
            assertEquals(s, PartialDate.parseIso(s).toString());
        }
        assertEquals(PartialDate.ofYearMonth(1989, 5), PartialDate.parseIso("1989-05"));
    }

    @Test
    void wildFormats() {
        assertEquals(PartialDate.of(1989, 5, 12), PartialDate.parseCompact("19890512"));
        assertEquals(PartialDate.ofYearMonth(1989, 5), PartialDate.parseCompact("198905"));
        assertEquals(PartialDate.ofYear(1989), PartialDate.parseCompact("1989"));
        assertEquals(PartialDate.of(1989, 5, 12), PartialDate.parseDayFirst("12051989"));
        assertEquals(PartialDate.of(1989, 5, 12), PartialDate.parseSlashed("12/05/1989"));
        assertEquals(PartialDate.of(1990, 3, 5), PartialDate.parseSlashed("5/3/1990"));
        assertEquals(PartialDate.ofYearMonth(1989, 5), PartialDate.parseSlashed("05/1989"));
        assertEquals(PartialDate.ofYear(1989), PartialDate.parseSlashed("1989"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1989-02-30", "1989-13", "1989-00", "1799", "1989-5-12", "1989/05/12", "89",
        "1989-05-12T00", "198\u0669", "", "1900-02-29", "1989-05-00"})
    void isoRejectsInvalid(String s) {
        IdentityParseException e = assertThrows(IdentityParseException.class, () -> PartialDate.parseIso(s));
        assertEquals("date", e.field());
        assertFalse(s.length() > 2 && e.getMessage().contains(s), "message echoes input");
    }

    @Test
    void otherParsersRejectInvalid() {
        assertThrows(IdentityParseException.class, () -> PartialDate.parseCompact("19890230"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseCompact("1989051"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseCompact("198913"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseDayFirst("30021989"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseDayFirst("1989"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseDayFirst("12/05/89"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseSlashed("31/04/1989"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseSlashed("12/05/89"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseSlashed("/05/1989"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseSlashed("1/2/3/1989"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseSlashed("123/1989"));
        assertThrows(IdentityParseException.class, () -> PartialDate.parseSlashed(null));
        assertThrows(IdentityParseException.class, () -> PartialDate.ofYear(10000));
        assertThrows(IdentityParseException.class, () -> PartialDate.ofYearMonth(1989, 13));
        assertThrows(IdentityParseException.class, () -> PartialDate.of(2023, 2, 29));
        assertThrows(IdentityParseException.class, () -> PartialDate.of((LocalDate) null));
    }

    @Test
    void compatibility() {
        PartialDate full = PartialDate.of(1989, 5, 12);
        assertTrue(PartialDate.ofYear(1989).isCompatibleWith(full));
        assertTrue(full.isCompatibleWith(PartialDate.ofYear(1989)));
        assertTrue(PartialDate.ofYearMonth(1989, 5).isCompatibleWith(full));
        assertFalse(PartialDate.ofYearMonth(1989, 5).isCompatibleWith(PartialDate.of(1989, 6, 1)));
        assertFalse(PartialDate.ofYear(1990).isCompatibleWith(full));
        assertFalse(full.isCompatibleWith(PartialDate.of(1989, 5, 13)));
        assertTrue(full.isCompatibleWith(PartialDate.of(1989, 5, 12)));
    }

    @Test
    void futureIsJudgedAtOwnPrecision() {
        assertFalse(PartialDate.ofYear(2025).isInFuture(MID_2025));
        assertTrue(PartialDate.ofYear(2026).isInFuture(MID_2025));
        assertFalse(PartialDate.ofYearMonth(2025, 6).isInFuture(MID_2025));
        assertTrue(PartialDate.ofYearMonth(2025, 7).isInFuture(MID_2025));
        assertFalse(PartialDate.of(2025, 6, 15).isInFuture(MID_2025));
        assertTrue(PartialDate.of(2025, 6, 16).isInFuture(MID_2025));
    }

    @Test
    void maskedKeepsOnlyCenturyAndShape() {
        assertEquals("19**", PartialDate.ofYear(1989).masked());
        assertEquals("19**-**", PartialDate.ofYearMonth(1989, 5).masked());
        assertEquals("20**-**-**", PartialDate.of(2003, 5, 12).masked());
    }
}
