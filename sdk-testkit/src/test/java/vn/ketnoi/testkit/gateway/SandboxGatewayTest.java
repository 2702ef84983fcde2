package vn.ketnoi.testkit.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxGateway;

/**
 * The sandbox gateway on its own, in front of a stand-in provider that records what reaches it:
 * its token endpoint, its routes, what it does to hop-by-hop and end-to-end headers, its quota,
 * its failures on command, and a chain of two.
 */
class SandboxGatewayTest {
    static final ServiceId POPULATION = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
    static final ServiceId EDOCUMENTS = ServiceId.parse("VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1");
    static final String KEY = "app-population";
    static final String SECRET = "s3cret-for-tests";
    static final String OTHER_KEY = "app-edocs-only";
    static final ObjectMapper JSON = new ObjectMapper();

    Echo provider;
    SandboxGateway lgsp;

    @BeforeEach
    void start() throws IOException {
        provider = new Echo();
        lgsp = SandboxGateway.builder().name("lgsp").upstream(provider.base()).pathPrefix("/lgsp/r1")
                .route(POPULATION, "/population/v1")
                .route(EDOCUMENTS, "/edocuments/v1")
                .passThrough("/provider/oauth2/token", "/oauth2/token")
                .application(KEY, SECRET, KetnoiSandbox.DEFAULT_AGENCY_ID)
                .application(OTHER_KEY, SECRET, KetnoiSandbox.LIMITED_AGENCY_ID)
                .allow(OTHER_KEY, EDOCUMENTS)
                .start();
    }

    @AfterEach
    void stop() {
        lgsp.close();
        provider.close();
    }

    static String token(SandboxGateway g, String key) throws IOException {
        Raw.Answer a = Raw.post(g.url(), "/token", "grant_type=client_credentials", Raw.basic(key, SECRET),
                "Content-Type: application/x-www-form-urlencoded");
        assertEquals(200, a.status(), a.text());
        return JSON.readTree(a.body()).get("access_token").asText();
    }

    String lookup() {
        return lgsp.pathPrefix() + "/" + POPULATION + "/citizens/lookup";
    }

    static JsonNode json(Raw.Answer a) throws IOException {
        return JSON.readTree(a.body());
    }

    /** What the gateway answers itself: its own JSON, nothing that could pass for the provider's answer. */
    static void assertGatewayAnswer(Raw.Answer a, int status, String error) throws IOException {
        assertEquals(status, a.status(), a.text());
        assertEquals(error, json(a).get("error").asText());
        assertTrue(json(a).get("message").isTextual());
        assertNull(a.header("Ketnoi-Signature"));
        assertNull(a.header("X-Road-Error"));
        assertNotNull(a.header(SandboxGateway.REQUEST_ID_HEADER));
    }

    @Test
    void theTokenEndpointExchangesKeyAndSecretForABearerToken() throws IOException {
        Raw.Answer a = Raw.post(lgsp.url(), "/token", "grant_type=client_credentials", Raw.basic(KEY, SECRET),
                "Content-Type: application/x-www-form-urlencoded");
        assertEquals(200, a.status());
        JsonNode n = json(a);
        assertEquals("Bearer", n.get("token_type").asText());
        assertEquals(3600, n.get("expires_in").asInt());
        assertTrue(n.get("access_token").asText().length() >= 40);
        assertEquals("no-store", a.header("Cache-Control"));
        assertEquals(1, lgsp.stats().tokensIssued());

        Raw.Answer wrong = Raw.post(lgsp.url(), "/token", "grant_type=client_credentials", Raw.basic(KEY, "wrong"),
                "Content-Type: application/x-www-form-urlencoded");
        assertEquals(401, wrong.status());
        assertEquals("invalid_client", json(wrong).get("error").asText());
        assertFalse(wrong.text().contains(SECRET));
        Raw.Answer grant = Raw.post(lgsp.url(), "/token", "grant_type=password", Raw.basic(KEY, SECRET),
                "Content-Type: application/x-www-form-urlencoded");
        assertEquals(400, grant.status());
        assertEquals("unsupported_grant_type", json(grant).get("error").asText());
        assertEquals(2, lgsp.stats().refused("token_refused"));
        assertTrue(provider.seen.isEmpty(), "the gateway's token endpoint is its own");
    }

