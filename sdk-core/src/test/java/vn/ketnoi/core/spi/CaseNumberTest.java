package vn.ketnoi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;

/** The one case-number rule, and the common headers that apply it to every service's requests. */
class CaseNumberTest {

    @Test
    void aCaseNumberIsOptionalAndOtherwisePrintableAsciiOfAtMost128Characters() {
        assertNull(CaseNumber.check(null));
        assertEquals("HS-2026/0042", CaseNumber.check("HS-2026/0042"));
        assertEquals(128, CaseNumber.check("x".repeat(128)).length());
        for (String bad : new String[] {"", "  ", "x".repeat(129), "HS\n2026", "Hồ sơ 1"}) {
            assertEquals("caseNumber", assertThrows(InvalidInputException.class, () -> CaseNumber.check(bad)).field());
        }
    }

    @Test
    void theCommonHeadersRefuseABadCaseNumberBeforeAnythingIsSent() {
        URI uri = URI.create("https://p.example.vn/edocuments/v1/documents/A");
        assertEquals("HS-1", ApiClient.request("GET", uri, "VN012345678", Purpose.PUBLIC_SERVICE, "HS-1", null, "op")
                .build().headers().first("X-Road-Issue").orElseThrow());
        assertEquals("caseNumber", assertThrows(InvalidInputException.class, () -> ApiClient.request("GET", uri,
                "VN012345678", Purpose.PUBLIC_SERVICE, "HS\r\nX-Injected: 1", null, "op")).field());
    }
}
