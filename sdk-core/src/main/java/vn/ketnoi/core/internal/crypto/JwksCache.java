package vn.ketnoi.core.internal.crypto;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The provider's response-signing keys, fetched once and cached as ready verifiers.
 *
 * <p>After the first load, an unknown {@code kid} triggers one fetch, however many calls meet it at
 * once. A fetch that brought no new key (a forged {@code kid}, or a failed fetch) holds further
 * fetches back for {@link #MIN_REFRESH_INTERVAL}, so forged ids cannot make the client hammer the
 * key endpoint; a fetch that did bring a new key (a real rotation) does not, so two rotations in
 * quick succession never fail a verification. A failed fetch keeps the keys already known, so a
 * short outage of the key endpoint breaks nothing.
 */
public final class JwksCache {
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    private final URI jwksUri;
    private final BiFunction<KetnoiRequest, Instant, KetnoiResponse> fetcher;
    private final Clock clock;
    private volatile Map<String, JWSVerifier> verifiers = Map.of();
    private boolean loaded; // guarded by this
    private Instant lastRefresh = Instant.MIN; // guarded by this; refreshes caused by an unknown kid
    // A refresh that found a key we did not know means the provider really rotated: the next
    // unknown kid may be another real rotation, so it is not held back by the floor. Only a refresh
    // that found nothing new (a forged kid, or a failed fetch) engages the floor.
    private boolean lastRefreshBroughtNewKeys; // guarded by this

    public JwksCache(URI jwksUri, BiFunction<KetnoiRequest, Instant, KetnoiResponse> fetcher, Clock clock) {
        this.jwksUri = jwksUri;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * The verifier for this key id, fetching the key set when the id is new (within the calling
     * call's deadline); {@code null} if unknown.
     */
    public JWSVerifier verifierFor(String kid, Instant deadline) {
        JWSVerifier v = verifiers.get(kid);
        if (v != null) {
            return v;
        }
        synchronized (this) {
            v = verifiers.get(kid);
            if (v != null) {
                return v;
            }
            if (!loaded) {
                // The first load is not a refresh: it does not count against the floor.
                loaded = true;
                refresh(deadline);
                v = verifiers.get(kid);
                if (v != null) {
                    return v;
                }
            }
            Instant now = clock.instant();
            if (!lastRefreshBroughtNewKeys
                    && Duration.between(lastRefresh, now).compareTo(MIN_REFRESH_INTERVAL) < 0) {
                return null;
            }
            lastRefresh = now;
            lastRefreshBroughtNewKeys = refresh(deadline);
            return verifiers.get(kid);
        }
    }

    /** Fetches the key set; true when it holds a key id that was not known before. */
    private boolean refresh(Instant deadline) {
        try {
            KetnoiResponse r = fetcher.apply(KetnoiRequest.builder("GET", jwksUri)
                    .header("Accept", "application/json").operation("provider.jwks").idempotent(true).build(), deadline);
            if (r.status() != 200) {
                LOG.warn("Fetching the provider's keys from {} failed with status {}; keeping {} known key(s)",
                        jwksUri, r.status(), verifiers.size());
                return false;
            }
            Map<String, JWSVerifier> fresh = new HashMap<>();
            for (JWK jwk : JWKSet.parse(r.bodyAsString()).getKeys()) {
                if (jwk.getKeyID() == null || (jwk.getKeyUse() != null && jwk.getKeyUse() != KeyUse.SIGNATURE)
                        || jwk.isPrivate()) {
                    continue;
                }
                JWSVerifier v = verifiers.get(jwk.getKeyID());
                if (v == null) {
                    v = Jose.verifier(jwk);
                }
                if (v != null) {
                    fresh.put(jwk.getKeyID(), v);
                }
            }
            boolean brought = !verifiers.keySet().containsAll(fresh.keySet());
            verifiers = Map.copyOf(fresh);
            LOG.debug("Fetched {} provider key(s) from {}", fresh.size(), jwksUri);
            return brought;
        } catch (ParseException | JOSEException e) {
            LOG.warn("The provider's key set at {} is malformed ({}); keeping {} known key(s)",
                    jwksUri, e.getClass().getSimpleName(), verifiers.size());
        } catch (KetnoiException e) {
            LOG.warn("Fetching the provider's keys from {} failed ({}); keeping {} known key(s)",
                    jwksUri, e.errorCode(), verifiers.size());
        }
        return false;
    }
}
