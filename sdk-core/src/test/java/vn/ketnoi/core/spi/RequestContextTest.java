package vn.ketnoi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.pipeline.KetnoiRequest;

/**
 * The one rule for a request's purpose, operator id and case number ({@link RequestContext}), the
 * one place a request's context and its client's default are resolved, and the common headers
 * made from the result. The service modules' tests show the same over HTTP against the sandbox.
 */
class RequestContextTest {
    private static final URI URL = URI.create("https://p.example.vn/edocuments/v1/documents/A");

    private static String refusedField(Runnable r) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        return e.field();
    }

    @Test
    void anOperatorIdIsVnFollowedByAnIdentifierInPrintableAsciiOfAtMost128Characters() {
        assertEquals("VN012345678", RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678").operatorId());
        assertEquals("VN:system.sync", RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:system.sync").operatorId());
        String longest = "VN" + "x".repeat(126);
        assertEquals(longest, RequestContext.of(Purpose.PUBLIC_SERVICE, longest).operatorId());
        // "VN" alone names nobody; the sandbox refuses it, so the SDK refuses it before sending.
        for (String bad : new String[] {null, "", "  ", "VN", "012345678", "vn012345678", "VN 012", "VN\t012",
                "VN012\r\nX-Injected: 1", "VNcán.bộ", longest + "x"}) {
            assertEquals("operatorId", refusedField(() -> RequestContext.of(Purpose.PUBLIC_SERVICE, bad)), String.valueOf(bad));
        }
    }

    @Test
    void aPurposeIsRequired() {
        assertEquals("purpose", refusedField(() -> RequestContext.of(null, "VN012345678")));
    }

    @Test
    void aCaseNumberIsOptionalAndOtherwisePrintableAsciiOfAtMost128Characters() {
        RequestContext c = RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678");
        assertTrue(c.caseNumber().isEmpty());
        assertEquals("HS-2026/0042", c.withCaseNumber("HS-2026/0042").caseNumber().orElseThrow());
        assertEquals(128, c.withCaseNumber("x".repeat(128)).caseNumber().orElseThrow().length());
        assertTrue(c.withCaseNumber("HS-1").withCaseNumber(null).caseNumber().isEmpty(), "null takes it away");
        for (String bad : new String[] {"", "  ", "x".repeat(129), "HS\n2026", "Hồ sơ 1"}) {
            assertEquals("caseNumber", refusedField(() -> c.withCaseNumber(bad)));
        }
    }

    @Test
    void aContextIsAValueThatNeverPrintsTheOperatorOrTheCase() {
        RequestContext c = RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678");
        RequestContext withCase = c.withCaseNumber("HS-1");
        assertTrue(c.caseNumber().isEmpty(), "withCaseNumber leaves the context it is called on alone");
        assertEquals(withCase, RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678").withCaseNumber("HS-1"));
        assertNotEquals(c, withCase);
        assertEquals(withCase.hashCode(), c.withCaseNumber("HS-1").hashCode());
        assertFalse(withCase.toString().contains("VN012345678") || withCase.toString().contains("HS-1"),
                withCase.toString());
    }

    @Test
    void theRequestsContextWinsAsAWholeAndACallWithNeitherIsRefused() {
        RequestContext fallback = RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN:system.sync").withCaseNumber("HS-0");
        RequestContext own = RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678");
        assertSame(own, ApiClient.context(own, fallback), "no case number borrowed from the default");
        assertSame(fallback, ApiClient.context(null, fallback));
        assertSame(own, ApiClient.context(own, null));
        assertEquals("context", refusedField(() -> ApiClient.context(null, null)));
        assertEquals("context", refusedField(() -> ApiClient.request("GET", URL, null, null, "op")));
    }

    @Test
    void theCommonHeadersCarryTheContext() {
        KetnoiRequest r = ApiClient.request("GET", URL, RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")
                .withCaseNumber("HS-1"), null, "op").build();
        assertEquals("VN012345678", r.headers().first("X-Road-UserId").orElseThrow());
        assertEquals("PUBLIC_SERVICE", r.headers().first("Ketnoi-Purpose").orElseThrow());
        assertEquals("HS-1", r.headers().first("X-Road-Issue").orElseThrow());

        KetnoiRequest without = ApiClient.request("GET", URL, RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678"),
                null, "op").build();
        assertFalse(without.headers().contains("X-Road-Issue"));
    }
}
