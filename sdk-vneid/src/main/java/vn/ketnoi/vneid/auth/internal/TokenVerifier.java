package vn.ketnoi.vneid.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.vneid.auth.TokenCheck;
import vn.ketnoi.vneid.auth.TokenValidationException;

/**
 * Validates ID tokens (OpenID Connect Core 3.1.3.7) and signed userinfo responses (5.3.2), in a
 * fixed order, and names the first check that fails. The provider's keys come from a
 * {@link JwksCache}: its keys are trusted for a bounded time, an unknown {@code kid} or a signature
 * that fails under a known one refreshes the key set once, so rotated (or re-keyed) keys are picked
 * up without a restart and withdrawn ones stop verifying, and forged input cannot make the client
 * hammer the provider.
 */
public final class TokenVerifier {
    private static final Set<JWEAlgorithm> RSA_KEY_ALGS = Set.of(JWEAlgorithm.RSA_OAEP_256);
    private static final Set<JWEAlgorithm> EC_KEY_ALGS = Set.of(JWEAlgorithm.ECDH_ES_A256KW, JWEAlgorithm.ECDH_ES);

    private final String issuer;
    private final String clientId;
    private final Set<String> algorithms;
    private final Duration skew;
    private final Clock clock;
    private final JwksCache keys;
    private final PrivateKey decryptionKey;

