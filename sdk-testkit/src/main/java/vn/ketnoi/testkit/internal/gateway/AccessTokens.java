package vn.ketnoi.testkit.internal.gateway;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The gateway's own bearer tokens: opaque random strings, remembered with the application they
 * were issued to and their expiry. They mean nothing to the provider, and the provider's access
 * tokens mean nothing here: the two credentials are separate layers.
 */
public final class AccessTokens {
    private record Issued(String applicationKey, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Duration lifetime;

    public AccessTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** {@return a new token for the application} */
    public String issue(String applicationKey) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant();
        issued.values().removeIf(i -> !i.expires().isAfter(now));
        issued.put(token, new Issued(applicationKey, now.plus(lifetime)));
        return token;
    }

    /** {@return the lifetime of tokens issued from now on} */
    public Duration lifetime() {
        return lifetime;
    }

    public void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** {@return the key of the application the token was issued to, or null when unknown or expired} */
    public @Nullable String applicationOf(String token) {
        Issued i = issued.get(token);
        return i == null || !i.expires().isAfter(clock.instant()) ? null : i.applicationKey();
    }

    /** Forgets every token issued so far: the next request with one of them is refused with 401. */
    public void revokeAll() {
        issued.clear();
    }
}
