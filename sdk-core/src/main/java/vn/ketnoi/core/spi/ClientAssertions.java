package vn.ketnoi.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jwt.JWTClaimsSet;
import vn.ketnoi.core.internal.crypto.Jose;

/**
 * The one policy for client assertions ({@code private_key_jwt}, RFC 7523), to the Ketnoi token
 * endpoint (protocol section 2) and to VNeID (section 9.3): {@code iss} = {@code sub} = the client,
 * a fresh {@code jti} of 144 random bits, {@code iat} = now, and
 *
 * <pre>
 *   exp = iat + 60 s + clockSkew   (at most iat + 300 s, the protocol's limit)
 * </pre>
 *
 * An assertion is made just before it is sent and used once (the provider remembers its
 * {@code jti}): 60 seconds cover the exchange, and the configured clock skew covers a provider
 * whose clock runs ahead of ours, as it does for the answers we verify. {@code iat} is never
 * backdated: a provider refuses an {@code iat} more than 60 s in its future, which a host within
 * the skew of the provider's clock never sends. Written down in {@code docs/protocol.md} sections
 * 2 and 9.3 and {@code docs/security.md}.
 */
public final class ClientAssertions {
    /** The time an assertion is made for: sent at once and used once. */
    public static final Duration USE_WINDOW = Duration.ofSeconds(60);
    /** The protocol's limit on {@code exp - iat}. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(300);

    private ClientAssertions() {
    }

    /**
     * {@code exp - iat} for a configured clock skew.
     *
     * @param clockSkew the clock skew allowed
     * @return the lifetime
     */
    public static Duration lifetime(Duration clockSkew) {
        Duration d = USE_WINDOW.plus(clockSkew);
        return d.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : d;
    }

    /**
     * The claims of one assertion.
     *
     * @param client   the client id: the agency id, or the VNeID client id
     * @param audience the canonical URL the receiving side expects
     * @param now the time of signing
     * @param clockSkew the clock skew allowed
     * @return the claims
     */
    public static JWTClaimsSet claims(String client, String audience, Instant now, Duration clockSkew) {
        Instant iat = Instant.ofEpochSecond(now.getEpochSecond()); // JWT times are whole seconds
        return new JWTClaimsSet.Builder()
                .issuer(client)
                .subject(client)
                .audience(audience)
                .jwtID(Jose.nonce(18))
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(iat.plus(lifetime(clockSkew))))
                .build();
    }
}
