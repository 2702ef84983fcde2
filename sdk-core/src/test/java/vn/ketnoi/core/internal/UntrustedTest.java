package vn.ketnoi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Finding 9 (issue 13): text someone else wrote cannot forge a log line or run past a cap. */
class UntrustedTest {

    /** True when the text holds a character a log viewer would not print as itself. */
    static boolean hasUnprintable(String s) {
        return s.codePoints().anyMatch(cp -> switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        });
    }

    @Test
    @DisplayName("Finding 9: CR, LF and a forged log line are escaped, not written")
    void lineBreaksAreEscaped() {
        String forged = "k1\r\n2026-12-05 10:00:00 INFO  AuditLog - access granted";
        String safe = Untrusted.text(forged);
        assertEquals("k1\\u000D\\u000A2026-12-05 10:00:00 INFO  AuditLog - access granted", safe);
        assertTrue(!hasUnprintable(safe));
    }

    @Test
    @DisplayName("Finding 9: C1 controls, NEL, DEL, U+2028/2029, bidi overrides and isolates, ESC are escaped")
    void everyUnprintableClassIsEscaped() {
        String hostile = "a\u0085b\u007Fc\u2028d\u2029e\u202Ef\u2066g\u200Fh\u001B[31mi\uFEFFj\u0000k\tl";
        String safe = Untrusted.text(hostile);
        assertTrue(!hasUnprintable(safe), safe);
        assertEquals("a\\u0085b\\u007Fc\\u2028d\\u2029e\\u202Ef\\u2066g\\u200Fh\\u001B[31mi\\uFEFFj\\u0000k\\u0009l", safe);
    }

    @Test
    @DisplayName("Finding 9: a lone surrogate is escaped; a valid pair and Vietnamese text stay as they are")
    void textThatPrintsStays() {
        assertEquals("Nguyễn Văn An 😀", Untrusted.text("Nguyễn Văn An 😀"));
        assertEquals("x\\uD800y", Untrusted.text("x\uD800y"));
        assertEquals("\\uDB40\\uDC01", Untrusted.text("\uDB40\uDC01"), "a tag character (format, outside the BMP)");
    }

    @Test
    @DisplayName("Finding 9: the result never exceeds the cap, and shows that it was cut")
    void lengthIsCapped() {
        String longValue = "A".repeat(10_000);
        String safe = Untrusted.text(longValue);
        assertEquals(Untrusted.MAX_LENGTH, safe.length());
        assertTrue(safe.endsWith("…"));
        String escapes = "\n".repeat(1_000);
        String cut = Untrusted.text(escapes, 40);
        assertTrue(cut.length() <= 40, cut);
        assertTrue(cut.endsWith("…") && !hasUnprintable(cut));
        assertEquals("exactly", Untrusted.text("exactly", 8 + 0), "a value that fits is not cut");
        assertEquals("12345678", Untrusted.text("12345678", 8));
    }

    @Test
    void nullStaysNull() {
        assertNull(Untrusted.text(null));
    }
}
