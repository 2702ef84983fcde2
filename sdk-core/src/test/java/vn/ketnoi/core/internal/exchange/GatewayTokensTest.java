package vn.ketnoi.core.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/** The gateway token's life: used for 80 % of it, fetched again after, forgotten when refused. */
class GatewayTokensTest {
    private static final Instant T0 = Instant.parse("2026-12-05T03:00:00Z");
    private static final Gateway LGSP = Gateway.builder().name("lgsp").url(URI.create("https://lgsp.test/gw"))
            .credentials(GatewayCredentials.keyAndSecret(URI.create("https://lgsp.test/token"), "k", "s3cr3t-value"))
            .build();

    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final List<KetnoiRequest> sent = new ArrayList<>();

    private GatewayTokens tokens(int status, String body) {
        return new GatewayTokens(LGSP, (request, deadline) -> {
            sent.add(request);
            return new KetnoiResponse(status, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                    body.replace("N", String.valueOf(sent.size())).getBytes(StandardCharsets.UTF_8), request);
        }, clock);
    }

    @Test
    @DisplayName("A token of 100 s is used for 80 s, then replaced; an invalidated one is replaced at once")
    void eightyPercentOfItsLife() {
        GatewayTokens t = tokens(200, "{\"access_token\":\"gw-N\",\"token_type\":\"Bearer\",\"expires_in\":100}");
        Instant deadline = T0.plusSeconds(600);

        assertEquals("gw-1", t.token(deadline));
        now = T0.plusSeconds(79);
        assertEquals("gw-1", t.token(deadline));
        assertEquals("gw-1", t.cached());
        now = T0.plusSeconds(81);
        assertNull(t.cached());
        assertEquals("gw-2", t.token(deadline));
        t.invalidate("gw-1"); // no longer the cached one: nothing happens
        assertEquals("gw-2", t.cached());
        t.invalidate("gw-2");
        assertEquals("gw-3", t.token(deadline));
        assertEquals(3, sent.size());
        KetnoiRequest r = sent.get(0);
        assertEquals("POST", r.method());
        assertEquals("grant_type=client_credentials", new String(r.body(), StandardCharsets.US_ASCII));
        assertTrue(r.headers().first("Authorization").orElseThrow().startsWith("Basic "));
    }

    @Test
    @DisplayName("The gateway's refusal of the key and secret, and its quota, are typed; nothing of the secret in the message")
    void refusals() {
        GatewayCredentialException refused = assertThrows(GatewayCredentialException.class,
                () -> tokens(401, "{\"error\":\"invalid_client\"}").token(T0.plusSeconds(5)));
        assertFalse(refused.getMessage().contains("s3cr3t"), refused.getMessage());
        assertThrows(QuotaExceededException.class, () -> tokens(429, "{}").token(T0.plusSeconds(5)));
        ExchangeLayerException malformed = assertThrows(ExchangeLayerException.class,
                () -> tokens(200, "{\"access_token\":\"gw\",\"token_type\":\"Bearer\"}").token(T0.plusSeconds(5)));
        assertEquals("exchange.gateway-error", malformed.errorCode());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "a lifetime of 0 | {\"access_token\":\"gw\",\"token_type\":\"Bearer\",\"expires_in\":0}",
            "a negative lifetime | {\"access_token\":\"gw\",\"token_type\":\"Bearer\",\"expires_in\":-5}",
            "a token with a space, which would split the header | {\"access_token\":\"gw x\",\"token_type\":\"Bearer\",\"expires_in\":60}",
            "a token with DEL | {\"access_token\":\"gw\\u007f\",\"token_type\":\"Bearer\",\"expires_in\":60}",
            "an empty token | {\"access_token\":\"\",\"token_type\":\"Bearer\",\"expires_in\":60}",
            "another token type | {\"access_token\":\"gw\",\"token_type\":\"MAC\",\"expires_in\":60}"})
    @DisplayName("A token answer the SDK cannot put in a header, or whose lifetime is not positive, is the gateway's error, not a token")
    void unusableTokenAnswers(String what, String body) {
        ExchangeLayerException e = assertThrows(ExchangeLayerException.class, () -> tokens(200, body).token(T0.plusSeconds(5)), what);
        assertEquals("exchange.gateway-error", e.errorCode());
    }

    @Test
    @DisplayName("Every printable ASCII character, from ! to ~, may be in a token; a lifetime of 1 s is positive")
    void theWholePrintableRangeIsAToken() {
        assertEquals("!gw~", tokens(200, "{\"access_token\":\"!gw~\",\"token_type\":\"bearer\",\"expires_in\":1}")
                .token(T0.plusSeconds(5)));
    }

    @Test
    @DisplayName("The gateway's URL covers its path prefix at a segment boundary, on its scheme, host and port only")
    void covers() {
        Gateway g = LGSP;
        assertTrue(g.covers(URI.create("https://lgsp.test/gw")));
        assertTrue(g.covers(URI.create("https://LGSP.test:443/gw/VN/GOV/x/y/z/v1/citizens?x=1")));
        assertFalse(g.covers(URI.create("https://lgsp.test/gw2/x")));
        assertFalse(g.covers(URI.create("https://lgsp.test/gw/../other/x")), "dot segments leave the prefix");
        assertFalse(g.covers(URI.create("http://lgsp.test/gw/x")));
        assertFalse(g.covers(URI.create("https://lgsp.test:8443/gw/x")));
        assertFalse(g.covers(URI.create("https://lgsp.test.attacker.example/gw/x")));
        assertFalse(g.covers(URI.create("https://provider.test/gw/x")));
        assertEquals(Duration.ofSeconds(80).toMillis(), (long) (100_000 * GatewayTokens.USE_SHARE));
    }
}
