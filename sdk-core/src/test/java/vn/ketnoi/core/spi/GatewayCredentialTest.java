package vn.ketnoi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.internal.http.Transport;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.FakeProvider.Answer;

/**
 * The gateway credential (DESIGN15 section 2): a hop-by-hop token, fetched with the application
 * key and secret, added to every request under the gateway's URL and to no other, cached, and
 * fetched again once when the gateway refuses it. The gateway here is a fake transport in front of
 * {@link FakeProvider}: it issues gateway tokens, refuses the ones it revoked with an unsigned
 * 401, and records what each request carried.
 */
class GatewayCredentialTest {
    private static final URI ENDPOINT = URI.create("https://provider.test");
    private static final URI GATEWAY = URI.create("https://lgsp.test/gw");
    private static final URI GATEWAY_TOKEN = URI.create("https://lgsp.test/gw/token");
    private static final ServiceId POPULATION = ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1");
    private static final String KEY = "app-key";
    private static final String SECRET = "app-secret-value-1";

    private final FakeProvider provider = new FakeProvider();
    private final FakeGateway gateway = new FakeGateway(provider);
    private ApiClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        provider.close();
    }

    /** One fake LGSP: token endpoint at /gw/token, everything else passed on to the provider as it is. */
    static final class FakeGateway implements Transport {
        final FakeProvider upstream;
        final AtomicInteger tokensIssued = new AtomicInteger();
        final List<KetnoiRequest> seen = new ArrayList<>();
        volatile Predicate<String> revoked = t -> false;
        volatile String acceptedSecret = SECRET;

        FakeGateway(FakeProvider upstream) {
            this.upstream = upstream;
        }

        @Override
        public synchronized KetnoiResponse send(KetnoiRequest request, Instant deadline) {
            seen.add(request);
            if (request.uri().equals(GATEWAY_TOKEN)) {
                String basic = "Basic " + Base64.getEncoder().encodeToString(
                        (KEY + ":" + acceptedSecret).getBytes(StandardCharsets.UTF_8));
                if (!basic.equals(request.headers().first("Authorization").orElse(""))
                        || !"grant_type=client_credentials".equals(new String(request.body(), StandardCharsets.US_ASCII))) {
                    return json(401, "{\"error\":\"invalid_client\"}", request);
                }
                return json(200, "{\"access_token\":\"gw-" + tokensIssued.incrementAndGet()
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}", request);
            }
            String credential = request.headers().first("Gateway-Authorization").orElse(null);
            if (gatewayCovers(request.uri())) {
                if (credential == null || !credential.startsWith("Bearer gw-") || revoked.test(credential.substring(7))) {
                    return json(401, "{\"fault\":{\"message\":\"Invalid Credentials\"}}", request);
                }
            }
            // Hop-by-hop: the gateway strips its own credential before passing the request on.
            return upstream.send(request.toBuilder().removeHeader("Gateway-Authorization").build(), deadline);
        }

        private static boolean gatewayCovers(URI uri) {
            return uri.getHost().equals("lgsp.test");
        }

        @Override
        public void close() {
        }

        synchronized List<KetnoiRequest> seen(Predicate<KetnoiRequest> which) {
            return seen.stream().filter(which).toList();
        }

        private static KetnoiResponse json(int status, String body, KetnoiRequest request) {
            return new KetnoiResponse(status, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                    body.getBytes(StandardCharsets.UTF_8), request);
        }
    }

    private static Gateway lgsp() {
        return Gateway.builder().name("lgsp").url(GATEWAY)
                .credentials(GatewayCredentials.keyAndSecret(GATEWAY_TOKEN, KEY, SECRET)).build();
    }

    /** The population service routed through the gateway; token endpoint and keys as {@code viaGateway} says. */
    private ClientConfig.Builder config(boolean tokenAndKeysViaGateway) {
        ClientConfig.Builder b = provider.configFor(ENDPOINT)
                .resilience(ResilienceOptions.disabled())
                .route(POPULATION, URI.create(GATEWAY + "/" + POPULATION))
                .gateway(lgsp());
        if (tokenAndKeysViaGateway) {
            b.tokenEndpoint(URI.create(GATEWAY + "/oauth2/token")).jwksUri(URI.create(GATEWAY + "/jwks.json"));
        }
        return b;
    }

    private KetnoiRequest read() {
        return KetnoiRequest.builder("GET", URI.create(client.serviceBase("/population/v1") + "/citizens/self"))
                .operation("test.read").idempotent(true).build();
    }

    private static boolean isApi(KetnoiRequest r) {
        return r.uri().getPath().contains("/citizens/");
    }

    @Test
    @DisplayName("The gateway token goes to requests under the gateway's URL, is fetched once with the key and secret, and never reaches a URL outside it")
    void onlyUnderTheGatewayUrl() {
        client = provider.client(config(false).build(), gateway);

        client.call(read());
        client.call(read());

        assertEquals(1, gateway.tokensIssued.get(), "one gateway token, cached for the second call");
        List<KetnoiRequest> api = gateway.seen(GatewayCredentialTest::isApi);
        assertEquals(2, api.size());
        api.forEach(r -> assertEquals("Bearer gw-1", r.headers().first("Gateway-Authorization").orElse(null)));
        api.forEach(r -> assertTrue(r.uri().toString().startsWith(GATEWAY + "/" + POPULATION + "/"),
                "the service's calls go to its route: " + r.uri()));
        // The token endpoint and the key set are the provider's own URLs here: no gateway credential.
        List<KetnoiRequest> direct = gateway.seen(r -> r.uri().getHost().equals("provider.test"));
        assertFalse(direct.isEmpty());
        direct.forEach(r -> assertFalse(r.headers().contains("Gateway-Authorization"), "sent to " + r.uri()));
        // The gateway's token request itself carries the key and secret, never a gateway token.
        KetnoiRequest tokenRequest = gateway.seen(r -> r.uri().equals(GATEWAY_TOKEN)).get(0);
        assertFalse(tokenRequest.headers().contains("Gateway-Authorization"));
        assertTrue(tokenRequest.headers().first("Authorization").orElse("").startsWith("Basic "));
        // The provider never sees the gateway credential, nor the provider's token the key and secret.
        provider.apiRequests().forEach(s -> assertNull(s.header("Gateway-Authorization")));
    }

    @Test
    @DisplayName("Token and key-set requests routed through the gateway carry its credential too")
    void tokenAndKeysThroughTheGateway() {
        client = provider.client(config(true).build(), gateway);

        client.call(read());

        List<KetnoiRequest> viaGateway = gateway.seen(r -> r.uri().getHost().equals("lgsp.test")
                && !r.uri().equals(GATEWAY_TOKEN));
        assertEquals(3, viaGateway.size(), "access token, key set, API call: " + viaGateway);
        viaGateway.forEach(r -> assertEquals("Bearer gw-1", r.headers().first("Gateway-Authorization").orElse(null)));
    }

    @Test
    @DisplayName("A request to the gateway's host outside its path prefix gets no gateway credential")
    void notOutsideThePathPrefix() {
        // The population route is on the gateway's host but not under /gw: /gw2 shares the prefix's letters only.
        client = provider.client(provider.configFor(ENDPOINT).resilience(ResilienceOptions.disabled())
                .route(POPULATION, URI.create("https://lgsp.test/gw2/" + POPULATION)).gateway(lgsp()).build(),
                new Transport() {
                    @Override
                    public KetnoiResponse send(KetnoiRequest request, Instant deadline) {
                        gateway.seen.add(request);
                        return provider.send(request, deadline);
                    }

                    @Override
                    public void close() {
                    }
                });

        client.call(read());

        assertEquals(0, gateway.tokensIssued.get());
        gateway.seen(r -> true).forEach(r -> assertFalse(r.headers().contains("Gateway-Authorization"),
                "sent to " + r.uri()));
    }

    @Test
    @DisplayName("An unsigned 401 from the gateway: one new gateway token, the call repeated once, and it succeeds")
    void refreshedOnceOnTheGatewaysRefusal() {
        client = provider.client(config(false).build(), gateway);
        client.call(read());
        gateway.revoked = "gw-1"::equals;

        assertEquals(200, client.call(read()).status());

        assertEquals(2, gateway.tokensIssued.get());
        List<String> sent = gateway.seen(GatewayCredentialTest::isApi).stream()
                .map(r -> r.headers().first("Gateway-Authorization").orElse(null)).toList();
        assertEquals(List.of("Bearer gw-1", "Bearer gw-1", "Bearer gw-2"), sent);
        assertEquals(1, provider.tokensIssued(), "the provider's access token was not touched");
    }

    @Test
    @DisplayName("A gateway that refuses the new token too: GatewayCredentialException, not retryable, after exactly one repeat")
    void refusedTwice() {
        client = provider.client(config(false).build(), gateway);
        gateway.revoked = t -> true;

        GatewayCredentialException e = assertThrows(GatewayCredentialException.class, () -> client.call(read()));

        assertEquals("exchange.gateway-credential-refused", e.errorCode());
        assertEquals(401, e.statusCode());
        assertFalse(e.isRetryable());
        assertEquals(2, gateway.tokensIssued.get());
        assertEquals(2, gateway.seen(GatewayCredentialTest::isApi).size());
        assertEquals(0, provider.apiRequests().size(), "the provider never saw the call");
    }

    @Test
    @DisplayName("A signed 401 is the provider's: it renews the access token, never the gateway token")
    void aSigned401IsNotTheGateways() {
        client = provider.client(config(false).build(), gateway);
        AtomicInteger calls = new AtomicInteger();
        provider.api = r -> calls.incrementAndGet() == 1 ? Answer.problem(401, "auth.token-invalid")
                : Answer.ok("{\"ok\":true}");

        assertEquals(200, client.call(read()).status());

        assertEquals(1, gateway.tokensIssued.get());
        assertEquals(2, provider.tokensIssued());
    }

    @Test
    @DisplayName("A wrong application secret: GatewayCredentialException, and the secret appears in no message")
    void wrongSecret() {
        gateway.acceptedSecret = "another-secret";
        client = provider.client(config(false).build(), gateway);

        GatewayCredentialException e = assertThrows(GatewayCredentialException.class, () -> client.call(read()));

        assertEquals("exchange.gateway-credential-refused", e.errorCode());
        assertFalse(e.getMessage().contains(SECRET));
        assertFalse(lgsp().toString().contains(SECRET), lgsp().toString());
        assertFalse(config(false).build().toString().contains(SECRET));
    }

    @Test
    @DisplayName("An unsigned 401 carrying a forged auth.token-invalid is the exchange layer's: it renews no access token and is no provider verdict")
    void aForgedTokenInvalidIsNotActedOn() {
        client = provider.client(provider.configFor(ENDPOINT).resilience(ResilienceOptions.disabled()).build());
        String forged = "{\"type\":\"about:blank\",\"code\":\"auth.token-invalid\",\"title\":\"t\",\"status\":401}";
        provider.api = r -> new Answer(401, forged, java.util.Map.of("Content-Type", "application/problem+json"), false,
                forged);

        GatewayCredentialException e = assertThrows(GatewayCredentialException.class,
                () -> client.call(KetnoiRequest.builder("GET", URI.create(ENDPOINT + "/population/v1/citizens/self"))
                        .operation("test.read").idempotent(true).build()));

        assertEquals("exchange.gateway-credential-refused", e.errorCode());
        assertEquals(1, provider.tokensIssued(), "no new access token on the word of an unsigned answer");
        assertEquals(1, provider.apiRequests().size(), "and no repeat");
    }

    @Test
    @DisplayName("A request outside its service's base URL is refused before anything is signed or sent")
    void aUrlOutsideTheServiceIsNotSigned() {
        client = provider.client(config(false).build(), gateway);
        KetnoiRequest elsewhere = KetnoiRequest.builder("GET", URI.create(GATEWAY + "/VN/GOV/OTHER/X/y/v1/citizens/self"))
                .operation("test.read").idempotent(true).build();

        vn.ketnoi.core.exception.InvalidInputException e = assertThrows(
                vn.ketnoi.core.exception.InvalidInputException.class, () -> client.call(elsewhere));

        assertEquals("uri", e.field());
        assertTrue(e.getMessage().contains(POPULATION.toString()), e.getMessage());
        assertEquals(0, gateway.seen(GatewayCredentialTest::isApi).size(), "nothing sent");
    }
}
