package vn.ketnoi.core.internal.crypto;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Checks a provider response's {@code Ketnoi-Signature} ({@code docs/protocol.md} section 5)
 * against the request that was actually sent for it. Thread-safe.
 */
public final class ResponseVerifier {
    public static final String RESPONSE_TYPE = "ketnoi-response+jwt";
    private static final String APPLICATION_RESPONSE_TYPE = "application/" + RESPONSE_TYPE;
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.PS256);

    private final JwksCache keys;
    private final String issuer;
    private final String agencyId;
    private final Clock clock;
    private final Duration skew;

    public ResponseVerifier(JwksCache keys, String issuer, String agencyId, Clock clock, Duration skew) {
        this.keys = keys;
        this.issuer = issuer;
        this.agencyId = agencyId;
        this.clock = clock;
        this.skew = skew;
    }

    public void verify(KetnoiResponse response, Instant deadline) {
        KetnoiRequest sent = response.request();
        String requestId = sent.headers().first("X-Road-Id").orElse(null);
        int status = response.status();
        List<String> values = response.headers().all("Ketnoi-Signature");
        if (values.size() != 1) {
            throw fail(status, "response.signature-missing", requestId, values.isEmpty()
                    ? "The response carries no signature" : "The response carries more than one signature");
        }
        SignedJWT jws;
        JWTClaimsSet claims;
        try {
            jws = SignedJWT.parse(values.get(0));
            claims = jws.getJWTClaimsSet();
        } catch (ParseException e) {
            throw fail(status, "response.signature-invalid", requestId, "The response signature is not a well-formed JWS");
        }
        if (!ALLOWED.contains(jws.getHeader().getAlgorithm())) {
            throw fail(status, "response.signature-invalid", requestId,
                    "The response signature uses an algorithm that is not allowed: "
                            + Untrusted.text(String.valueOf(jws.getHeader().getAlgorithm()), 64));
        }
        if (!isResponseType(jws.getHeader().getType())) {
            throw fail(status, "response.signature-invalid", requestId, "The response signature has the wrong typ");
        }
        if (jws.getHeader().getJWK() != null || jws.getHeader().getJWKURL() != null
                || jws.getHeader().getX509CertChain() != null || jws.getHeader().getX509CertURL() != null) {
            // Keys come from the configured JWKS only, never from the message itself.
            throw fail(status, "response.signature-invalid", requestId,
                    "The response signature names its own key (jwk, jku, x5c or x5u); refused");
        }
        JwksCache.Outcome outcome = keys.verify(jws.getHeader().getKeyID(), v -> verifies(jws, v), deadline);
        if (outcome == JwksCache.Outcome.UNKNOWN_KEY) {
            throw fail(status, "response.unknown-key", requestId,
                    "The response is signed with a key the provider does not publish");
        }
        if (outcome != JwksCache.Outcome.VERIFIED) {
            throw fail(status, "response.signature-invalid", requestId, "The response signature does not verify");
        }
        check(issuer.equals(claims.getIssuer()), status, requestId, "iss");
        check(claims.getAudience().equals(List.of(agencyId)), status, requestId, "aud");
        check(requestId != null && requestId.equals(claimString(claims, "xri")), status, requestId, "xri");
        // Section 5: rqh covers the one signature sent, or the empty string when there was not exactly one
        // (the provider's signed signature.missing answer to a doubled header is bound to "").
        List<String> sentSignatures = sent.headers().all("Ketnoi-Signature");
        String sentSignature = sentSignatures.size() == 1 ? sentSignatures.get(0) : "";
        check(Jose.sha256(sentSignature).equals(claimString(claims, "rqh")), status, requestId, "rqh");
        Object sts = claims.getClaim("sts");
        check(sts instanceof Number n && n.intValue() == status, status, requestId, "sts");
        if (!Jose.sha256(response.body()).equals(claimString(claims, "bdh"))) {
            throw fail(status, "response.digest-mismatch", requestId, "The response body is not the one the provider signed");
        }
        if (claims.getIssueTime() == null) {
            throw fail(status, "response.signature-invalid", requestId, "The response signature has no iat");
        }
        Instant iat = claims.getIssueTime().toInstant();
        Instant now = clock.instant();
        if (iat.isBefore(now.minus(skew)) || iat.isAfter(now.plus(skew))) {
            throw fail(status, "response.stale", requestId,
                    "The response was signed at a time more than " + skew.toSeconds() + " s from our clock");
        }
    }

    /** Section 4 "typ": a media type, so letter case and an "application/" prefix do not matter. */
    static boolean isResponseType(JOSEObjectType typ) {
        if (typ == null) {
            return false;
        }
        String t = typ.getType().toLowerCase(java.util.Locale.ROOT);
        return t.equals(RESPONSE_TYPE) || t.equals(APPLICATION_RESPONSE_TYPE);
    }

    private static boolean verifies(SignedJWT jws, JWSVerifier v) {
        try {
            return jws.verify(v);
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static String claimString(JWTClaimsSet claims, String name) {
        Object v = claims.getClaim(name);
        return v instanceof String s ? s : null;
    }

    private static void check(boolean ok, int status, String requestId, String claim) {
        if (!ok) {
            throw fail(status, "response.binding-mismatch", requestId,
                    "The response signature's " + claim + " claim does not match this request");
        }
    }

    private static ResponseVerificationException fail(int status, String code, String requestId, String message) {
        return new ResponseVerificationException(message, status, code, requestId, null);
    }
}
