package vn.ketnoi.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.pipeline.HttpHeaders;

/** Configuration is validated when built, and every refusal names the setting. */
class ConfigValidationTest {

    static AgencyCredentials credentials() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return AgencyCredentials.of("k1", g.generateKeyPair().getPrivate(), List.of());
    }

    private static ClientConfig.Builder valid() throws Exception {
        return ClientConfig.builder().endpoint(URI.create("https://dancu.example.vn"))
                .agencyId("VN:GOV:000.00.15.H29").credentials(credentials());
    }

    private static void refused(String field, Runnable r) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void defaultsDeriveFromTheEndpoint() throws Exception {
        ClientConfig c = valid().endpoint(URI.create("https://dancu.example.vn/")).build();
        assertEquals(URI.create("https://dancu.example.vn/oauth2/token"), c.tokenEndpoint());
        assertEquals(URI.create("https://dancu.example.vn/.well-known/jwks.json"), c.jwksUri());
        assertEquals("https://dancu.example.vn", c.providerIssuer());
        assertEquals(Duration.ofSeconds(60), c.clockSkew());
        assertEquals(c.httpOptions(), HttpOptions.defaults());
    }

    @Test
    void requiredSettingsAreNamed() throws Exception {
        AgencyCredentials creds = credentials();
        refused("endpoint", () -> ClientConfig.builder().agencyId("A").credentials(creds).build());
        refused("agencyId", () -> ClientConfig.builder().endpoint(URI.create("https://x.vn")).credentials(creds).build());
        refused("credentials", () -> ClientConfig.builder().endpoint(URI.create("https://x.vn")).agencyId("A").build());
        refused("agencyId", () -> ClientConfig.builder().endpoint(URI.create("https://x.vn")).agencyId("has space")
                .credentials(creds).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://dancu.example.vn", "ftp://dancu.example.vn", "dancu.example.vn",
            "https://dancu.example.vn?x=1", "https://user@dancu.example.vn", "https://dancu.example.vn#f"})
    void badEndpointsAreRefused(String url) throws Exception {
        ClientConfig.Builder b = valid().endpoint(URI.create(url));
        refused("endpoint", b::build);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8787", "http://127.0.0.1:8787", "http://[::1]:8787"})
    void plainHttpIsAllowedOnLoopbackOnly(String url) throws Exception {
        assertEquals(URI.create(url), valid().endpoint(URI.create(url)).build().endpoint());
    }

    @Test
    void timeoutsAreAlwaysFinite() {
        refused("httpOptions.connectTimeout", () -> HttpOptions.builder().connectTimeout(Duration.ZERO).build());
        refused("httpOptions.responseTimeout", () -> HttpOptions.builder().responseTimeout(Duration.ofSeconds(-1)).build());
        refused("httpOptions.callTimeout", () -> HttpOptions.builder().callTimeout(Duration.ofDays(2)).build());
        refused("httpOptions.connectionRequestTimeout", () -> HttpOptions.builder().connectionRequestTimeout(null).build());
        refused("httpOptions.maxConnectionsPerHost", () -> HttpOptions.builder().maxConnectionsPerHost(0).build());
        HttpOptions d = HttpOptions.defaults();
        assertTrue(d.maxConnectionsPerHost() >= 32, "far more than HttpClient's default of 5 per route");
    }

    @Test
    void toBuilderRoundTrips() throws Exception {
        ClientConfig c = valid().clockSkew(Duration.ofSeconds(30)).proxy(ProxyOptions.none()).build();
        ClientConfig copy = c.toBuilder().build();
        assertEquals(c.endpoint(), copy.endpoint());
        assertEquals(c.clockSkew(), copy.clockSkew());
        assertEquals(c.credentials(), copy.credentials());
        assertEquals(c.httpOptions(), copy.httpOptions());
    }

    @Test
    void credentialsFollowTheKeyAndNeverPrintIt() throws Exception {
        AgencyCredentials c = credentials();
        assertEquals(SigningAlgorithm.ES256, c.algorithm());
        assertFalse(c.toString().contains("PRIVATE"));
        assertTrue(c.toString().contains("***"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        PrivateKey weak = rsa.generateKeyPair().getPrivate();
        refused("credentials.privateKey", () -> AgencyCredentials.of("k", weak, List.of()));
        refused("credentials.keyId", () -> AgencyCredentials.of(" ", weak, List.of()));
        refused("credentials.pkcs12", () -> AgencyCredentials.fromPkcs12(java.nio.file.Path.of("/nonexistent.p12"),
                new char[0], null, null));
    }

    @Test
    void proxySettingsFollowTheConventions() {
        Properties props = new Properties();
        props.setProperty("https.proxyHost", "proxy.so.vn");
        props.setProperty("https.proxyPort", "3128");
        props.setProperty("http.nonProxyHosts", "*.noi-bo.vn|intranet");
        ProxyOptions p = ProxyOptions.fromEnvironment(props, Map.of());
        assertEquals("proxy.so.vn", p.host().orElseThrow());
        assertEquals(3128, p.port());
        assertTrue(p.appliesTo("dancu.gov.vn"));
        assertFalse(p.appliesTo("api.noi-bo.vn"));
        assertFalse(p.appliesTo("intranet"));
        assertFalse(p.appliesTo("127.0.0.1"), "loopback is never proxied");

        ProxyOptions env = ProxyOptions.fromEnvironment(new Properties(),
                Map.of("HTTPS_PROXY", "http://u:secret@proxy:8080", "NO_PROXY", ".gov.vn,localhost"));
        assertEquals(8080, env.port());
        assertEquals("u", env.username().orElseThrow());
        assertFalse(env.appliesTo("dancu.gov.vn"));
        assertTrue(env.appliesTo("example.com"));
        assertFalse(env.toString().contains("secret"), env.toString());

        assertTrue(ProxyOptions.fromEnvironment(new Properties(), Map.of()).host().isEmpty());
        refused("HTTPS_PROXY", () -> ProxyOptions.fromEnvironment(new Properties(), Map.of("HTTPS_PROXY", "http://")));
        refused("proxy.port", () -> ProxyOptions.of("p", 70000));
    }

    @Test
    void headersRefuseInjection() {
        refused("header X-Road-Issue", () -> HttpHeaders.builder().set("X-Road-Issue", "a\r\nX-Evil: 1"));
        HttpHeaders h = HttpHeaders.builder().add("A", "1").add("a", "2").build();
        assertEquals(List.of("1", "2"), h.all("A"));
        assertEquals("HttpHeaders[A]", h.toString(), "values are never printed");
    }
}
