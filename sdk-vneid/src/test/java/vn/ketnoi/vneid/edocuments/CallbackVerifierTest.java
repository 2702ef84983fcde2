package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.sun.net.httpserver.HttpServer;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Callbacks the sandbox wallet really sends, received over HTTP, then checked (and forged). */
@ExtendWith(KetnoiSandboxExtension.class)
class CallbackVerifierTest {
    record Received(String signature, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private HttpServer server;

    @BeforeEach
    void listen() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/callbacks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            inbox.add(new Received(exchange.getRequestHeaders().getFirst("Ketnoi-Signature"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Received next(String documentId) throws InterruptedException {
        // A generous bound, not a timing assertion: callbacks are sent on a background thread.
        for (Received r; (r = inbox.poll(30, TimeUnit.SECONDS)) != null; ) {
            if (r.text().contains("\"" + documentId + "\"")) {
                return r;
            }
        }
        throw new AssertionError("no callback for " + documentId);
    }

    private Received issueAndReceive(KetnoiSandbox sandbox, ClientConfig config, String id) throws Exception {
        sandbox.wallet().registerCallback(sandbox.defaultAgency().id(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks"));
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            edocs.issue(EdocumentsClientTest.licence(id, EdocumentsClientTest.level2(sandbox)));
        }
        return next(id);
    }

    private static void rejected(String code, Runnable r) {
        CallbackRejectedException e = assertThrows(CallbackRejectedException.class, r::run);
        assertEquals(code, e.errorCode());
    }

    @Test
    @Requirement(value = "R-10.7.6", side = Side.SDK)
    void acceptsTheWalletsCallbacksOnceEach(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        String id = EdocumentsClientTest.newId();
        Received delivered = issueAndReceive(sandbox, config, id);
        try (CallbackVerifier callbacks = CallbackVerifier.builder(config).build();
             EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            DocumentStatusEvent e = callbacks.verify(delivered.signature(), delivered.body());
            assertEquals(id, e.documentId());
            assertEquals(DocumentStatus.DELIVERED, e.status());
            assertTrue(e.previousStatus().isEmpty());
            assertEquals(1, e.version());
            assertNotNull(e.eventId());

            edocs.revoke(id, "licence withdrawn by court order");
            Received revoked = next(id);
            DocumentStatusEvent r = callbacks.verify(revoked.signature(), revoked.body());
            assertEquals(DocumentStatus.REVOKED, r.status());
            assertEquals(DocumentStatus.DELIVERED, r.previousStatus().orElseThrow());
            assertEquals("licence withdrawn by court order", r.reason().orElseThrow());

            // The same callback again, as an attacker who captured it would send it.
            rejected("callback.replayed", () -> callbacks.verify(delivered.signature(), delivered.body()));
        }
    }

    @Test
    void aVerifierFromItsClientUsesTheProviderKeysTheClientAlreadyHolds(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        sandbox.wallet().registerCallback(sandbox.defaultAgency().id(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callbacks"));
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, config)) {
            String id = EdocumentsClientTest.newId();
            edocs.issue(EdocumentsClientTest.licence(id, EdocumentsClientTest.level2(sandbox)));
            Received delivered = next(id);
            sandbox.stats().reset();

            try (CallbackVerifier callbacks = edocs.callbackVerifier()) {
                assertEquals(id, callbacks.verify(delivered.signature(), delivered.body()).documentId());
            }
            assertEquals(0, sandbox.stats().jwksRequests(), "one copy of the provider's keys per runtime: " + sandbox.stats());

            // The control: a verifier on a configuration of its own fetches the keys again.
            try (CallbackVerifier own = CallbackVerifier.builder(config).build()) {
                assertEquals(id, own.verify(delivered.signature(), delivered.body()).documentId());
            }
            assertEquals(1, sandbox.stats().jwksRequests(), sandbox.stats().toString());
        }
    }

    @Test
    @Requirement(value = {"R-10.7.1", "R-10.7.3"}, side = Side.SDK)
    void refusesABadSignatureAndAnAlteredBody(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        try (CallbackVerifier callbacks = CallbackVerifier.builder(config).build()) {
            String sig = c.signature();
            char last = sig.charAt(sig.length() - 2);
            String broken = sig.substring(0, sig.length() - 2) + (last == 'A' ? 'B' : 'A') + sig.charAt(sig.length() - 1);
            rejected("callback.signature-invalid", () -> callbacks.verify(broken, c.body()));

            byte[] altered = c.text().replace("DELIVERED", "ACCEPTED").getBytes(StandardCharsets.UTF_8);
            assertFalse(java.util.Arrays.equals(altered, c.body()));
            rejected("callback.digest-mismatch", () -> callbacks.verify(c.signature(), altered));
            rejected("callback.signature-missing", () -> callbacks.verify(null, c.body()));
            rejected("callback.signature-malformed", () -> callbacks.verify("not-a-jws", c.body()));

            // None of those burnt the real event's id: it is still accepted once.
            assertEquals(DocumentStatus.DELIVERED, callbacks.verify(c.signature(), c.body()).status());
        }
    }

    @Test
    @Requirement(value = "R-10.7.1", side = Side.SDK)
    void refusesACallbackSignedWithAKeyTheProviderDoesNotPublish(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey attacker = (ECPrivateKey) g.generateKeyPair().getPrivate();
        JWSObject original = JWSObject.parse(c.signature());
        JWSObject forged = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("attacker")
                .type(new JOSEObjectType("ketnoi-callback+jwt")).build(), new Payload(original.getPayload().toJSONObject()));
        forged.sign(new ECDSASigner(attacker));
        // The attacker also reuses the provider's kid: the signature then fails instead.
        JWSObject forgedKid = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(original.getHeader().getKeyID())
                .type(new JOSEObjectType("ketnoi-callback+jwt")).build(), new Payload(original.getPayload().toJSONObject()));
        forgedKid.sign(new ECDSASigner(attacker));
        try (CallbackVerifier callbacks = CallbackVerifier.builder(config).build()) {
            rejected("callback.unknown-key", () -> callbacks.verify(forged.serialize(), c.body()));
            rejected("callback.signature-invalid", () -> callbacks.verify(forgedKid.serialize(), c.body()));
        }
    }

    @Test
    @Requirement(value = {"R-10.7.2", "R-10.7.5", "R-10.7.6"}, side = Side.SDK)
    void refusesAStaleCallbackAndOneForAnotherAgency(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        ClientConfig later = config.toBuilder().clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10))).build();
        try (CallbackVerifier callbacks = CallbackVerifier.builder(later).build()) {
            rejected("callback.stale", () -> callbacks.verify(c.signature(), c.body()));
        }
        ClientConfig earlier = config.toBuilder().clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))).build();
        try (CallbackVerifier callbacks = CallbackVerifier.builder(earlier).build()) {
            rejected("callback.stale", () -> callbacks.verify(c.signature(), c.body()));
        }
        ClientConfig other = config.toBuilder().agencyId(KetnoiSandbox.LIMITED_AGENCY_ID).build();
        try (CallbackVerifier callbacks = CallbackVerifier.builder(other).build()) {
            rejected("callback.binding-mismatch", () -> callbacks.verify(c.signature(), c.body()));
        }
        // A shared replay guard sees the event once across two verifiers (two instances of the agency).
        Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
        CallbackVerifier.ReplayGuard shared = (eventId, forgetAfter) -> seen.putIfAbsent(eventId, forgetAfter) == null;
        try (CallbackVerifier a = CallbackVerifier.builder(config).replayGuard(shared).build();
             CallbackVerifier b = CallbackVerifier.builder(config).replayGuard(shared).build()) {
            a.verify(c.signature(), c.body());
            rejected("callback.replayed", () -> b.verify(c.signature(), c.body()));
        }
    }

    /** The provider's side of 10.7: each callback passes every check when made by hand, without the SDK. */
    @Test
    @Requirement(value = {"R-10.7.1", "R-10.7.2", "R-10.7.3", "R-10.7.4", "R-10.7.5"}, side = Side.PROVIDER)
    void theBodyIsTheOneSigned(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        JWSObject jws = JWSObject.parse(c.signature());
        assertEquals("ketnoi-callback+jwt", jws.getHeader().getType().getType());
        String jwks = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                sandbox.jwksUri()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        com.nimbusds.jose.jwk.JWK key = com.nimbusds.jose.jwk.JWKSet.parse(jwks).getKeyByKeyId(jws.getHeader().getKeyID());
        assertNotNull(key, "kid published in the provider's JWKS");
        assertTrue(jws.verify(new com.nimbusds.jose.crypto.ECDSAVerifier((com.nimbusds.jose.jwk.ECKey) key)));
        Map<String, Object> claims = new LinkedHashMap<>(jws.getPayload().toJSONObject());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(c.body());
        assertArrayEquals(Base64.getUrlEncoder().withoutPadding().encode(digest),
                String.valueOf(claims.get("bdh")).getBytes(StandardCharsets.US_ASCII));
        assertEquals(sandbox.issuer(), claims.get("iss"));
        assertEquals(sandbox.defaultAgency().id(), claims.get("aud"));
        String eventId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.body()).get("eventId").asText();
        assertEquals(eventId, claims.get("jti"));
        long iat = ((Number) claims.get("iat")).longValue();
        assertTrue(Math.abs(java.time.Instant.now().getEpochSecond() - iat) <= 60, "iat is now");
    }

    @Test
    @Requirement(value = "R-10.7.4", side = Side.SDK)
    void aSignatureWhoseJtiIsNotTheEventIdIsRefused(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        Map<String, Object> claims = new LinkedHashMap<>(JWSObject.parse(c.signature()).getPayload().toJSONObject());
        claims.put("jti", java.util.UUID.randomUUID().toString());
        String resigned = sandbox.signAsProvider("ketnoi-callback+jwt", claims);
        try (CallbackVerifier callbacks = CallbackVerifier.builder(config).build()) {
            rejected("callback.binding-mismatch", () -> callbacks.verify(resigned, c.body()));
            // The genuine one still passes: only the jti was wrong.
            assertNotNull(callbacks.verify(c.signature(), c.body()));
        }
    }

    @Test
    void aShorterMaxAgeIsHonouredAndOnlyTenSecondsToAnHourCanBeSet(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        // Thirty seconds past the window of a ten-second maxAge, well inside the default five minutes.
        Duration past = Duration.ofSeconds(10).plus(config.clockSkew()).plusSeconds(30);
        ClientConfig later = config.toBuilder().clock(Clock.offset(Clock.systemUTC(), past)).build();
        try (CallbackVerifier strict = CallbackVerifier.builder(later).maxAge(Duration.ofSeconds(10)).build()) {
            rejected("callback.stale", () -> strict.verify(c.signature(), c.body()));
        }
        try (CallbackVerifier lenient = CallbackVerifier.builder(later).maxAge(Duration.ofHours(1)).build()) {
            assertEquals(DocumentStatus.DELIVERED, lenient.verify(c.signature(), c.body()).status());
        }
        for (Duration bad : new Duration[] {null, Duration.ofSeconds(10).minusNanos(1), Duration.ofHours(1).plusNanos(1)}) {
            assertThrows(vn.ketnoi.core.exception.InvalidInputException.class,
                    () -> CallbackVerifier.builder(config).maxAge(bad), String.valueOf(bad));
        }
    }

    @Test
    void aCallbackUnderAnotherAlgorithmWithoutKidOrWithAnotherTypIsRefused(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        Received c = issueAndReceive(sandbox, config, EdocumentsClientTest.newId());
        JWSObject original = JWSObject.parse(c.signature());
        Map<String, Object> claims = original.getPayload().toJSONObject();
        JWSObject hmac = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(original.getHeader().getKeyID())
                .type(new JOSEObjectType("ketnoi-callback+jwt")).build(), new Payload(claims));
        hmac.sign(new com.nimbusds.jose.crypto.MACSigner(new byte[32]));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey attacker = (ECPrivateKey) g.generateKeyPair().getPrivate();
        JWSObject noKid = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("ketnoi-callback+jwt")).build(), new Payload(claims));
        noKid.sign(new ECDSASigner(attacker));
        JWSObject otherTyp = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(original.getHeader().getKeyID())
                .type(JOSEObjectType.JWT).build(), new Payload(claims));
        otherTyp.sign(new ECDSASigner(attacker));
        // The provider's keys are fetched through the configured network interceptors, like every call.
        java.util.concurrent.atomic.AtomicInteger keyFetches = new java.util.concurrent.atomic.AtomicInteger();
        ClientConfig watched = config.toBuilder().addNetworkInterceptor(chain -> {
            if (chain.request().uri().equals(config.jwksUri())) {
                keyFetches.incrementAndGet();
            }
            return chain.proceed(chain.request());
        }).build();
        try (CallbackVerifier callbacks = CallbackVerifier.builder(watched).build()) {
            CallbackRejectedException e = assertThrows(CallbackRejectedException.class,
                    () -> callbacks.verify(hmac.serialize(), c.body()));
            assertEquals("callback.signature-invalid", e.errorCode());
            assertTrue(e.getMessage().contains("HS256 is not allowed"), e.getMessage());
            rejected("callback.signature-malformed", () -> callbacks.verify(noKid.serialize(), c.body()));
            rejected("callback.signature-malformed", () -> callbacks.verify(otherTyp.serialize(), c.body()));
            assertEquals(0, keyFetches.get(), "none of these needed the provider's keys");
            assertEquals(DocumentStatus.DELIVERED, callbacks.verify(c.signature(), c.body()).status());
            assertEquals(1, keyFetches.get());
        }
    }
}
