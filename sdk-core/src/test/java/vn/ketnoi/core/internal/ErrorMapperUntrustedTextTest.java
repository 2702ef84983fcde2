package vn.ketnoi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Finding 9 (issue 13): a problem document is signed, but its title, detail and field names are
 * still the provider's text, and callers log them. The sandbox serves only its own fixed texts, so
 * the mapping is checked here, on a verified-looking response built in memory.
 */
class ErrorMapperUntrustedTextTest {

    @Test
    @DisplayName("Finding 9: a problem's title, detail, field and problem with CR/LF reach no message raw")
    void problemTextIsEscaped() {
        String forged = "\\r\\n2026-12-05 10:00:00 INFO forged line\\u2028";
        String body = "{\"code\":\"request.invalid\",\"title\":\"Bad" + forged + "\",\"detail\":\"d" + forged
                + "x".repeat(5_000) + "\",\"errors\":[{\"field\":\"f" + forged + "\",\"problem\":\"p" + forged + "\"}]}";
        KetnoiRequest request = KetnoiRequest.builder("POST", URI.create("https://provider.example/population/v1/x"))
                .header("X-Road-Id", "6f1c1c7e-3b43-4b76-9f0c-4b1f0f6a0b12").build();
        KetnoiResponse response = new KetnoiResponse(400, HttpHeaders.builder()
                .add("Content-Type", "application/problem+json").add("Ketnoi-Signature", "verified.before.mapping").build(), body.getBytes(StandardCharsets.UTF_8), request);

        KetnoiServiceException e = (KetnoiServiceException) new ErrorMapper(null).toException(response);

        assertEquals("request.invalid", e.errorCode());
        for (String text : new String[] {e.getMessage(), e.title(), e.detail(), e.fieldErrors().get(0).field(),
                e.fieldErrors().get(0).problem()}) {
            assertFalse(UntrustedTest.hasUnprintable(text), text);
            assertTrue(text.length() < 1_500, "capped: " + text.length());
        }
        assertTrue(e.title().startsWith("Bad\\u000D\\u000A2026-12-05"), e.title());
    }
}