    @Test
    void everyForwardedRequestNeedsTheGatewayTokenNotTheProvidersAccessToken() throws IOException {
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}"), 401, "invalid_token");
        // The agency's provider token, or anything else in Authorization, is not what the gateway checks.
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}", "Authorization: Bearer " + token(lgsp, KEY)),
                401, "invalid_token");
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}", "Gateway-Authorization: Bearer made-up"),
                401, "invalid_token");
        String t = token(lgsp, KEY);
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}", "Gateway-Authorization: Bearer " + t,
                "Gateway-Authorization: Bearer " + t), 401, "invalid_token");
        assertTrue(provider.seen.isEmpty());

        assertEquals(200, Raw.post(lgsp.url(), lookup(), "{}", "Gateway-Authorization: Bearer " + t).status());
        lgsp.revokeTokens();
        Raw.Answer revoked = Raw.post(lgsp.url(), lookup(), "{}", "Gateway-Authorization: Bearer " + t);
        assertGatewayAnswer(revoked, 401, "invalid_token");
        assertTrue(revoked.header("WWW-Authenticate").startsWith("Bearer"));
        assertEquals(1, provider.seen.size());
        assertEquals(5, lgsp.stats().refused("invalid_token"));
    }

    @Test
    void servicesAreRoutedByIdWithThePathWithinTheServiceAndTheQueryKeptAsSent() throws IOException {
        String t = "Gateway-Authorization: Bearer " + token(lgsp, KEY);
        Raw.Answer a = Raw.get(lgsp.url(), lgsp.pathPrefix() + "/" + POPULATION + "/changes?cursor=a%2fB&limit=5", t);
        assertEquals(200, a.status());
        assertEquals("/population/v1/changes?cursor=a%2fB&limit=5", provider.last().target());
        assertEquals(1, lgsp.stats().forwarded(POPULATION));

        assertGatewayAnswer(Raw.get(lgsp.url(), lgsp.pathPrefix() + "/VN/GOV/OTHER/X/service/v1/x", t), 404, "not_found");
        assertGatewayAnswer(Raw.get(lgsp.url(), "/population/v1/changes", t), 404, "not_found");
        // A longer id that merely starts like a published one is another service.
        assertGatewayAnswer(Raw.get(lgsp.url(), lgsp.pathPrefix() + "/" + POPULATION + "x/changes", t), 404, "not_found");
        assertEquals(3, lgsp.stats().refused("route_unknown"));

        String other = "Gateway-Authorization: Bearer " + token(lgsp, OTHER_KEY);
        assertGatewayAnswer(Raw.get(lgsp.url(), lgsp.pathPrefix() + "/" + POPULATION + "/changes", other),
                403, "forbidden");
        assertEquals(200, Raw.get(lgsp.url(), lgsp.pathPrefix() + "/" + EDOCUMENTS + "/documents/1", other).status());
        assertEquals("/edocuments/v1/documents/1", provider.last().target());

        Raw.Answer token = Raw.post(lgsp.url(), "/provider/oauth2/token", "grant_type=x", t);
        assertEquals(200, token.status());
        assertEquals("/oauth2/token", provider.last().target());
        assertEquals(1, lgsp.stats().forwarded().get("/provider/oauth2/token"));
        assertThrows(IllegalArgumentException.class, () -> lgsp.serviceUrl(ServiceId.parse("VN/GOV/X/Y/z/v1")));
        assertEquals(lgsp.url() + "/lgsp/r1/" + POPULATION, lgsp.serviceUrl(POPULATION).toString());
    }

    @Test
    void hopByHopHeadersAreDroppedAndAddedEndToEndOnesPassUnchanged() throws IOException {
        String t = token(lgsp, KEY);
        byte[] body = "{\"idNumber\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        Raw.Answer a = Raw.send(lgsp.url(), "POST", lookup(), List.of(
                "Gateway-Authorization: Bearer " + t,
                "Authorization: Bearer provider-token",
                "Ketnoi-Signature: eyJ.request.sig",
                "X-Road-Client: VN/GOV/000.00.15.H29/AGENCY",
                "X-Road-Id: 11111111-2222-4333-8444-555555555555",
                "Content-Type: application/json",
                "Connection: close, X-Client-Hop",
                "X-Client-Hop: dropped",
                "Keep-Alive: timeout=5",
                "TE: trailers",
                "Upgrade: h2c",
                "Proxy-Authorization: Basic eDp5",
                "Via: 1.1 agency-proxy",
                "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), body);
        assertEquals(200, a.status());
        Echo.Seen seen = provider.last();
        assertArrayEquals(body, seen.body());
        for (String dropped : List.of("Gateway-Authorization", "X-Client-Hop", "Keep-Alive", "TE", "Upgrade",
                "Proxy-Authorization")) {
            assertNull(seen.header(dropped), dropped + " is hop-by-hop");
        }
        for (String kept : List.of("Authorization", "Ketnoi-Signature", "X-Road-Client", "X-Road-Id", "Content-Type",
                "traceparent")) {
            assertNotNull(seen.header(kept), kept + " is end-to-end");
        }
        assertEquals("Bearer provider-token", seen.header("Authorization"));
        assertEquals("eyJ.request.sig", seen.header("Ketnoi-Signature"));
        assertEquals(provider.base().getAuthority(), seen.header("Host"), "Host is the next hop's");
        assertEquals(List.of("1.1 agency-proxy", "1.1 lgsp"), seen.all("Via"));
        assertEquals("127.0.0.1", seen.header("X-Forwarded-For"));
        assertEquals(lgsp.url().getAuthority(), seen.header("X-Forwarded-Host"));
        assertEquals("http", seen.header("X-Forwarded-Proto"));
        assertEquals("for=127.0.0.1;host=\"" + lgsp.url().getAuthority() + "\";proto=http", seen.header("Forwarded"));
        assertNotNull(seen.header(SandboxGateway.REQUEST_ID_HEADER));

        // The answer: status, body and end-to-end headers as the provider sent them.
        assertEquals(Echo.BODY, a.text());
        assertEquals("eyJ.signed.answer", a.header("Ketnoi-Signature"));
        assertEquals("road-id-1", a.header("X-Road-Id"));
        assertEquals("application/json; charset=UTF-8", a.header("Content-Type"));
        assertEquals("no-store", a.header("Cache-Control"));
        assertEquals("7", a.header("Retry-After"));
        assertNull(a.header("X-Provider-Hop"), "named by the provider's Connection header");
        assertNull(a.header("Keep-Alive"));
        assertNull(a.header("Proxy-Authenticate"));
        assertEquals("1.1 lgsp", a.header("Via"));
        assertEquals(seen.header(SandboxGateway.REQUEST_ID_HEADER), a.header(SandboxGateway.REQUEST_ID_HEADER));
    }

    @Test
    void eachApplicationHasItsOwnQuota() throws IOException {
        try (SandboxGateway g = SandboxGateway.builder().upstream(provider.base()).route(POPULATION, "/population/v1")
                .application(KEY, SECRET, KetnoiSandbox.DEFAULT_AGENCY_ID)
                .application(OTHER_KEY, SECRET, KetnoiSandbox.LIMITED_AGENCY_ID)
                .quota(2).start()) {
            String path = "/" + POPULATION + "/citizens/lookup";
            String t = "Gateway-Authorization: Bearer " + token(g, KEY);
            assertEquals(200, Raw.post(g.url(), path, "{}", t).status());
            assertEquals(200, Raw.post(g.url(), path, "{}", t).status());
            Raw.Answer over = Raw.post(g.url(), path, "{}", t);
            assertGatewayAnswer(over, 429, "quota_exceeded");
            assertTrue(Integer.parseInt(over.header("Retry-After")) >= 1);
            assertEquals(200, Raw.post(g.url(), path, "{}", "Gateway-Authorization: Bearer " + token(g, OTHER_KEY)).status(),
                    "another application's bucket is full");
            assertEquals(2, provider.seen.stream().filter(s -> s.target().endsWith("/lookup")).count() - 1);
            assertEquals(1, g.stats().refused("quota_exceeded"));
        }
    }

    @Test
    void failuresOnCommandHitTheNextRequestsThenStop() throws IOException {
        String t = "Gateway-Authorization: Bearer " + token(lgsp, KEY);
        lgsp.faults().htmlBadGateway(1).status(503, 1, Duration.ofSeconds(4)).status(504, 1).status(429, 1)
                .dropConnection(1).delay(Duration.ofMillis(300), 1);
        Raw.Answer html = Raw.post(lgsp.url(), lookup(), "{}", t);
        assertEquals(502, html.status());
        assertTrue(html.header("Content-Type").startsWith("text/html"));
        assertTrue(html.text().contains("<h1>502 Bad Gateway</h1>"));
        Raw.Answer unavailable = Raw.post(lgsp.url(), lookup(), "{}", t);
        assertGatewayAnswer(unavailable, 503, "service_unavailable");
        assertEquals("4", unavailable.header("Retry-After"));
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}", t), 504, "gateway_timeout");
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}", t), 429, "quota_exceeded");
        assertThrows(IOException.class, () -> Raw.post(lgsp.url(), lookup(), "{}", t), "dropped: no answer at all");
        long start = System.nanoTime();
        assertEquals(200, Raw.post(lgsp.url(), lookup(), "{}", t).status());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "held, then forwarded");
        assertEquals(0, lgsp.faults().pending());
        assertEquals(200, Raw.post(lgsp.url(), lookup(), "{}", t).status());
        assertEquals(2, provider.seen.size(), "only the delayed and the last request reached the provider");
        assertEquals(1, lgsp.stats().refused("fault_html_502"));
        assertEquals(1, lgsp.stats().refused("fault_dropped"));
        assertEquals(1, lgsp.stats().refused("fault_504"));
    }

    @Test
    void aLostAnswerReachedTheProviderButTheAgencyGetsTheGatewaysError() throws IOException {
        String t = "Gateway-Authorization: Bearer " + token(lgsp, KEY);
        lgsp.faults().loseAnswer(504, 1);
        Raw.Answer a = Raw.post(lgsp.url(), lookup(), "{}", t);
        assertGatewayAnswer(a, 504, "gateway_timeout");
        assertNull(a.header("X-Road-Id"), "nothing of the provider's answer is passed on");
        assertEquals(1, provider.seen.size(), "the provider did get the request");
        assertEquals(1, lgsp.stats().refused("fault_answer_lost"));
        assertEquals(200, Raw.post(lgsp.url(), lookup(), "{}", t).status());
    }

    @Test
    void failuresDoNotTouchTheTokenEndpointsOrThePassThroughPaths() throws IOException {
        lgsp.faults().status(502, 5);
        String t = "Gateway-Authorization: Bearer " + token(lgsp, KEY);
        assertEquals(200, Raw.post(lgsp.url(), "/provider/oauth2/token", "grant_type=x", t).status());
        assertEquals(5, lgsp.faults().pending());
    }

    @Test
    void tamperingAltersWhatIsForwardedUntilCleared() throws IOException {
        String t = "Gateway-Authorization: Bearer " + token(lgsp, KEY);
        lgsp.faults().tamperRequestBody(b -> "{\"idNumber\":\"y\"}".getBytes(StandardCharsets.UTF_8))
                .tamperPath(p -> p.replace("lookup", "verify"))
                .tamperRequestHeader("X-Road-Id", v -> "changed")
                .tamperResponseBody(b -> "{\"answer\":43}".getBytes(StandardCharsets.UTF_8))
                .tamperResponseHeader("X-Road-Id", v -> null);
        Raw.Answer a = Raw.post(lgsp.url(), lookup(), "{\"idNumber\":\"x\"}", t, "X-Road-Id: original");
        assertEquals("{\"idNumber\":\"y\"}", new String(provider.last().body(), StandardCharsets.UTF_8));
        assertEquals("/population/v1/citizens/verify", provider.last().target());
        assertEquals("changed", provider.last().header("X-Road-Id"));
        assertEquals("{\"answer\":43}", a.text());
        assertNull(a.header("X-Road-Id"));
        assertEquals("eyJ.signed.answer", a.header("Ketnoi-Signature"));

        lgsp.faults().clear();
        Raw.Answer b = Raw.post(lgsp.url(), lookup(), "{\"idNumber\":\"x\"}", t, "X-Road-Id: original");
        assertEquals("{\"idNumber\":\"x\"}", new String(provider.last().body(), StandardCharsets.UTF_8));
        assertEquals("original", provider.last().header("X-Road-Id"));
        assertEquals(Echo.BODY, b.text());
    }

    @Test
    void anUnreachableUpstreamIsTheGatewaysOwn502() throws IOException {
        provider.close();
        String t = "Gateway-Authorization: Bearer " + token(lgsp, KEY);
        assertGatewayAnswer(Raw.post(lgsp.url(), lookup(), "{}", t), 502, "bad_gateway");
        assertEquals(1, lgsp.stats().refused("upstream_unreachable"));
    }

    @Test
    void twoGatewaysChainWithTheirOwnCredentialsAndNeitherReachesTheProvider() throws IOException {
        try (SandboxGateway ndxp = SandboxGateway.builder().name("ndxp").upstream(provider.base()).pathPrefix("/ndxp")
                .route(POPULATION, "/population/v1")
                .passThrough("/provider/oauth2/token", "/oauth2/token")
                .application("lgsp-at-ndxp", SECRET, "VN:GOV:LGSP")
                .start();
             SandboxGateway chained = SandboxGateway.builder().name("lgsp").pathPrefix("/lgsp")
                     .chainTo(ndxp, "lgsp-at-ndxp")
                     .application(KEY, SECRET, KetnoiSandbox.DEFAULT_AGENCY_ID)
                     .start()) {
            String t = "Gateway-Authorization: Bearer " + token(chained, KEY);
            String path = "/lgsp/" + POPULATION + "/citizens/lookup?x=1";
            assertEquals(200, Raw.post(chained.url(), path, "{}", t).status());
            assertEquals(200, Raw.post(chained.url(), path, "{}", t).status());
            assertEquals(200, Raw.post(chained.url(), "/provider/oauth2/token", "grant_type=x", t).status());
            Echo.Seen seen = provider.seen.get(0);
            assertEquals("/population/v1/citizens/lookup?x=1", seen.target());
            assertNull(seen.header("Gateway-Authorization"), "neither gateway's credential reaches the provider");
            assertEquals(List.of("1.1 lgsp", "1.1 ndxp"), seen.all("Via"));
            assertEquals(List.of("127.0.0.1", "127.0.0.1"), seen.all("X-Forwarded-For"));
            assertEquals(2, ndxp.stats().forwarded(POPULATION));
            assertEquals(1, ndxp.stats().tokensIssued(), "the LGSP reuses its NDXP token");
            assertEquals("/oauth2/token", provider.last().target(), "pass-through paths chain too");

            // The NDXP revokes the LGSP's token: the LGSP gets a new one and repeats, once.
            ndxp.revokeTokens();
            assertEquals(200, Raw.post(chained.url(), path, "{}", t).status());
            assertEquals(2, ndxp.stats().tokensIssued());
            assertEquals(1, ndxp.stats().refused("invalid_token"));
        }
    }
}
