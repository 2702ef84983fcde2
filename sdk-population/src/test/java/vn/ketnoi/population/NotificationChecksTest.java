package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.population.NotificationRejectedException.Check;
import vn.ketnoi.testkit.KetnoiSandboxExtension;

/**
 * Every check of {@link NotificationVerifier} ({@code docs/protocol.md} section 8.10) on its own,
 * with notifications the provider's key signed wrongly (a mistyped claim, another audience, a
 * signature at the edge of the freshness window). The sandbox only ever signs correct ones, so
 * here the provider's key set is served by the test with keys it holds, and the agency's
 * configuration is the sandbox's with that key set. Each test kills a mutant PIT found surviving
 * or never reached by the round trip in {@code ChangeFeedTest}.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class NotificationChecksTest {
    private static final Instant NOW = Instant.parse("2026-07-01T03:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final KeyPair EC = pair("EC");
    private static final KeyPair RSA = pair("RSA");
    private static final KeyPair STRANGER = pair("EC");
    private static HttpServer keyServer;
    private final List<PopulationClient> clients = new java.util.ArrayList<>();

    private static KeyPair pair(String type) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(type);
            if (type.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void serveKeys() throws IOException {
        byte[] jwks = new JWKSet(List.of(new ECKey.Builder(Curve.P_256, (ECPublicKey) EC.getPublic()).keyID("ec-1").build(),
                new RSAKey.Builder((RSAPublicKey) RSA.getPublic()).keyID("rsa-1").build())).toString()
                .getBytes(StandardCharsets.UTF_8);
        keyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        keyServer.createContext("/jwks.json", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, jwks.length);
            ex.getResponseBody().write(jwks);
            ex.close();
        });
        keyServer.start();
    }

    @AfterAll
    static void stop() {
        keyServer.stop(0);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(PopulationClient::close);
    }

    /** The sandbox's agency configuration with the test's key set, on a clock that reads {@code now}. */
    private static ClientConfig configAt(ClientConfig config, Clock clock) {
        return config.toBuilder().clock(clock).clockSkew(Duration.ofSeconds(30))
                .jwksUri(URI.create("http://127.0.0.1:" + keyServer.getAddress().getPort() + "/jwks.json")).build();
    }

    private NotificationVerifier verifier(ClientConfig config, Clock clock) {
        PopulationClient client = PopulationClient.create(configAt(config, clock));
        clients.add(client);
        return client.notificationVerifier(MAX_AGE);
    }

    private NotificationVerifier verifier(ClientConfig config) {
        return verifier(config, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static byte[] body(String notificationId) {
        return ("{\"notificationId\":\"" + notificationId + "\",\"sentAt\":\"2026-07-01T02:59:59Z\",\"events\":[]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Claims as the provider signs them for {@code body}. */
    private static Map<String, Object> claims(ClientConfig config, String jti, byte[] body) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", config.providerIssuer());
        c.put("aud", config.agencyId());
        c.put("jti", jti);
        c.put("bdh", Jose.sha256(body));
        c.put("iat", NOW.getEpochSecond());
        return c;
    }

    private static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(NotificationVerifier.TYP)).keyID("ec-1");
    }

    private static String sign(JWSHeader.Builder header, String payload, KeyPair key) {
        try {
            JWSObject jws = new JWSObject(header.build(), new Payload(payload));
            if (header.build().getAlgorithm().equals(JWSAlgorithm.PS256)) {
                jws.sign(new RSASSASigner(key.getPrivate()));
            } else if (header.build().getAlgorithm().equals(JWSAlgorithm.HS256)) {
                jws.sign(new MACSigner("a shared secret of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8)));
            } else {
                jws.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
            }
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Object> claims) {
        try {
            return vn.ketnoi.core.internal.json.Json.mapper().writeValueAsString(claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> signed(String signature) {
        return Map.of(NotificationVerifier.HEADER, List.of(signature));
    }

    /** The check that refuses a notification whose claims {@code change} made, signed by the provider. */
    private Check refusal(ClientConfig config, UnaryOperator<Map<String, Object>> change) {
        byte[] body = body("n-1");
        String sig = sign(header(), json(change.apply(claims(config, "n-1", body))), EC);
        return assertThrows(NotificationRejectedException.class, () -> verifier(config).verify(signed(sig), body)).check();
    }

    private static Check refusal(NotificationVerifier v, Map<String, List<String>> headers, byte[] body) {
        return assertThrows(NotificationRejectedException.class, () -> v.verify(headers, body)).check();
    }

    @Test
    void aNotificationSignedAsTheProtocolSaysIsAccepted(ClientConfig config) {
        byte[] body = body("n-1");
        ChangeNotification n = verifier(config).verify(
                Map.of("ketnoi-notification-signature", List.of(sign(header(), json(claims(config, "n-1", body)), EC))), body);
        assertEquals("n-1", n.notificationId());
        assertEquals(Instant.parse("2026-07-01T02:59:59Z"), n.sentAt());
        assertEquals(List.of(), n.events());
    }

    @Test
    void ps256IsAcceptedWithTheProvidersRsaKey(ClientConfig config) {
        byte[] body = body("n-1");
        String sig = sign(new JWSHeader.Builder(JWSAlgorithm.PS256).type(new JOSEObjectType(NotificationVerifier.TYP))
                .keyID("rsa-1"), json(claims(config, "n-1", body)), RSA);
        assertEquals("n-1", verifier(config).verify(signed(sig), body).notificationId());
    }

    @Test
    void missingHeadersOrBodyAreInvalidInputNotARefusal(ClientConfig config) {
        NotificationVerifier v = verifier(config);
        assertThrows(InvalidInputException.class, () -> v.verify(null, body("n-1")));
        assertThrows(InvalidInputException.class, () -> v.verify(signed("x"), null));
    }

    @Test
    void theSignatureHeaderMustBeThereExactlyOnce(ClientConfig config) {
        byte[] body = body("n-1");
        String sig = sign(header(), json(claims(config, "n-1", body)), EC);
        NotificationVerifier v = verifier(config);
        assertEquals(Check.SIGNATURE_MISSING, refusal(v, Map.of(NotificationVerifier.HEADER, List.of(sig, sig)), body));
        Map<String, List<String>> twice = new LinkedHashMap<>();
        twice.put(NotificationVerifier.HEADER, List.of(sig));
        twice.put(NotificationVerifier.HEADER.toLowerCase(java.util.Locale.ROOT), List.of(sig));
        assertEquals(Check.SIGNATURE_MISSING, refusal(v, twice, body));
        java.util.ArrayList<String> nullValue = new java.util.ArrayList<>();
        nullValue.add(null);
        assertEquals(Check.SIGNATURE_MISSING, refusal(v, Map.of(NotificationVerifier.HEADER, nullValue), body));
        Map<String, List<String>> nullName = new java.util.HashMap<>();
        nullName.put(null, List.of("HTTP/1.1 200"));
        assertEquals(Check.SIGNATURE_MISSING, refusal(v, nullName, body));
        // And the one good signature is still accepted by the same verifier afterwards.
        assertEquals("n-1", v.verify(signed(sig), body).notificationId());
    }

    @Test
    void aSignatureThatIsNotAJwsOrHasTheWrongTypIsMalformed(ClientConfig config) {
        byte[] body = body("n-1");
        NotificationVerifier v = verifier(config);
        String payload = json(claims(config, "n-1", body));
        assertEquals(Check.MALFORMED, refusal(v, signed("not.a-jws"), body));
        assertEquals(Check.MALFORMED, refusal(v, signed(sign(header().type(null), payload, EC)), body));
        assertEquals(Check.MALFORMED, refusal(v, signed(sign(header().type(JOSEObjectType.JWT), payload, EC)), body));
    }

    @Test
    void onlyEs256AndPs256AreAllowed(ClientConfig config) {
        byte[] body = body("n-1");
        String hs = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType(NotificationVerifier.TYP))
                .keyID("ec-1"), json(claims(config, "n-1", body)), EC);
        assertEquals(Check.ALGORITHM_NOT_ALLOWED, refusal(verifier(config), signed(hs), body));
    }

    @Test
    void aKeyTheProviderDoesNotPublishIsUnknownAndNoKidIsMalformed(ClientConfig config) {
        byte[] body = body("n-1");
        String payload = json(claims(config, "n-1", body));
        NotificationVerifier v = verifier(config);
        // One provider-JWS verifier for notifications, callbacks and status lists: a JWS that names no key is malformed.
        assertEquals(Check.MALFORMED, refusal(v, signed(sign(header().keyID(null), payload, EC)), body));
        assertEquals(Check.UNKNOWN_KEY, refusal(v, signed(sign(header().keyID("ec-9"), payload, EC)), body));
    }

    @Test
    void anotherKeyUnderThePublishedKidIsAnInvalidSignature(ClientConfig config) {
        byte[] body = body("n-1");
        assertEquals(Check.SIGNATURE_INVALID, refusal(verifier(config),
                signed(sign(header(), json(claims(config, "n-1", body)), STRANGER)), body));
    }

    @Test
    void claimsThatAreNotJsonOrAreMistypedAreMalformed(ClientConfig config) {
        byte[] body = body("n-1");
        assertEquals(Check.MALFORMED, refusal(verifier(config), signed(sign(header(), "not json", EC)), body));
        for (String claim : List.of("iss", "aud", "jti", "bdh")) {
            assertEquals(Check.MALFORMED, refusal(config, c -> {
                c.put(claim, List.of(String.valueOf(c.get(claim))));
                return c;
            }), claim);
            assertEquals(Check.MALFORMED, refusal(config, c -> {
                c.remove(claim);
                return c;
            }), claim);
        }
        assertEquals(Check.MALFORMED, refusal(config, c -> {
            c.put("iat", "yesterday");
            return c;
        }));
    }

    @Test
    void anotherIssuerOrAudienceIsABindingMismatch(ClientConfig config) {
        assertEquals(Check.BINDING_MISMATCH, refusal(config, c -> {
            c.put("iss", "https://another-provider.example");
            return c;
        }));
        assertEquals(Check.BINDING_MISMATCH, refusal(config, c -> {
            c.put("aud", "VN:GOV:000.00.19.H45");
            return c;
        }));
    }

    @Test
    void aBodyWhoseIdIsNotTheSignedJtiIsABindingMismatch(ClientConfig config) {
        byte[] other = body("n-2");
        String sig = sign(header(), json(claims(config, "n-1", other)), EC);
        assertEquals(Check.BINDING_MISMATCH, refusal(verifier(config), signed(sig), other));
    }

    @Test
    void aBodyThatIsNotANotificationIsMalformed(ClientConfig config) {
        byte[] broken = "{\"notificationId\":\"n-1\",\"events\":[{\"eventId\":\"\"}]}".getBytes(StandardCharsets.UTF_8);
        String sig = sign(header(), json(claims(config, "n-1", broken)), EC);
        assertEquals(Check.MALFORMED, refusal(verifier(config), signed(sig), broken));
        byte[] notJson = "<notification/>".getBytes(StandardCharsets.UTF_8);
        assertEquals(Check.MALFORMED, refusal(verifier(config), signed(sign(header(), json(claims(config, "n-1", notJson)), EC)), notJson));
    }

    @Test
    void aDigestOfOtherBytesIsADigestMismatch(ClientConfig config) {
        assertEquals(Check.DIGEST_MISMATCH, refusal(config, c -> {
            c.put("bdh", Jose.sha256("{}".getBytes(StandardCharsets.UTF_8)));
            return c;
        }));
    }

    @Test
    void theFreshnessWindowIsMaxAgeBehindAndTheSkewAhead(ClientConfig config) {
        long maxAge = MAX_AGE.toSeconds();
        for (long offset : new long[] {-maxAge, 30}) {
            byte[] body = body("n" + offset);
            Map<String, Object> c = claims(config, "n" + offset, body);
            c.put("iat", NOW.getEpochSecond() + offset);
            assertEquals("n" + offset, verifier(config).verify(signed(sign(header(), json(c), EC)), body).notificationId());
        }
        for (long offset : new long[] {-maxAge - 1, 31}) {
            assertEquals(Check.STALE, refusal(config, c -> {
                c.put("iat", NOW.getEpochSecond() + offset);
                return c;
            }), "iat offset " + offset);
        }
    }

    @Test
    void aReplayIsRefusedWhileItIsFreshAndARefusedOneDoesNotBurnItsId(ClientConfig config) {
        NotificationVerifier v = verifier(config);
        byte[] body = body("n-1");
        String sig = sign(header(), json(claims(config, "n-1", body)), EC);
        // A forgery carrying the same id is refused first; the real one is still accepted after it.
        assertEquals(Check.DIGEST_MISMATCH, refusal(v, signed(sig), body("n-1 ")));
        v.verify(signed(sig), body);
        assertEquals(Check.REPLAYED, refusal(v, signed(sig), body));
        byte[] second = body("n-2");
        v.verify(signed(sign(header(), json(claims(config, "n-2", second)), EC)), second);
        assertEquals(Check.REPLAYED, refusal(v, signed(sig), body));
    }
}