    public TokenVerifier(String issuer, String clientId, Set<String> algorithms, Duration skew, Clock clock,
                         JwksCache keys, PrivateKey decryptionKey) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.algorithms = Set.copyOf(algorithms);
        this.skew = skew;
        this.clock = clock;
        this.keys = keys;
        this.decryptionKey = decryptionKey;
    }

    /**
     * The decrypted, still-signed form of an ID token: the JWS itself, or the JWE's content. With a
     * decryption key registered, an ID token must come encrypted.
     */
    public String unwrap(String token) {
        return unwrap(token, decryptionKey != null);
    }

    /** {@code mustBeEncrypted}: whether a plain JWS is refused (ID tokens with a key; userinfo when required). */
    private String unwrap(String token, boolean mustBeEncrypted) {
        int dots = countDots(token);
        if (dots == 4) {
            if (decryptionKey == null) {
                throw fail(TokenCheck.ENCRYPTION, "the token is encrypted but no decryption key is configured");
            }
            return decrypt(token);
        }
        if (dots != 2) {
            throw fail(TokenCheck.MALFORMED, "the token is neither a JWS nor a JWE in compact form");
        }
        if (mustBeEncrypted) {
            throw fail(TokenCheck.ENCRYPTION, "an encryption key is registered but the token is not encrypted");
        }
        return token;
    }

    /**
     * Validates an ID token.
     *
     * @param token         the token as received (JWS, or JWE when an encryption key is registered)
     * @param expectedNonce the nonce sent, or {@code null} for flows without one (CIBA)
     * @param accessToken   the access token issued with it, for {@code at_hash}
     * @return the claims
     */
    public JWTClaimsSet verifyIdToken(String token, String expectedNonce, String accessToken) {
        SignedJWT jwt = verifySignature(unwrap(token));
        JWTClaimsSet c = claims(jwt);
        Instant now = clock.instant();
        if (!issuer.equals(c.getIssuer())) {
            throw fail(TokenCheck.ISSUER, "iss is not the provider's issuer");
        }
        List<String> aud = c.getAudience();
        if (aud == null || !aud.contains(clientId)) {
            throw fail(TokenCheck.AUDIENCE, "aud does not contain this client's id");
        }
        String azp = string(c, "azp");
        if (aud.size() > 1 && azp == null) {
            throw fail(TokenCheck.AUTHORIZED_PARTY, "aud names several parties but azp is missing");
        }
        if (azp != null && !azp.equals(clientId)) {
            throw fail(TokenCheck.AUTHORIZED_PARTY, "azp is not this client's id");
        }
        Date exp = c.getExpirationTime();
        if (exp == null) {
            throw fail(TokenCheck.EXPIRED, "exp is missing");
        }
        if (!now.isBefore(exp.toInstant().plus(skew))) {
            throw fail(TokenCheck.EXPIRED, "the token expired at " + exp.toInstant());
        }
        Date iat = c.getIssueTime();
        if (iat == null) {
            throw fail(TokenCheck.ISSUED_AT, "iat is missing");
        }
        if (iat.toInstant().isAfter(now.plus(skew))) {
            throw fail(TokenCheck.ISSUED_AT, "iat lies in the future");
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(skew))) {
            throw fail(TokenCheck.NOT_YET_VALID, "the token is not valid before " + nbf.toInstant());
        }
        if (expectedNonce != null) {
            String nonce = string(c, "nonce");
            if (nonce == null || !MessageDigest.isEqual(nonce.getBytes(StandardCharsets.UTF_8),
                    expectedNonce.getBytes(StandardCharsets.UTF_8))) {
                throw fail(TokenCheck.NONCE, nonce == null ? "nonce is missing" : "nonce is not the one sent");
            }
        }
        String atHash = string(c, "at_hash");
        if (atHash != null && accessToken != null) {
            String expected = halfHash(jwt.getHeader().getAlgorithm(), accessToken);
            if (!MessageDigest.isEqual(atHash.getBytes(StandardCharsets.US_ASCII),
                    expected.getBytes(StandardCharsets.US_ASCII))) {
                throw fail(TokenCheck.AT_HASH, "at_hash does not match the access token");
            }
        }
        if (c.getSubject() == null || c.getSubject().isEmpty()) {
            throw fail(TokenCheck.SUBJECT, "sub is missing");
        }
        return c;
    }

    /**
     * Validates a signed (perhaps encrypted) userinfo response: signature, and iss and aud when
     * present. OpenID registers userinfo encryption apart from the ID token's, so a signed JWT
     * that is not encrypted is refused only when {@code mustBeEncrypted}.
     */
    public JWTClaimsSet verifyUserInfo(String token, boolean mustBeEncrypted) {
        SignedJWT jwt = verifySignature(unwrap(token, mustBeEncrypted));
        JWTClaimsSet c = claims(jwt);
        if (c.getIssuer() != null && !issuer.equals(c.getIssuer())) {
            throw fail(TokenCheck.ISSUER, "the userinfo iss is not the provider's issuer");
        }
        if (c.getAudience() != null && !c.getAudience().isEmpty() && !c.getAudience().contains(clientId)) {
            throw fail(TokenCheck.AUDIENCE, "the userinfo aud does not contain this client's id");
        }
        return c;
    }

    private SignedJWT verifySignature(String jws) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(jws);
        } catch (ParseException e) {
            throw fail(TokenCheck.MALFORMED, "the token does not parse as a JWT", e);
        }
        if (parsed instanceof PlainJWT) {
            throw fail(TokenCheck.ALGORITHM, "alg none is never accepted");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw fail(TokenCheck.MALFORMED, "a signed JWT was expected");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (alg == null || !algorithms.contains(alg.getName())) {
            throw fail(TokenCheck.ALGORITHM, "alg " + (alg == null ? "(missing)" : Untrusted.text(alg.getName(), 64))
                    + " is not in the allow-list " + algorithms);
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null) {
            throw fail(TokenCheck.UNKNOWN_KEY, "the token names no kid");
        }
        // The key fetcher applies the client's own call timeout, so no deadline is passed down.
        JwksCache.Outcome outcome = keys.verify(kid, v -> {
            try {
                return v.supportedJWSAlgorithms().contains(alg) && jwt.verify(v);
            } catch (JOSEException | IllegalStateException e) {
                return false;
            }
        }, null);
        if (outcome == JwksCache.Outcome.UNKNOWN_KEY) {
            throw fail(TokenCheck.UNKNOWN_KEY, "no key of the provider has this kid, after refreshing its key set");
        }
        if (outcome != JwksCache.Outcome.VERIFIED) {
            throw fail(TokenCheck.SIGNATURE, "the signature does not verify with the provider's key " + Untrusted.text(kid, 128));
        }
        return jwt;
    }

    private String decrypt(String jwe) {
        try {
            JWEObject o = JWEObject.parse(jwe);
            JWEAlgorithm alg = o.getHeader().getAlgorithm();
            JWEDecrypter d;
            if (decryptionKey instanceof ECPrivateKey ec) {
                if (!EC_KEY_ALGS.contains(alg)) {
                    throw fail(TokenCheck.ENCRYPTION, "JWE alg " + Untrusted.text(String.valueOf(alg), 64) + " is not allowed for an EC key");
                }
                d = new ECDHDecrypter(ec);
            } else {
                if (!RSA_KEY_ALGS.contains(alg)) {
                    throw fail(TokenCheck.ENCRYPTION, "JWE alg " + Untrusted.text(String.valueOf(alg), 64) + " is not allowed for an RSA key");
                }
                d = new RSADecrypter(decryptionKey);
            }
            o.decrypt(d);
            String inner = o.getPayload().toString();
            if (countDots(inner) != 2) {
                throw fail(TokenCheck.ENCRYPTION, "the encrypted content is not a signed JWT");
            }
            return inner;
        } catch (ParseException e) {
            throw fail(TokenCheck.MALFORMED, "the JWE does not parse", e);
        } catch (JOSEException e) {
            throw fail(TokenCheck.ENCRYPTION, "the JWE does not decrypt with the registered key", e);
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw fail(TokenCheck.MALFORMED, "the claims do not parse", e);
        }
    }

    private static String string(JWTClaimsSet c, String name) {
        try {
            return c.getStringClaim(name);
        } catch (ParseException e) {
            throw fail(TokenCheck.MALFORMED, name + " is not a string", e);
        }
    }

    /** at_hash: base64url of the left half of the hash the JWS algorithm uses (Core 3.1.3.6). */
    static String halfHash(JWSAlgorithm alg, String accessToken) {
        String name = alg.getName();
        String digest = name.endsWith("384") ? "SHA-384" : name.endsWith("512") || name.equals("EdDSA")
                ? "SHA-512" : "SHA-256";
        try {
            byte[] h = MessageDigest.getInstance(digest).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, h.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is missing from this JVM", e);
        }
    }

    private static int countDots(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '.') {
                n++;
            }
        }
        return n;
    }

    private static TokenValidationException fail(TokenCheck check, String message) {
        return new TokenValidationException(check, message, null);
    }

    private static TokenValidationException fail(TokenCheck check, String message, Throwable cause) {
        return new TokenValidationException(check, message, cause);
    }
}
