package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64URL;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.identity.CccdQrCode;
import vn.ketnoi.core.identity.IdentityParseException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.NotificationRejectedException;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.vneid.edocuments.CallbackRejectedException;
import vn.ketnoi.vneid.edocuments.CallbackVerifier;
import vn.ketnoi.vneid.edocuments.DocumentVerifier;
import vn.ketnoi.vneid.edocuments.VerificationResult;

/**
 * Finding 9 (issue 13): text chosen by whoever sends it (a JWS kid or alg, an exchange-layer error,
 * a token endpoint's error, a QR code) reaches exception messages, and callers log those. A CR/LF in
 * it would write a forged line into the agency's log. Each attack below carries a fake log line and a
 * long tail; the message must hold no control character and stay short.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class UntrustedTextTest {
    /** What an attacker would like the agency's log to show as a line of its own. */
    private static final String FORGED_LINE = "\r\n2026-12-05 10:00:00.000 INFO  vn.ketnoi.audit - operator VN:admin"
            + " granted full access\u2028\u202E";
    /** Long enough to show that nothing copies untrusted text without a cap. */
    private static final String TAIL = " pad".repeat(2_000);
    private static final int MESSAGE_BOUND = 1_000;

    private static void assertSafe(String message) {
        assertFalse(message.codePoints().anyMatch(UntrustedTextTest::unprintable),
                () -> "the message holds a control or format character: "
                        + message.substring(0, Math.min(300, message.length())).replaceAll("\\p{C}|\\p{Zl}|\\p{Zp}", "<!>"));
        assertTrue(message.length() < MESSAGE_BOUND, () -> "the message is " + message.length() + " characters long");
    }

    private static boolean unprintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static ECPrivateKey attackerKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return (ECPrivateKey) g.generateKeyPair().getPrivate();
    }

    /** A JWS of the given typ, signed by the attacker, naming a kid that carries a forged log line. */
    private static String forgedJws(String typ, String claimsJson) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(typ))
                .keyID("provider-2026" + FORGED_LINE + TAIL).build(), new Payload(claimsJson));
        jws.sign(new ECDSASigner(attackerKey()));
        return jws.serialize();
    }

    @Test
    @DisplayName("Finding 9: an unauthenticated e-document callback whose kid holds CR/LF and a fake log line")
    void callbackKid(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        byte[] body = "{\"event\":\"document.revoked\"}".getBytes(StandardCharsets.UTF_8);
        String jws = forgedJws("ketnoi-callback+jwt", "{\"iss\":\"x\",\"aud\":\"y\",\"iat\":"
                + Instant.now().getEpochSecond() + ",\"jti\":\"e1\",\"bdh\":\"x\"}");
        try (CallbackVerifier verifier = CallbackVerifier.builder(config).build()) {
            CallbackRejectedException e = assertThrows(CallbackRejectedException.class, () -> verifier.verify(jws, body));
            assertEquals("callback.unknown-key", e.errorCode());
            assertSafe(e.getMessage());
            assertTrue(e.getMessage().contains("provider-2026\\u000D\\u000A2026-12-05"), "the kid is shown, escaped");
        }
    }

    @Test
    @DisplayName("Finding 9: an unauthenticated change notification whose kid holds CR/LF and a fake log line")
    void notificationKid(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String jws = forgedJws("ketnoi-notification+jwt", "{}");
        try (PopulationClient population = PopulationClient.create(config)) {
            NotificationRejectedException e = assertThrows(NotificationRejectedException.class, () -> population
                    .notificationVerifier().verify(Map.of("Ketnoi-Notification-Signature", List.of(jws)), body));
            assertEquals(NotificationRejectedException.Check.UNKNOWN_KEY, e.check());
            assertSafe(e.getMessage());
        }
    }

    @Test
    @DisplayName("Finding 9: an exchange-layer error (unsigned) with a fake log line in its type and message")
    void exchangeLayerError(KetnoiSandbox sandbox, ClientConfig config) {
        // Anyone on the path can answer in the exchange layer's name: the error is unsigned by design.
        Interceptor attack = Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            String body = "{\"type\":\"Client.InvalidHeaders\",\"message\":\"refused"
                    + FORGED_LINE.replace("\r", "\\r").replace("\n", "\\n") + TAIL + "\",\"detail\":\"x\"}";
            HttpHeaders h = HttpHeaders.builder().add("Content-Type", "application/json")
                    .add("X-Road-Error", "Client.InvalidHeaders")
                    .add("X-Road-Id", r.request().headers().first("X-Road-Id").orElseThrow()).build();
            return new KetnoiResponse(400, h, body.getBytes(StandardCharsets.UTF_8), r.request());
        });
        try (PopulationClient client = Fixtures.clientWith(config, attack)) {
            ExchangeLayerException e = assertThrows(ExchangeLayerException.class,
                    () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving())));
            assertSafe(e.getMessage());
            assertEquals("Client.InvalidHeaders", e.type());
        }
        // A type that is not of the protocol's form makes the answer no X-Road error (finding 1):
        // unsigned and not 2xx, it is a gateway's own error by its status, and nothing of the forged
        // type reaches a message.
        Interceptor forgedType = Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            HttpHeaders h = HttpHeaders.builder().add("Content-Type", "application/json")
                    .add("X-Road-Error", "Client.InvalidHeaders\u0085\u001B[2J\u202E" + TAIL)
                    .add("X-Road-Id", r.request().headers().first("X-Road-Id").orElseThrow()).build();
            return new KetnoiResponse(400, h, "{}".getBytes(StandardCharsets.UTF_8), r.request());
        });
        try (PopulationClient client = Fixtures.clientWith(config, forgedType)) {
            KetnoiException e = assertThrows(KetnoiException.class,
                    () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving())));
            assertEquals("exchange.gateway-error", e.errorCode());
            assertSafe(e.getMessage());
        }
    }

    @Test
    @DisplayName("Finding 9: a token endpoint error (unsigned) with a fake log line in error and error_description")
    void tokenEndpointError(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor attack = chain -> {
            if (!chain.request().uri().getPath().endsWith("/oauth2/token")) {
                return chain.proceed(chain.request());
            }
            KetnoiResponse r = chain.proceed(chain.request());
            {
                String body = "{\"error\":\"invalid_client" + FORGED_LINE.replace("\r", "\\r").replace("\n", "\\n")
                        + "\",\"error_description\":\"no" + FORGED_LINE.replace("\r", "\\r").replace("\n", "\\n")
                        + TAIL + "\"}";
                return new KetnoiResponse(401, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                        body.getBytes(StandardCharsets.UTF_8), r.request());
            }
        };
        try (PopulationClient client = Fixtures.clientWith(config, attack)) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving())));
            assertSafe(e.getMessage());
            assertSafe(e.errorCode());
        }
    }

    @Test
    @DisplayName("Finding 9: a response signature whose alg holds CR/LF and a fake log line")
    void responseAlg(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor attack = Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            String[] parts = r.headers().first("Ketnoi-Signature").orElseThrow().split("\\.");
            String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                    .replaceAll("\"alg\":\"[A-Z0-9]+\"", "\"alg\":\"ES256" + FORGED_LINE.replace("\r", "\\r")
                            .replace("\n", "\\n").replace("\u2028", "\\u2028").replace("\u202E", "\\u202E") + TAIL + "\"");
            parts[0] = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)).toString();
            HttpHeaders h = r.headers().toBuilder().set("Ketnoi-Signature", String.join(".", parts)).build();
            return new KetnoiResponse(r.status(), h, r.body(), r.request());
        });
        try (PopulationClient client = Fixtures.clientWith(config, attack)) {
            KetnoiException e = assertThrows(KetnoiException.class,
                    () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving())));
            assertEquals("response.signature-invalid", e.errorCode());
            assertSafe(e.getMessage());
        }
    }

    @Test
    @DisplayName("Finding 9: a crafted e-document QR code whose alg holds CR/LF and a fake log line")
    void craftedDocumentQrCode(KetnoiSandbox sandbox, ClientConfig config) {
        String header = "{\"alg\":\"ES256" + FORGED_LINE.replace("\r", "\\r").replace("\n", "\\n")
                .replace("\u2028", "\\u2028").replace("\u202E", "\\u202E") + " pad pad\",\"typ\":\"ketnoi-edoc+jwt\"}";
        String qr = Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode("{}".getBytes(StandardCharsets.UTF_8)) + ".AAAA";
        try (DocumentVerifier verifier = DocumentVerifier.builder(config).trustAnchors(sandbox.wallet().trustAnchors()).build()) {
            VerificationResult r = verifier.verify(qr);
            assertFalse(r.isValid());
            assertSafe(r.reason());
            assertSafe(r.toString());
        }
    }

    @Test
    @DisplayName("Finding 9: a crafted QR code with CR/LF and a fake log line in its fields")
    void crafterQrCode() {
        String[] crafted = {
            "0010" + FORGED_LINE + "|" + TAIL,
            "001089012345|" + FORGED_LINE + "|Nguyễn Văn An|01011989|Nam|Hà Nội|01012021",
            "001089012345||Nguyễn Văn An|01011989|Nam" + FORGED_LINE + "|Hà Nội|01012021",
            "001089012345||Nguyễn Văn An|0101" + FORGED_LINE + "|Nam|Hà Nội|01012021",
        };
        for (String qr : crafted) {
            IdentityParseException e = assertThrows(IdentityParseException.class, () -> CccdQrCode.parse(qr));
            assertSafe(e.getMessage());
        }
    }
}
