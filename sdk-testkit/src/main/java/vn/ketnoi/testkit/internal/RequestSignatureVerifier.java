package vn.ketnoi.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import vn.ketnoi.core.internal.crypto.CanonicalUrl;
import vn.ketnoi.testkit.SandboxAgency;

/** The request-signature checks of protocol section 4, in the order the protocol gives. */
public final class RequestSignatureVerifier {

    private static final long MAX_SKEW_SECONDS = 60;
    private static final long REPLAY_WINDOW_SECONDS = 120;
    private static final String TYP = "ketnoi-request+jwt";
    private static final String[] REQUIRED_STRINGS = {"htm", "srv", "pth", "jti", "bdh", "xrc", "xri", "xru", "pur",
        "ath"};
    /** The protocol version of request signatures this provider accepts: 2 only (version 1's htu is retired). */
    static final int VERSION = 2;
    private static final String[] OPTIONAL_STRINGS = {"xrs", "idk"};

    /**
     * What the signature is checked against: the request as the provider received it.
     *
     * @param target the request-target as received: path and query, without scheme or host
     */
    public record SignedRequest(
            String[] signatureHeaders,
            String method,
            String target,
            String client,
            String requestId,
            String userId,
            String issue,
            String purpose,
            String idempotencyKey,
            String accessToken,
            byte[] body) {
    }

    private final Function<String, SandboxAgency> agencies;
    private final Clock clock;
    private final ServiceMounts mounts;
    private final ReplayCache nonces = new ReplayCache();

    /**
     * @param agencies agency by id, or null
     * @param clock the provider's clock
     * @param mounts the services and the path prefixes they are mounted at
     */
    public RequestSignatureVerifier(Function<String, SandboxAgency> agencies, Clock clock, ServiceMounts mounts) {
        this.agencies = agencies;
        this.clock = clock;
        this.mounts = mounts;
    }

    /**
     * Runs the checks.
     *
     * @return null when the request passes (its nonce is then recorded), else the error code
     */
    public String verify(SignedRequest r) {
        // 1. Present exactly once, a JWS, the right typ, claims of the right types.
        if (r.signatureHeaders().length != 1) {
            return "signature.missing";
        }
        String value = r.signatureHeaders()[0];
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3) {
            return "signature.malformed";
        }
        JsonNode header = decodeObject(parts[0]);
        JsonNode claims = decodeObject(parts[1]);
        if (header == null || claims == null || !isTyp(header.get("typ")) || !claimsWellTyped(claims)) {
            return "signature.malformed";
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            return "signature.malformed";
        }
        // 2. Algorithm allow-list; "none" and HS* end here.
        JWSAlgorithm algorithm;
        if ("ES256".equals(alg.asText())) {
            algorithm = JWSAlgorithm.ES256;
        } else if ("PS256".equals(alg.asText())) {
            algorithm = JWSAlgorithm.PS256;
        } else {
            return "signature.algorithm-not-allowed";
        }
        // 3. The kid is registered for the agency named in X-Road-Client.
        SandboxAgency agency = agencies.apply(r.client());
        JsonNode kid = header.get("kid");
        if (agency == null || kid == null || !kid.isTextual() || !agency.keyId().equals(kid.asText())) {
            return "signature.unknown-key";
        }
        // 4. The signature verifies.
        try {
            JWSObject jws = JWSObject.parse(value);
            JWSVerifier verifier = TokenService.verifier(algorithm, agency);
            if (verifier == null || !jws.verify(verifier)) {
                return "signature.invalid";
            }
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return "signature.invalid";
        }
        // 5. Fresh, in either direction.
        Instant now = clock.instant();
        double iat = claims.get("iat").asDouble();
        if (Math.abs(now.getEpochSecond() - iat) > MAX_SKEW_SECONDS) {
            return "signature.stale";
        }
        // 6. Bound to this method, the service the request reached and the path within it (not
        // the URL a gateway forwarded it to), the exchange headers and the token.
        if (!text(claims, "htm").equals(r.method())
                || !sameService(text(claims, "srv"), text(claims, "pth"), r.target())
                || !text(claims, "xrc").equals(r.client())
                || !text(claims, "xri").equals(r.requestId())
                || !text(claims, "xru").equals(r.userId())
                || !Objects.equals(text(claims, "xrs"), r.issue())
                || !text(claims, "pur").equals(r.purpose())
                || !Objects.equals(text(claims, "idk"), r.idempotencyKey())
                || !text(claims, "ath").equals(Texts.sha256B64(r.accessToken()))) {
            return "signature.binding-mismatch";
        }
        // 7. The body is the one signed.
        if (!text(claims, "bdh").equals(Texts.sha256B64(r.body()))) {
            return "signature.digest-mismatch";
        }
        // 8. Recorded only now, so a forged request cannot burn a legitimate nonce.
        if (!nonces.record(agency.id(), text(claims, "jti"), now, now.plusSeconds(REPLAY_WINDOW_SECONDS))) {
            return "signature.replayed";
        }
        return null;
    }

    private static boolean isTyp(JsonNode typ) {
        if (typ == null || !typ.isTextual()) {
            return false;
        }
        // RFC 7515 4.1.9: the "application/" prefix may be left out, and media types compare case-insensitively.
        String t = typ.asText().toLowerCase(Locale.ROOT);
        return t.equals(TYP) || t.equals("application/" + TYP);
    }

    private static boolean claimsWellTyped(JsonNode claims) {
        for (String name : REQUIRED_STRINGS) {
            JsonNode n = claims.get(name);
            if (n == null || !n.isTextual()) {
                return false;
            }
        }
        for (String name : OPTIONAL_STRINGS) {
            JsonNode n = claims.get(name);
            if (n != null && !n.isTextual()) {
                return false;
            }
        }
        JsonNode iat = claims.get("iat");
        JsonNode ver = claims.get("ver");
        return iat != null && iat.isNumber() && ver != null && ver.isIntegralNumber() && ver.asInt() == VERSION
                && ver.canConvertToInt();
    }

    /**
     * Whether {@code srv} is the id of the service the request reached and {@code pth} the
     * received path within it, both in canonical form: the same path in any equivalent spelling.
     */
    private boolean sameService(String srv, String pth, String target) {
        String received;
        String signed;
        try {
            received = CanonicalUrl.path(target);
            signed = CanonicalUrl.path(pth);
        } catch (IllegalArgumentException e) {
            return false;
        }
        ServiceMounts.Mount mount = mounts.of(received);
        return mount != null && mount.service().toString().equals(srv)
                && ServiceMounts.within(mount, received).equals(signed);
    }

    private static String text(JsonNode claims, String name) {
        JsonNode n = claims.get(name);
        return n == null ? null : n.asText();
    }

    private static JsonNode decodeObject(String part) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return null;
        }
        JsonNode n = Json.parse(bytes);
        return n != null && n.isObject() ? n : null;
    }

    /** Protocol section 4, "Canonical URLs": the same URL in any equivalent spelling. */
    static boolean sameUrl(String signed, String received) {
        return CanonicalUrl.same(signed, received);
    }
}
