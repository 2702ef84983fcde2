package vn.ketnoi.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * A gateway's own error answer (DESIGN15 section 4): not 2xx, no {@code Ketnoi-Signature} header.
 * Its status gives its type and retry decision; its body is never a problem document, and its text
 * reaches a message only escaped, masked and short (an HTML page not at all).
 */
class GatewayErrorMappingTest {
    private static final String RID = "6f1c1c7e-3b43-4b76-9f0c-4b1f0f6a0b12";

    private static KetnoiResponse answer(String method, boolean idempotent, int status, String contentType,
                                         String body, Map<String, String> headers) {
        KetnoiRequest.Builder rb = KetnoiRequest.builder(method, URI.create("https://lgsp.test/gw/population/v1/x"))
                .header("X-Road-Id", RID).idempotent(idempotent);
        HttpHeaders.Builder h = HttpHeaders.builder().add("Content-Type", contentType);
        // Idempotency-Key belongs to the request; every other header to the answer.
        headers.forEach((name, value) -> {
            if (name.equals("Idempotency-Key")) {
                rb.header(name, value);
            } else {
                h.set(name, value);
            }
        });
        KetnoiRequest request = rb.build();
        return new KetnoiResponse(status, h.build(), body.getBytes(StandardCharsets.UTF_8), request);
    }

