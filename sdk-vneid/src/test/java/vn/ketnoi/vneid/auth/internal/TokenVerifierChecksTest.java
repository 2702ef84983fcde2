package vn.ketnoi.vneid.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.auth.TokenCheck;
import vn.ketnoi.vneid.auth.TokenValidationException;

/**
 * The ID-token and userinfo checks of {@link TokenVerifier} that a sign-in through the sandbox
 * cannot reach: claims missing altogether, a mistyped claim, a signed userinfo naming another
 * issuer or audience, an encrypted token under an algorithm the registered key must not accept.
 * The provider's key is the test's own, served to a {@link JwksCache}; each case kills a mutant
 * PIT found surviving the sandbox round trips of {@code IdTokenChecksTest} and {@code VneidLoginTest}.
 */
class TokenVerifierChecksTest {
    private static final String ISSUER = "https://vneid.test";
    private static final String CLIENT = "VN:GOV:000.00.15.H29";
    private static final Instant NOW = Instant.parse("2026-07-01T03:00:00Z");
    private static final KeyPair PROVIDER = pair("EC");
    private static final KeyPair RSA = pair("RSA");
    private static final KeyPair CLIENT_EC = pair("EC");

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

    private static TokenVerifier verifier(PrivateKey decryptionKey) {
        String jwks = new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) PROVIDER.getPublic()).keyID("p-1").build())
                .toString();
        JwksCache keys = new JwksCache(URI.create("https://vneid.test/jwks"), (request, deadline) -> new KetnoiResponse(200,
                HttpHeaders.builder().add("Content-Type", "application/json").build(),
                jwks.getBytes(StandardCharsets.UTF_8), request), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
        return new TokenVerifier(ISSUER, CLIENT, Set.of("ES256", "PS256"), Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC), keys, decryptionKey);
    }

    private static JWTClaimsSet.Builder idToken() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT).subject("citizen-1").claim("nonce", "n-1")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private static String signed(JWTClaimsSet.Builder claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("p-1").build(), claims.build());
            jwt.sign(new ECDSASigner((ECPrivateKey) PROVIDER.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static TokenValidationException idTokenRefused(UnaryOperator<JWTClaimsSet.Builder> change, String nonce) {
        return assertThrows(TokenValidationException.class,
                () -> verifier(null).verifyIdToken(signed(change.apply(idToken())), nonce, null));
    }

    @Test
    void anIdTokenAsTheProviderSignsItPasses() {
        assertEquals("citizen-1", verifier(null).verifyIdToken(signed(idToken()), "n-1", null).getSubject());
    }

    @Test
    void anIdTokenWithoutAudienceIsRefused() {
        assertEquals(TokenCheck.AUDIENCE, idTokenRefused(c -> c.audience((String) null), "n-1").check());
    }

    @Test
    void anAuthorizedPartyOtherThanThisClientIsRefused() {
        // azp names the party the token was issued to; a token for another client is not ours,
        // even when our id is among its audiences.
        assertEquals(TokenCheck.AUTHORIZED_PARTY,
                idTokenRefused(c -> c.audience(List.of(CLIENT, "VN:GOV:other")).claim("azp", "VN:GOV:other"), "n-1").check());
        assertEquals(TokenCheck.AUTHORIZED_PARTY, idTokenRefused(c -> c.claim("azp", "VN:GOV:other"), "n-1").check());
    }

    @Test
    void severalAudiencesWithThisClientAsAuthorizedPartyPass() {
        assertEquals("citizen-1", verifier(null).verifyIdToken(signed(idToken()
                .audience(List.of(CLIENT, "VN:GOV:other")).claim("azp", CLIENT)), "n-1", null).getSubject());
    }

    @Test
    void anIdTokenWithoutTheNonceSentIsRefused() {
        TokenValidationException e = idTokenRefused(c -> c.claim("nonce", null), "n-1");
        assertEquals(TokenCheck.NONCE, e.check());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aNonceThatIsNotAStringIsMalformedAndKeepsItsCause() {
        TokenValidationException e = idTokenRefused(c -> c.claim("nonce", 7), "n-1");
        assertEquals(TokenCheck.MALFORMED, e.check());
        assertTrue(e.getCause() != null, "the parse failure is kept as the cause");
    }

    @Test
    void somethingThatIsNotAJwtIsMalformed() {
        TokenValidationException e = assertThrows(TokenValidationException.class,
                () -> verifier(null).verifyIdToken("a.b.c", "n-1", null));
        assertEquals(TokenCheck.MALFORMED, e.check());
    }

    @Test
    void aRefusedAlgorithmIsNamedInTheMessage() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("p-1").build(), idToken().build());
            jwt.sign(new com.nimbusds.jose.crypto.MACSigner(new byte[32]));
            TokenValidationException e = assertThrows(TokenValidationException.class,
                    () -> verifier(null).verifyIdToken(jwt.serialize(), "n-1", null));
            assertEquals(TokenCheck.ALGORITHM, e.check());
            assertTrue(e.getMessage().contains("alg HS256 "), e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- signed userinfo ----

    @Test
    void signedUserinfoFromTheProviderForThisClientPasses() {
        TokenVerifier v = verifier(null);
        assertEquals("citizen-1", v.verifyUserInfo(signed(new JWTClaimsSet.Builder().subject("citizen-1")), false).getSubject());
        assertEquals("citizen-1", v.verifyUserInfo(signed(new JWTClaimsSet.Builder().subject("citizen-1").issuer(ISSUER)
                .audience(List.of("VN:GOV:other", CLIENT))), false).getSubject());
    }

    @Test
    void signedUserinfoFromAnotherIssuerIsRefused() {
        TokenValidationException e = assertThrows(TokenValidationException.class, () -> verifier(null)
                .verifyUserInfo(signed(new JWTClaimsSet.Builder().subject("citizen-1").issuer("https://evil.example")), false));
        assertEquals(TokenCheck.ISSUER, e.check());
    }

    @Test
    void signedUserinfoForAnotherClientIsRefused() {
        TokenValidationException e = assertThrows(TokenValidationException.class, () -> verifier(null)
                .verifyUserInfo(signed(new JWTClaimsSet.Builder().subject("citizen-1").audience("VN:GOV:other")), false));
        assertEquals(TokenCheck.AUDIENCE, e.check());
    }

    @Test
    void signedUserinfoWithAnEmptyAudienceListIsAccepted() {
        // aud present but empty names nobody, so it restricts nothing (OpenID Connect Core 5.3.2).
        assertEquals("citizen-1", verifier(null).verifyUserInfo(
                signed(new JWTClaimsSet.Builder().subject("citizen-1").audience(List.of())), false).getSubject());
    }

    // ---- encryption ----

    @Test
    void anEcDecryptionKeyRefusesRsaKeyWrapping() throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                new Payload(signed(idToken())));
        jwe.encrypt(new RSAEncrypter((RSAPublicKey) RSA.getPublic()));
        TokenValidationException e = assertThrows(TokenValidationException.class,
                () -> verifier(CLIENT_EC.getPrivate()).verifyIdToken(jwe.serialize(), "n-1", null));
        assertEquals(TokenCheck.ENCRYPTION, e.check());
        assertTrue(e.getMessage().contains("EC key"), e.getMessage());
    }

    @Test
    void anEcDecryptionKeyOpensEcdhEs() throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM),
                new Payload(signed(idToken())));
        jwe.encrypt(new ECDHEncrypter((ECPublicKey) CLIENT_EC.getPublic()));
        assertEquals("citizen-1", verifier(CLIENT_EC.getPrivate()).verifyIdToken(jwe.serialize(), "n-1", null).getSubject());
    }

    @Test
    void aJweThatDoesNotParseIsMalformed() {
        TokenValidationException e = assertThrows(TokenValidationException.class,
                () -> verifier(CLIENT_EC.getPrivate()).verifyIdToken("a.b.c.d.e", "n-1", null));
        assertEquals(TokenCheck.MALFORMED, e.check());
        assertTrue(e.getCause() != null);
    }
}
