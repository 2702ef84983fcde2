package vn.ketnoi.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.net.httpserver.HttpServer;

import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.pipeline.KetnoiRequest;

/**
 * Finding 6: the https-or-loopback rule is the transport's, so no URL reaches the wire in clear,
 * whether configured or discovered. Finding 8: "loopback" is an IP literal in 127.0.0.0/8,
 * {@code ::1} or {@code localhost}, never a name that starts with {@code 127.}.
 *
 * <p>The attacker is the HTTP proxy on the path (a loopback server here): a request in clear to any
 * host would reach it, secrets and all.
 */
class InsecureUrlTransportTest {
    private HttpServer onThePath;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private ApacheTransport transport;
    private ApacheAsyncTransport async;

    @BeforeEach
    void start() throws Exception {
        onThePath = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        onThePath.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        onThePath.start();
        // Every host that is not loopback goes through the proxy: the proxy is the network.
        ProxyOptions proxy = ProxyOptions.of("127.0.0.1", onThePath.getAddress().getPort());
        transport = new ApacheTransport(HttpOptions.defaults(), proxy, Clock.systemUTC());
        async = new ApacheAsyncTransport(HttpOptions.defaults(), proxy, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        transport.close();
        async.close();
        onThePath.stop(0);
    }

    private static KetnoiRequest tokenRequest(String url) {
        return KetnoiRequest.builder("POST", URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("code=one-time-code&code_verifier=pkce-verifier".getBytes(StandardCharsets.UTF_8))
                .idempotent(false).build();
    }

    private static java.time.Instant deadline() {
        return java.time.Instant.now().plus(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @DisplayName("Finding 6/8: a request in clear to a host that is not this machine is refused before it is sent")
    @ValueSource(strings = {"http://vneid.attacker.example/token?access_token=secret",
            "http://127.attacker.example/token", "http://127.0.0.1.attacker.example/token", "http://10.0.0.7/token",
            "http://localhost.attacker.example/token", "http://0x7f000001/token", "ftp://vneid.example/token"})
    void theSyncTransportRefusesAUrlInClear(String url) {
        TransportException e = assertThrows(TransportException.class, () -> transport.send(tokenRequest(url),
                deadline()));
        assertEquals("transport.insecure-url", e.errorCode());
        assertFalse(e.isRetryable());
        assertFalse(e.mayHaveBeenApplied());
        URI u = URI.create(url);
        assertTrue(e.getMessage().contains(u.getScheme() + "://" + u.getHost()), e.getMessage());
        assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("/token"),
                "the path and query can carry secrets: " + e.getMessage());
        assertEquals(List.of(), seen, "nothing reached the network");
    }

    @ParameterizedTest
    @DisplayName("Finding 6/8: the async transport refuses the same URLs, as a failed future")
    @ValueSource(strings = {"http://vneid.attacker.example/token", "http://127.attacker.example/token"})
    void theAsyncTransportRefusesAUrlInClear(String url) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> async.send(tokenRequest(url), deadline(), CallContext.sync()).get());
        TransportException t = assertInstanceOf(TransportException.class, e.getCause());
        assertEquals("transport.insecure-url", t.errorCode());
        assertEquals(List.of(), seen, "nothing reached the network");
    }

    @Test
    @DisplayName("Finding 6: loopback in clear and the proxy itself still work (the refusals above are not a broken server)")
    void loopbackInClearIsSent() throws Exception {
        String local = "http://127.0.0.1:" + onThePath.getAddress().getPort() + "/direct";
        assertEquals(200, transport.send(tokenRequest(local), deadline()).status());
        assertEquals(200, async.send(tokenRequest(local), deadline(), CallContext.sync()).get().status());
        assertEquals(2, seen.size());
    }

    @ParameterizedTest
    @DisplayName("Finding 8: only IP literals in 127.0.0.0/8, ::1 and localhost are loopback")
    @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]", "::1",
            "[0:0:0:0:0:0:0:1]"})
    void loopbackHosts(String host) {
        assertTrue(SecureUrls.isLoopback(host), host);
    }

    @ParameterizedTest
    @DisplayName("Finding 8: the configuration refuses http to a name that only looks like loopback, and the proxy carries it")
    @ValueSource(strings = {"http://127.attacker.example", "http://127.0.0.1.attacker.example:8787",
            "http://localhost.attacker.example"})
    void configurationAndProxyUseTheSameRule(String url) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        vn.ketnoi.core.ClientConfig.Builder b = vn.ketnoi.core.ClientConfig.builder().endpoint(URI.create(url))
                .agencyId("VN:GOV:000.00.15.H29")
                .credentials(vn.ketnoi.core.credential.AgencyCredentials.of("k1", g.generateKeyPair().getPrivate(),
                        List.of()));
        vn.ketnoi.core.exception.InvalidInputException e = assertThrows(
                vn.ketnoi.core.exception.InvalidInputException.class, b::build);
        assertEquals("endpoint", e.field());
        assertTrue(ProxyOptions.of("proxy.example", 3128).appliesTo(URI.create(url).getHost()),
                "a name is resolved by whoever owns it: it is not this machine, so the proxy applies");
        assertFalse(ProxyOptions.of("proxy.example", 3128).appliesTo("127.0.0.1"));
    }

    @ParameterizedTest
    @DisplayName("Finding 8: names that look like loopback are not")
    @ValueSource(strings = {"127.attacker.example", "127.0.0.1.attacker.example", "127.0.0.256", "128.0.0.1",
            "localhost.attacker.example", "127.1", "0x7f000001", "[::2]", "::ffff:10.0.0.1", "", "127.0.0.1."})
    void notLoopbackHosts(String host) {
        assertFalse(SecureUrls.isLoopback(host), host);
    }
}