    private static KetnoiException map(KetnoiResponse r) {
        return new ErrorMapper(null).toException(r);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "401, GatewayCredentialException, exchange.gateway-credential-refused, false",
            "403, RouteForbiddenException, exchange.route-forbidden, false",
            "404, RouteUnknownException, exchange.route-unknown, false",
            "429, QuotaExceededException, exchange.quota-exceeded, true",
            "502, GatewayUnavailableException, exchange.gateway-unavailable, true",
            "503, GatewayUnavailableException, exchange.gateway-unavailable, true",
            "504, GatewayUnavailableException, exchange.gateway-unavailable, true",
            "400, ExchangeLayerException, exchange.gateway-error, false",
            "500, ExchangeLayerException, exchange.gateway-error, false"})
    @DisplayName("Each status of an unsigned error answer gives its type, code and retry decision")
    void statusToType(int status, String type, String code, boolean retryable) {
        KetnoiException e = map(answer("GET", true, status, "application/json", "{\"message\":\"no\"}", Map.of()));

        assertEquals(type, e.getClass().getSimpleName());
        assertEquals(code, e.errorCode());
        assertEquals(status, e.statusCode());
        assertEquals(RID, e.requestId());
        assertEquals(retryable, e.isRetryable());
        // The same answer to a request that is not safe to repeat is never retryable.
        assertFalse(map(answer("POST", false, status, "application/json", "{}", Map.of())).isRetryable());
    }

    @Test
    @DisplayName("Retry-After of a 429 or 503 is read in seconds; a 504 on a write may have been applied, on a read or a 503 not")
    void retryAfterAndUncertainWrites() {
        QuotaExceededException q = (QuotaExceededException) map(answer("GET", true, 429, "application/json", "{}",
                Map.of("Retry-After", "7")));
        assertEquals(Duration.ofSeconds(7), q.retryAfter().orElseThrow());
        GatewayUnavailableException u = (GatewayUnavailableException) map(answer("GET", true, 503, "text/plain", "",
                Map.of("Retry-After", "2")));
        assertEquals(Duration.ofSeconds(2), u.retryAfter().orElseThrow());
        assertFalse(u.mayHaveBeenApplied());
        Map<String, String> keyed = Map.of("Idempotency-Key", "9b2e0c1e-8d7f-4a51-bf0e-3f3c2d1a0b99");
        assertTrue(map(answer("POST", true, 504, "text/plain", "", keyed)).mayHaveBeenApplied(), "a keyed write");
        assertTrue(map(answer("POST", false, 502, "text/plain", "", Map.of())).mayHaveBeenApplied(), "a bare write");
        assertFalse(map(answer("POST", true, 504, "text/plain", "", Map.of())).mayHaveBeenApplied(), "a POST lookup");
        assertFalse(map(answer("GET", true, 504, "text/plain", "", Map.of())).mayHaveBeenApplied());
        assertFalse(map(answer("POST", true, 503, "text/plain", "", keyed)).mayHaveBeenApplied(), "503: not forwarded");
        assertTrue(map(answer("GET", true, 429, "text/plain", "", Map.of("Retry-After", "soon"))) instanceof QuotaExceededException r
                && r.retryAfter().isEmpty());
    }

    @Test
    @DisplayName("An HTML error page is not quoted; a JSON message is escaped and cut short")
    void untrustedTextNeverRaw() {
        String html = "<html><body><h1>502 Bad Gateway</h1><script>alert(1)</script>\r\nINFO forged</body></html>";
        KetnoiException page = map(answer("GET", true, 502, "text/html", html, Map.of()));
        assertFalse(page.getMessage().contains("<"), page.getMessage());
        assertFalse(page.getMessage().contains("forged"), page.getMessage());
        assertTrue(page.getMessage().contains("HTML page"), page.getMessage());

        KetnoiException json = map(answer("GET", true, 403, "application/json",
                "{\"message\":\"denied\\r\\n2026-12-05 INFO forged line " + "x".repeat(5000) + "\"}", Map.of()));
        assertFalse(UntrustedTest.hasUnprintable(json.getMessage()), json.getMessage());
        assertTrue(json.getMessage().length() < 600, "cut short: " + json.getMessage().length());
        assertTrue(json.getMessage().contains("denied"), json.getMessage());
    }

    @Test
    @DisplayName("A forged problem document in an unsigned error answer is never read: no provider code, no verdict")
    void forgedProblemIsNotAVerdict() {
        String forged = "{\"type\":\"about:blank\",\"code\":\"population.identity-mismatch\",\"title\":\"mismatch\","
                + "\"status\":422}";
        KetnoiResponse r = answer("POST", true, 422, "application/problem+json", forged, Map.of());

        KetnoiException e = map(r);

        assertInstanceOf(ExchangeLayerException.class, e);
        assertFalse(e instanceof KetnoiServiceException);
        assertEquals("exchange.gateway-error", e.errorCode());
        assertNull(ErrorMapper.problemCode(r), "the token step may never act on it either");
        assertNull(ErrorMapper.problemCode(answer("GET", true, 401, "application/json",
                "{\"code\":\"auth.token-invalid\"}", Map.of())));
    }

    @Test
    @DisplayName("An error answer with a signature header is the provider's: read as a problem once verified")
    void signedIsTheProviders() {
        KetnoiResponse r = answer("GET", true, 404, "application/problem+json",
                "{\"code\":\"population.citizen-not-found\",\"title\":\"t\",\"status\":404}",
                Map.of("Ketnoi-Signature", "x.y.z"));

        assertFalse(ExchangeLayerError.is(r));
        assertEquals("population.citizen-not-found", map(r).errorCode());
        assertEquals("population.citizen-not-found", ErrorMapper.problemCode(r));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "401 | {\"error\":\"invalid_client\",\"error_description\":\"unknown key\"} | true",
            "400 | {\"error\":\"invalid_request\"} | true",
            "400 | {\"error\":\"urn:example:extension\"} | true",
            "401 | {\"error\":\"invalid_token\",\"message\":\"expired\"} | false",
            "403 | {\"error\":\"insufficient_scope\"} | false",
            "401 | <html><body>401 Unauthorized</body></html> | false",
            "401 | {\"error\":42} | false",
            "200 | {\"error\":\"invalid_client\"} | false"})
    @DisplayName("A token endpoint's own OAuth refusal is told from a gateway's: the resource-server codes, HTML and the rest are the gateway's")
    void theTokenEndpointsRefusalIsToldFromTheGateways(int status, String body, boolean provider) {
        assertEquals(provider, ExchangeLayerError.isOAuthError(answer("POST", true, status, "application/json", body, Map.of())));
    }
}
