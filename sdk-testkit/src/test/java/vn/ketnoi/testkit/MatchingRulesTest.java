package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testkit.internal.PartialDates;
import vn.ketnoi.testkit.internal.Texts;

/** The section 8.1 rules the lookup relies on, at unit level. */
class MatchingRulesTest {

    @Test
    void namesFoldAccentsCaseDAndSpaces() {
        assertEquals("dang thi thu ha", Texts.foldName("  Đặng  Thị Thu\tHà "));
        assertEquals(Texts.foldName("Nguyễn Văn An"), Texts.foldName("NGUYEN VAN AN"));
        // Decomposed input folds the same as composed input.
        assertEquals(Texts.foldName("Nguy\u0065\u0302\u0303n"), Texts.foldName("Nguyễn"));
        assertFalse(Texts.foldName("Nguyễn Văn An").equals(Texts.foldName("Nguyễn Văn Anh")));
    }

    @Test
    void partialDatesMatchOnTheirCommonParts() {
        int[] full = PartialDates.parse("1989-05-12");
        assertTrue(PartialDates.matches(PartialDates.parse("1989"), full));
        assertTrue(PartialDates.matches(PartialDates.parse("1989-05"), full));
        assertTrue(PartialDates.matches(full, PartialDates.parse("1989")));
        assertFalse(PartialDates.matches(PartialDates.parse("1989-06"), full));
        assertFalse(PartialDates.matches(PartialDates.parse("1989-05-13"), full));
        assertFalse(PartialDates.matches(PartialDates.parse("1990"), PartialDates.parse("1989")));
    }

    @Test
    void partialDatesRefuseImpossibleDatesAndKnowTheFuture() {
        assertNull(PartialDates.parse("1989-02-30"));
        assertNull(PartialDates.parse("1989-13"));
        assertNull(PartialDates.parse("89-05-12"));
        LocalDate today = LocalDate.of(2026, 11, 26);
        assertFalse(PartialDates.isFuture(PartialDates.parse("2026"), today));
        assertFalse(PartialDates.isFuture(PartialDates.parse("2026-11"), today));
        assertTrue(PartialDates.isFuture(PartialDates.parse("2026-11-27"), today));
        assertTrue(PartialDates.isFuture(PartialDates.parse("2026-12"), today));
        assertTrue(PartialDates.isFuture(PartialDates.parse("2027"), today));
    }

    @Test
    void maskingKeepsOnlyTheEnds() {
        assertEquals("001*******45", Texts.mask("001089012345"));
        assertEquals("N*** V*** A***", Texts.maskName("Nguyễn Văn An"));
    }
}
