package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.internal.crypto.ResponseVerifier;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Each claim of a response signature ({@code docs/protocol.md} section 5) bound one at a time.
 * These are signatures only the provider's key could make (a wrong audience, no {@code iat}, a
 * status that is not a number): no server on the path can produce them, so the verifier is driven
 * directly with a provider key of the test's own. Written to kill the mutants PIT found surviving
 * in {@code ResponseVerifier}: every check below, removed or inverted, lets one of these through.
 */
class ResponseBindingTest {
    private static final String ISSUER = "https://provider.test";
    private static final String AGENCY = "VN:GOV:000.00.15.H29";
    private static final String KID = "provider-1";
    private static final Instant NOW = Instant.parse("2026-07-01T03:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);
    private static final byte[] BODY = "{\"found\":true}".getBytes(StandardCharsets.UTF_8);
    private static final String SENT_SIGNATURE = "the.request.signature";
    private static final String REQUEST_ID = "req-1";

    private static final KeyPair PROVIDER = ecKeyPair();
    private static final KeyPair OTHER = ecKeyPair();

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseVerifier verifier() {
        String jwks = new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) PROVIDER.getPublic()).keyID(KID).build())
                .toString();
        JwksCache keys = new JwksCache(URI.create("https://provider.test/jwks"), (request, deadline) ->
                new KetnoiResponse(200, HttpHeaders.builder().add("Content-Type", "application/json").build(),
                        jwks.getBytes(StandardCharsets.UTF_8), request), Clock.fixed(NOW, ZoneOffset.UTC), java.time.Duration.ofSeconds(5));
        return new ResponseVerifier(keys, ISSUER, AGENCY, Clock.fixed(NOW, ZoneOffset.UTC), SKEW);
    }

    private static KetnoiRequest sent(String requestId, String signature) {
        KetnoiRequest.Builder b = KetnoiRequest.builder("POST", URI.create("https://provider.test/population/v1/lookup"));
        if (requestId != null) {
            b.header("X-Road-Id", requestId);
        }
        if (signature != null) {
            b.header("Ketnoi-Signature", signature);
        }
        return b.build();
    }

    /** The claims the provider signs for {@link #BODY}, status 200, answering the request sent. */
    private static JWTClaimsSet.Builder goodClaims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AGENCY).claim("xri", REQUEST_ID)
                .claim("rqh", Jose.sha256(SENT_SIGNATURE)).claim("sts", 200).claim("bdh", Jose.sha256(BODY))
                .issueTime(Date.from(NOW));
    }

    private static JWSHeader.Builder goodHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(ResponseVerifier.RESPONSE_TYPE)).keyID(KID);
    }

    private static String sign(JWSHeader.Builder header, JWTClaimsSet.Builder claims, KeyPair key) {
        try {
            SignedJWT jwt = new SignedJWT(header.build(), claims.build());
            jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KetnoiResponse response(int status, KetnoiRequest request, String... signatures) {
        HttpHeaders.Builder h = HttpHeaders.builder().add("Content-Type", "application/json");
        for (String s : signatures) {
            h.add("Ketnoi-Signature", s);
        }
        return new KetnoiResponse(status, h.build(), BODY, request);
    }

    private static ResponseVerificationException refused(KetnoiResponse response) {
        return assertThrows(ResponseVerificationException.class,
                () -> verifier().verify(response, NOW.plusSeconds(5)));
    }

    private static String codeFor(UnaryOperator<JWSHeader.Builder> header, UnaryOperator<JWTClaimsSet.Builder> claims) {
        KetnoiResponse r = response(200, sent(REQUEST_ID, SENT_SIGNATURE),
                sign(header.apply(goodHeader()), claims.apply(goodClaims()), PROVIDER));
        return refused(r).errorCode();
    }

    private static void accepted(UnaryOperator<JWTClaimsSet.Builder> claims) {
        KetnoiResponse r = response(200, sent(REQUEST_ID, SENT_SIGNATURE), sign(goodHeader(), claims.apply(goodClaims()), PROVIDER));
        assertDoesNotThrow(() -> verifier().verify(r, NOW.plusSeconds(5)));
    }

    @Test
    void aResponseSignedAsTheProtocolSaysIsAccepted() {
        accepted(c -> c);
    }

    @Test
    void theRefusalCarriesTheStatusTheCodeAndTheRequestId() {
        ResponseVerificationException e = refused(response(404, sent(REQUEST_ID, SENT_SIGNATURE)));
        assertEquals("response.signature-missing", e.errorCode());
        assertEquals(404, e.statusCode());
        assertEquals(REQUEST_ID, e.requestId());
    }

    @Test
    void twoSignaturesAreRefusedAsMissingWithTheirOwnReason() {
        String good = sign(goodHeader(), goodClaims(), PROVIDER);
        ResponseVerificationException e = refused(response(200, sent(REQUEST_ID, SENT_SIGNATURE), good, good));
        assertEquals("response.signature-missing", e.errorCode());
        assertEquals(true, e.getMessage().contains("more than one"), e.getMessage());
    }

    @Test
    void aKeyNamedByUrlInTheMessageIsRefused() {
        // x5u: the one key-naming header the attack suite does not send (jwk, jku and x5c are there).
        assertEquals("response.signature-invalid", codeFor(h -> h.x509CertURL(URI.create("https://attacker.example/c.pem")), c -> c));
    }

    @Test
    void anEmbeddedChainAloneIsRefused() {
        assertEquals("response.signature-invalid", codeFor(h -> h.x509CertChain(List.of(new Base64("AAAA"))), c -> c));
    }

    @Test
    void aSignatureWithoutKidIsAnUnknownKey() {
        assertEquals("response.unknown-key", codeFor(h -> h.keyID(null), c -> c));
    }

    @Test
    void aSignatureWithoutTypIsRefused() {
        assertEquals("response.signature-invalid", codeFor(h -> h.type(null), c -> c));
    }

    @Test
    void ps256IsAllowedButOnlyWithAMatchingKey() {
        // PS256 passes the algorithm check; the provider's EC key cannot verify it.
        KetnoiResponse r = response(200, sent(REQUEST_ID, SENT_SIGNATURE), psSigned());
        assertEquals("response.signature-invalid", refused(r).errorCode());
    }

    private static String psSigned() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair rsa = g.generateKeyPair();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256)
                    .type(new JOSEObjectType(ResponseVerifier.RESPONSE_TYPE)).keyID(KID).build(), goodClaims().build());
            jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(rsa.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anotherKeyUnderTheProvidersKidIsRefused() {
        KetnoiResponse r = response(200, sent(REQUEST_ID, SENT_SIGNATURE), sign(goodHeader(), goodClaims(), OTHER));
        assertEquals("response.signature-invalid", refused(r).errorCode());
    }

    @Test
    void aMissingIssuerIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.issuer(null)));
    }

    @Test
    void anotherAudienceIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.audience("VN:GOV:000.00.19.H45")));
    }

    @Test
    void anAudienceNamingAnotherAgencyBesideUsIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.audience(List.of(AGENCY, "VN:GOV:000.00.19.H45"))));
    }

    @Test
    void anotherRequestIdIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.claim("xri", "req-2")));
    }

    @Test
    void aRequestWithoutIdCannotBeMatchedEvenByAResponseWithoutXri() {
        KetnoiResponse r = response(200, sent(null, SENT_SIGNATURE), sign(goodHeader(), goodClaims().claim("xri", null), PROVIDER));
        assertEquals("response.binding-mismatch", refused(r).errorCode());
    }

    @Test
    void aNonStringXriIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.claim("xri", 1)));
    }

    @Test
    void theHashOfAnotherRequestSignatureIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.claim("rqh", Jose.sha256("another.request.signature"))));
    }

    @Test
    void anUnsignedRequestIsBoundByTheHashOfTheEmptyString() {
        KetnoiResponse r = response(200, sent(REQUEST_ID, null),
                sign(goodHeader(), goodClaims().claim("rqh", Jose.sha256("")), PROVIDER));
        assertDoesNotThrow(() -> verifier().verify(r, NOW.plusSeconds(5)));
    }

    @Test
    void aStatusWrittenAsTextIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.claim("sts", "200")));
    }

    @Test
    void anotherStatusIsABindingMismatch() {
        assertEquals("response.binding-mismatch", codeFor(h -> h, c -> c.claim("sts", 404)));
    }

    @Test
    void theDigestOfAnotherBodyIsADigestMismatch() {
        assertEquals("response.digest-mismatch", codeFor(h -> h, c -> c.claim("bdh", Jose.sha256("{}".getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void aSignatureWithoutIatIsRefused() {
        assertEquals("response.signature-invalid", codeFor(h -> h, c -> c.issueTime(null)));
    }

    @Test
    void theSkewIsHonouredToTheSecondOnBothSides() {
        accepted(c -> c.issueTime(Date.from(NOW.minus(SKEW))));
        accepted(c -> c.issueTime(Date.from(NOW.plus(SKEW))));
        assertEquals("response.stale", codeFor(h -> h, c -> c.issueTime(Date.from(NOW.minus(SKEW).minusSeconds(1)))));
        assertEquals("response.stale", codeFor(h -> h, c -> c.issueTime(Date.from(NOW.plus(SKEW).plusSeconds(1)))));
    }

    @Test
    @DisplayName("The stale refusal names the skew it applied")
    void theStaleRefusalNamesTheSkew() {
        KetnoiResponse r = response(200, sent(REQUEST_ID, SENT_SIGNATURE),
                sign(goodHeader(), goodClaims().issueTime(Date.from(NOW.minusSeconds(3600))), PROVIDER));
        assertEquals(true, refused(r).getMessage().contains("60 s"));
    }
}
