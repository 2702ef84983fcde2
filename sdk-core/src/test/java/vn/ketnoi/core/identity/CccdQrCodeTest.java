package vn.ketnoi.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CccdQrCodeTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-08-01T00:00:00Z"), ZoneOffset.UTC);
    static final String RESIDENCE = "Số 12 Ngõ 5, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội";
    static final String SEVEN = "001189012345|012345678|Nguyễn Thị An|12051989|Nữ|" + RESIDENCE + "|01072021";

    @Test
    void parsesSevenFields() {
        CccdQrCode qr = CccdQrCode.parse(SEVEN, CLOCK);
        assertEquals("001189012345", qr.idNumber().value());
        assertEquals(Optional.of("012345678"), qr.oldIdNumber().map(OldIdNumber::value));
        assertEquals("Nguyễn Thị An", qr.fullName());
        assertEquals(PartialDate.of(1989, 5, 12), qr.birthDate());
        assertEquals(Sex.FEMALE, qr.sex());
        assertEquals(RESIDENCE, qr.residence());
        assertEquals(LocalDate.of(2021, 7, 1), qr.issueDate());
        assertEquals(List.of(), qr.extras());
        assertTrue(qr.isIdNumberConsistentWithBirthDate());
        assertEquals(Province.HA_NOI, qr.residenceAddress().orElseThrow().currentProvince().orElseThrow());
    }

    @Test
    void keepsExtrasVerbatim() {
        CccdQrCode qr = CccdQrCode.parse(SEVEN + "||x y |", CLOCK);
        assertEquals(List.of("", "x y ", ""), qr.extras());
        assertEquals(List.of(""), CccdQrCode.parse(SEVEN + "|", CLOCK).extras());
    }

    @Test
    void emptyOldIdIsAbsent() {
        CccdQrCode qr = CccdQrCode.parse(SEVEN.replace("|012345678|", "||"), CLOCK);
        assertEquals(Optional.empty(), qr.oldIdNumber());
        assertEquals("Nguyễn Thị An", qr.fullName());
    }

    @Test
    void keepsIndexOneAsOldIdUnlikeSixFieldParsers() {
        // A 6-field parser would read index 1 as the name and index 2 as the date of birth.
        CccdQrCode qr = CccdQrCode.parse(SEVEN, CLOCK);
        assertEquals("012345678", qr.oldIdNumber().orElseThrow().value());
        assertEquals("Nguyễn Thị An", qr.fullName());
        assertEquals(1989, qr.birthDate().year());
        // A 6-field QR (old number dropped) is refused, not silently mis-read.
        String six = "001189012345|Nguyễn Thị An|12051989|Nữ|" + RESIDENCE.replace(",", "") + "|01072021";
        IdentityParseException e = assertThrows(IdentityParseException.class, () -> CccdQrCode.parse(six, CLOCK));
        assertEquals("qr", e.field());
        assertTrue(e.problem().contains("found 6"), e.problem());
    }

    @Test
    void acceptsNfdSexBomAndTrailingNewline() {
        String nfd = Normalizer.normalize(SEVEN, Normalizer.Form.NFD);
        CccdQrCode qr = CccdQrCode.parse("\uFEFF" + nfd + "\r\n", CLOCK);
        assertEquals(Sex.FEMALE, qr.sex());
        assertEquals("Nguyễn Thị An", qr.fullName());
        assertEquals(LocalDate.of(2021, 7, 1), qr.issueDate());
        assertEquals(List.of(), qr.extras());
    }

    @Test
    void namesTheBadField() {
        assertEquals("qr.idNumber", fieldOf(SEVEN.replace("001189012345", "003189012345")));
        assertEquals("qr.oldIdNumber", fieldOf(SEVEN.replace("012345678", "01234567")));
        assertEquals("qr.fullName", fieldOf(SEVEN.replace("Nguyễn Thị An", " ")));
        assertEquals("qr.birthDate", fieldOf(SEVEN.replace("12051989", "1989")));
        assertEquals("qr.sex", fieldOf(SEVEN.replace("|Nữ|", "|F|")));
        assertEquals("qr.issueDate", fieldOf(SEVEN.replace("01072021", "32072021")));
        assertEquals("qr", fieldOf(null));
        assertEquals("qr", fieldOf(""));
    }

    @Test
    void errorsDoNotEchoPersonalData() {
        IdentityParseException e = assertThrows(IdentityParseException.class,
                () -> CccdQrCode.parse(SEVEN.replace("12051989", "12/05/1989"), CLOCK));
        assertFalse(e.getMessage().contains("1989"));
        assertFalse(e.getMessage().contains("Nguyễn"));
    }

    @Test
    void toStringIsMasked() {
        String s = CccdQrCode.parse(SEVEN, CLOCK).toString();
        assertTrue(s.contains("001*******45"), s);
        assertTrue(s.contains("N. T. A."), s);
        for (String secret : new String[] {"001189012345", "012345678", "Nguyễn", "1989", "12051989", "Dịch Vọng", "Hà Nội"}) {
            assertFalse(s.contains(secret), secret);
        }
    }

    @Test
    void detectsBirthYearMismatch() {
        CccdQrCode qr = CccdQrCode.parse(SEVEN.replace("12051989", "12051990"), CLOCK);
        assertFalse(qr.isIdNumberConsistentWithBirthDate());
    }

    private static String fieldOf(String text) {
        return assertThrows(IdentityParseException.class, () -> CccdQrCode.parse(text, CLOCK)).field();
    }
}
