package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.identity.PersonalIdNumber;

/** Finding 9 (issue 13): a change event's provider-written ids cannot forge a log line through toString(). */
class ChangeEventToStringTest {

    @Test
    @DisplayName("Finding 9: an event id and a name with CR/LF and bidi overrides are escaped in toString()")
    void toStringEscapesProviderText() {
        ChangeEvent e = new ChangeEvent("evt-1\r\n2026-12-05 INFO forged line" + "x".repeat(1_000), ChangeType.NAME_CHANGE,
                Instant.EPOCH, PersonalIdNumber.parse("001089000001"), Optional.empty(),
                Optional.of("\u202EAn B\u2028C"), Optional.empty(), Optional.empty());
        String s = e.toString();
        assertFalse(s.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || c == '\u2028'), s);
        assertTrue(s.length() < 400, "capped: " + s.length());
        assertTrue(s.contains("evt-1\\u000D\\u000A2026-12-05"), s);
    }
}
