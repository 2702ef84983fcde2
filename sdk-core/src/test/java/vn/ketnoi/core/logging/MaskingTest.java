package vn.ketnoi.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void idNumbersKeepProvinceAndLastTwoDigits() {
        assertEquals("001*******45", Masking.idNumber("001089012345"));
        assertEquals("*******78", Masking.idNumber("012345678"));
        assertEquals("***", Masking.idNumber("12"));
        assertNull(Masking.idNumber(null));
    }

    @Test
    void namesKeepInitials() {
        assertEquals("N. V. A.", Masking.name("Nguyễn  Văn An"));
        assertEquals("Đ. T.", Masking.name("Đặng Thu"));
    }

    @Test
    void freeTextLosesIdsTokensAndBearerValues() {
        String t = Masking.text("citizen 001089012345 old 012345678 Authorization: Bearer abc.def "
                + "jws eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl");
        assertFalse(t.contains("001089012345"), t);
        assertFalse(t.contains("012345678"), t);
        assertFalse(t.contains("abc.def"), t);
        assertFalse(t.contains("eyJhbGciOiJFUzI1NiJ9"), t);
        assertEquals("short 1234 kept", Masking.text("short 1234 kept"));
    }

    @Test
    void phonesAndEmailsKeepOnlyWhatHelpsSupport() {
        assertEquals("091*****78", Masking.phone("0912345678"));
        assertEquals("***@example.vn", Masking.email("an.nguyen@example.vn"));
        String t = Masking.text("call 0912345678 or write an.nguyen@example.vn");
        assertFalse(t.contains("0912345678"), t);
        assertFalse(t.contains("an.nguyen"), t);
    }

    @Property(tries = 1000)
    void maskingNeverThrowsAndNeverKeepsAStandaloneTwelveDigitRun(@ForAll String s) {
        String masked = Masking.text(s);
        String name = Masking.name(s);
        String id = Masking.idNumber(s);
        assertFalse(masked.matches("(?s).*(?<![0-9])[0-9]{12}(?![0-9]).*"), masked);
        assertFalse(name == null || id == null);
    }

    @Test
    @DisplayName("Finding 9: masked names and free text escape CR/LF and bidi overrides")
    void maskedTextCannotForgeALogLine() {
        assertEquals("\\u202E. B.", Masking.name("\u202EAn Bình"));
        assertEquals("refused\\u000D\\u000A2026-12-05 INFO forged \\u2028",
                Masking.text("refused\r\n2026-12-05 INFO forged \u2028"));
    }
}
