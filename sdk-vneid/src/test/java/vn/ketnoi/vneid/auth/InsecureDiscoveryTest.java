package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpServer;

import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.json.Json;

/**
 * Finding 6: a discovery document that sends the client to an endpoint in clear is refused before
 * anything is sent there. The provider is a loopback server that serves the document; it is also
 * the proxy every other host goes through, so anything sent in clear to the endpoints it names
 * would reach it (the attacker on the path).
 */
class InsecureDiscoveryTest {
    private static final String EVIL = "http://vneid.attacker.example";
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private volatile Map<String, Object> discovery;
    private String issuer;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = exchange.getRequestURI().getPath().endsWith("/.well-known/openid-configuration")
                    ? Json.mapper().writeValueAsBytes(discovery) : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/op";
        discovery = new LinkedHashMap<>();
        discovery.put("issuer", issuer);
        for (String[] e : new String[][] {{"authorization_endpoint", "/authorize"}, {"token_endpoint", "/token"},
                {"jwks_uri", "/jwks"}, {"userinfo_endpoint", "/userinfo"},
                {"backchannel_authentication_endpoint", "/bc-authorize"}, {"end_session_endpoint", "/logout"}}) {
            discovery.put(e[0], "https://vneid.example.vn" + e[1]);
        }
        discovery.put("code_challenge_methods_supported", List.of("S256"));
        discovery.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private VneidAuthClient client() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return VneidAuthClient.create(VneidAuthConfig.builder().issuer(issuer).clientId("VN:GOV:000.00.15.H29")
                .credentials(AgencyCredentials.of("k1", g.generateKeyPair().getPrivate(), List.of()))
                .redirectUri(URI.create("http://127.0.0.1:9/callback"))
                .pushedAuthorizationRequests(VneidAuthConfig.ParMode.NEVER)
                .proxy(ProxyOptions.of("127.0.0.1", server.getAddress().getPort())).build());
    }

    @ParameterizedTest
    @DisplayName("Finding 6: a discovered endpoint in clear is refused, and the code, verifier and assertion stay home")
    @ValueSource(strings = {"token_endpoint", "jwks_uri", "userinfo_endpoint", "authorization_endpoint",
            "pushed_authorization_request_endpoint", "backchannel_authentication_endpoint", "end_session_endpoint"})
    void anEndpointInClearIsRefused(String field) throws Exception {
        discovery.put(field, EVIL + "/" + field + "?client_secret=s3cret");
        try (VneidAuthClient vneid = client()) {
            VneidAuthException e = assertThrows(VneidAuthException.class, () -> {
                LoginRequest start = vneid.startLogin(LoginOptions.defaults());
                vneid.completeLogin(start.state(), Map.of("state", start.state().state(), "code", "one-time-code"));
            });
            assertEquals("vneid.discovery.insecure-endpoint", e.errorCode());
            assertTrue(e.getMessage().contains(field) && e.getMessage().contains(EVIL), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), "the query can carry secrets");
        }
        assertEquals(List.of("GET /op/.well-known/openid-configuration"), seen, "nothing but discovery was fetched");
    }

    @Test
    @DisplayName("Finding 6: the same document with https endpoints is accepted (the refusals above are for the scheme)")
    void theSameDocumentOverHttpsIsAccepted() throws Exception {
        try (VneidAuthClient vneid = client()) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            assertTrue(start.authorizationUri().toString().startsWith("https://vneid.example.vn/authorize?"));
        }
    }

    @ParameterizedTest
    @DisplayName("Finding 8: an issuer in clear on a name that only looks like loopback is refused at configuration")
    @ValueSource(strings = {"http://127.attacker.example/vneid", "http://localhost.attacker.example/vneid"})
    void anIssuerInClearIsRefused(String url) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> VneidAuthConfig.builder()
                .issuer(url).clientId("c").build());
        assertEquals("issuer", e.field());
    }
}
