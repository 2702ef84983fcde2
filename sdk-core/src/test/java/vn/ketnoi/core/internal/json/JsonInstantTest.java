package vn.ketnoi.core.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Json#instant} reads the protocol's times directly and is, for every text, what Instant.parse is. */
class JsonInstantTest {

    @Test
    @DisplayName("Every time Instant.parse accepts gives the same instant; every text it refuses is refused the same way")
    void sameAsInstantParse() {
        String[] texts = {
            "2026-12-06T04:35:15Z", "2026-12-06T04:35:15.1Z", "2026-12-06T04:35:15.123Z", "2026-12-06T04:35:15.123456789Z",
            "2024-02-29T23:59:59.000000001Z", "0000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "2026-12-31T23:59:60Z", "+12026-01-01T00:00:00Z", "2026-12-06T04:35:15+07:00",
            // refused
            "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-12-32T00:00:00Z",
            "2026-12-06T24:00:00Z", "2026-12-06T04:60:00Z", "2026-12-06T04:35:15.Z", "2026-12-06T04:35:15.1234567890Z",
            "2026-12-06 04:35:15Z", "2026-12-06T04:35:15", "2026-1a-06T04:35:15Z", "2026-12-06T04:35:15.12a4Z", "",
        };
        for (String t : texts) {
            Instant expected;
            try {
                expected = Instant.parse(t);
            } catch (DateTimeParseException e) {
                assertThrows(DateTimeParseException.class, () -> Json.instant(t), t);
                continue;
            }
            assertEquals(expected, Json.instant(t), t);
        }
    }
}
