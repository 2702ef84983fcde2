package vn.ketnoi.core.internal.crypto;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.spi.ClientAssertions;

/**
 * Signs requests as {@code docs/protocol.md} section 4 says (version 2: {@code srv}, {@code pth},
 * {@code ver}), and makes client assertions (section 2). Thread-safe; built once per client, so the key is parsed once.
 */
public final class RequestSigner {
    public static final String REQUEST_TYPE = "ketnoi-request+jwt";

    private final AgencyCredentials credentials;
    private final JWSSigner signer;
    private final JWSHeader requestHeader;
    private final JWSHeader assertionHeader;
    private final String agencyId;
    private final Clock clock;
    private final Duration clockSkew;

    public RequestSigner(AgencyCredentials credentials, String agencyId, Clock clock) {
        this(credentials, agencyId, clock, Duration.ofSeconds(60));
    }

    /** @param clockSkew the configured clock skew, which widens client assertions ({@link ClientAssertions}) */
    public RequestSigner(AgencyCredentials credentials, String agencyId, Clock clock, Duration clockSkew) {
        this.clockSkew = clockSkew;
        this.credentials = credentials;
        this.signer = Jose.signer(credentials);
        this.agencyId = agencyId;
        this.clock = clock;
        this.requestHeader = new JWSHeader.Builder(Jose.jwsAlgorithm(credentials.algorithm()))
                .keyID(credentials.keyId()).type(new JOSEObjectType(REQUEST_TYPE)).build();
        this.assertionHeader = new JWSHeader.Builder(Jose.jwsAlgorithm(credentials.algorithm()))
                .keyID(credentials.keyId()).type(JOSEObjectType.JWT).build();
    }

    /** The key id every signature and assertion names in its {@code kid} header. */
    public String keyId() {
        return credentials.keyId();
    }

    /** The protocol version of the request signatures made here ({@code ver}). */
    public static final int VERSION = 2;

    /**
     * The {@code Ketnoi-Signature} value for a request (protocol version 2): bound to the service
     * addressed and the path within it, never to the URL it travels to, so that gateways may
     * change host, port and path prefix.
     *
     * @param service     the id of the service addressed ({@code srv})
     * @param pth         the canonical path within the service, with the query ({@link CanonicalUrl#within})
     * @param accessToken the bearer token the request carries
     */
    public String signRequest(String method, ServiceId service, String pth, HttpHeaders headers, byte[] body,
                              String accessToken) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("ver", VERSION)
                .claim("htm", method)
                .claim("srv", service.toString())
                .claim("pth", pth)
                .issueTime(new Date(clock.millis()))
                .jwtID(Jose.nonce(16))
                .claim("bdh", Jose.sha256(body))
                .claim("xrc", headers.first("X-Road-Client").orElse(null))
                .claim("xri", headers.first("X-Road-Id").orElse(null))
                .claim("xru", headers.first("X-Road-UserId").orElse(null))
                .claim("pur", headers.first("Ketnoi-Purpose").orElse(null))
                .claim("ath", Jose.sha256(accessToken));
        headers.first("X-Road-Issue").ifPresent(v -> claims.claim("xrs", v));
        headers.first("Idempotency-Key").ifPresent(v -> claims.claim("idk", v));
        return sign(requestHeader, claims.build());
    }

    /**
     * A client assertion for the token endpoint (RFC 7523), under the one policy of
     * {@link ClientAssertions}. Its {@code aud} is the provider's issuer identifier (protocol
     * section 2, version 2), not the token endpoint's URL, which a gateway changes.
     *
     * @param providerIssuer the configured issuer, as {@link vn.ketnoi.core.ClientConfig#providerIssuer()} gives it
     */
    public String clientAssertion(String providerIssuer) {
        if (providerIssuer == null || providerIssuer.isEmpty()) {
            throw new InvalidInputException("providerIssuer", "is required");
        }
        return sign(assertionHeader, Jose.claimsSet(ClientAssertions.claims(agencyId, providerIssuer, clock.instant(), clockSkew)));
    }

    private String sign(JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            // A token pulled out or an HSM gone: a contract the caller can act on, not a bug. Not
            // retryable: the device does not come back by calling again.
            throw new KetnoiException("The signing key " + credentials.keyId() + " cannot sign: " + e.getMessage(), 0,
                    "signing.failed", null, false, e);
        }
        return jwt.serialize();
    }
}
