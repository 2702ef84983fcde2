package vn.ketnoi.core.internal.crypto;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.internal.OperationsLog;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * A provider's signing keys (its JWK Set), cached as ready verifiers by {@code kid} and RFC 7638
 * thumbprint, for a bounded time: a key the provider withdraws stops verifying within a known
 * bound, even when an attacker blocks the key endpoint.
 *
 * <p><b>Age.</b> A fetched set is fresh for the {@code max-age} of the key endpoint's
 * {@code Cache-Control} (less its {@code Age}), held between {@link #MIN_MAX_AGE} (so
 * {@code max-age=0} cannot make us fetch per call) and {@link #MAX_MAX_AGE};
 * {@link #DEFAULT_MAX_AGE} without one. From three quarters of that age on, the first call to use
 * the set starts one refresh on a background thread and goes on with the set it has, so calls do
 * not wait for the key endpoint. Past its max age the set is still used for {@link #STALE_GRACE}
 * while refreshes are retried in the background (a key endpoint down for a few minutes breaks
 * nothing); after that it is dropped: a call fetches the set itself and, when that fails, the
 * signature is refused. So a withdrawn key verifies at most {@code max-age + STALE_GRACE} (at most
 * 1 h 5 min) after the set without it was published.
 *
 * <p><b>Re-keying.</b> A fetched set replaces the whole cache: a key published under a known
 * {@code kid} with other material replaces the old verifier, and a {@code kid} no longer published
 * stops verifying. A signature that does not verify under a known {@code kid} may mean the
 * provider re-keyed under it: {@link #verify} then fetches the set once and tries once more.
 *
 * <p><b>Rate.</b> An unknown {@code kid} or a failed signature fetches the set once, however many
 * calls meet it at once. Such a fetch that brought nothing new (a forged {@code kid} or
 * signature), and any failed fetch, holds further fetches back for {@link #MIN_REFRESH_INTERVAL},
 * so forged input cannot make the client hammer the key endpoint; a fetch that did bring a new key
 * does not, so two rotations in quick succession never fail a verification.
 *
 * <p><b>Logging.</b> The first failed fetch after a good one is a WARN on {@link OperationsLog},
 * and so is the first good fetch after failures; the failures in between are DEBUG, so a key
 * endpoint that is down for an hour is two lines, not one per refresh.
 */
public final class JwksCache {
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    public static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
    public static final Duration MAX_MAX_AGE = Duration.ofHours(1);
    public static final Duration STALE_GRACE = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    /** One small pool for every cache in the JVM: a refresh is one GET every few minutes per cache. */
    private static final ExecutorService BACKGROUND = background();

    /** What a signature check came to. */
    public enum Outcome {
        VERIFIED,
        /** No published key has this {@code kid} (after fetching the set, when allowed). */
        UNKNOWN_KEY,
        /** The key published under this {@code kid} does not verify it (after a refresh, when allowed). */
        SIGNATURE_INVALID
    }

    private record Key(String thumbprint, JWSVerifier verifier) {
    }

    /** An immutable fetched set; {@code fetchedAt} null before the first successful fetch. */
    private record KeySet(Map<String, Key> keys, Instant fetchedAt, Duration maxAge, Instant freshUntil,
                          Instant usableUntil) {
        static final KeySet NONE = new KeySet(Map.of(), null, Duration.ZERO);

        // Asked at every verification: the two instants are computed once (Duration.dividedBy goes through BigDecimal).
        KeySet(Map<String, Key> keys, Instant fetchedAt, Duration maxAge) {
            this(keys, fetchedAt, maxAge, fetchedAt == null ? null : fetchedAt.plus(maxAge.multipliedBy(3).dividedBy(4)),
                    fetchedAt == null ? null : fetchedAt.plus(maxAge).plus(STALE_GRACE));
        }

        boolean fresh(Instant now) {
            return fetchedAt != null && now.isBefore(freshUntil);
        }

        boolean usable(Instant now) {
            return fetchedAt != null && now.isBefore(usableUntil);
        }
    }

    private enum Fetch { FAILED, NOTHING_NEW, NEW_KEYS }

    private final URI jwksUri;
    private final BiFunction<KetnoiRequest, Instant, KetnoiResponse> fetcher;
    private final Clock clock;
    private final Duration fetchTimeout;
    private final AtomicBoolean backgroundQueued = new AtomicBoolean();
    private volatile KeySet set = KeySet.NONE;
    private Instant quietUntil = Instant.MIN; // guarded by this: no fetch provoked by a call before then
    private int failedFetches; // guarded by this: failed fetches since the last good one

    /**
     * @param fetcher      sends the GET within the deadline it is given
     * @param fetchTimeout the deadline of fetches no call is waiting for (background refreshes)
     */
    public JwksCache(URI jwksUri, BiFunction<KetnoiRequest, Instant, KetnoiResponse> fetcher, Clock clock,
                     Duration fetchTimeout) {
        this.jwksUri = jwksUri;
        this.fetcher = fetcher;
        this.clock = clock;
        this.fetchTimeout = fetchTimeout;
    }

    /**
     * Checks a signature made under {@code kid}: finds the published key (fetching the set when the
     * {@code kid} is new or the set too old), and when the signature does not verify, fetches the set
     * once (the provider may have re-keyed under this {@code kid}) and tries the new key, if any.
     *
     * @param signatureVerifies true when the signature verifies with this verifier; must not throw
     * @param deadline          the calling call's deadline, or null for the fetch timeout
     */
    public Outcome verify(String kid, Predicate<JWSVerifier> signatureVerifies, Instant deadline) {
        if (kid == null) {
            return Outcome.UNKNOWN_KEY;
        }
        Key key = keyFor(kid, deadline);
        if (key == null) {
            return Outcome.UNKNOWN_KEY;
        }
        if (signatureVerifies.test(key.verifier())) {
            return Outcome.VERIFIED;
        }
        Key now = afterFailedSignature(kid, key, deadline);
        if (now == null) {
            return Outcome.UNKNOWN_KEY; // withdrawn
        }
        if (now.thumbprint().equals(key.thumbprint())) {
            return Outcome.SIGNATURE_INVALID;
        }
        return signatureVerifies.test(now.verifier()) ? Outcome.VERIFIED : Outcome.SIGNATURE_INVALID;
    }

    private Key keyFor(String kid, Instant deadline) {
        KeySet seen = set;
        Key k = usable(deadline).keys().get(kid);
        if (k != null) {
            return k;
        }
        synchronized (this) {
            k = usable(deadline).keys().get(kid);
            if (k != null || set != seen) {
                return k; // found, or the set was fetched since this call began: fetching again tells nothing
            }
            fetchOnDemand(deadline);
            return usable(deadline).keys().get(kid);
        }
    }

    /** The key under {@code kid} once the set was fetched again, when allowed; null when no longer published. */
    private synchronized Key afterFailedSignature(String kid, Key failed, Instant deadline) {
        Key k = usable(deadline).keys().get(kid);
        if (k == null || !k.thumbprint().equals(failed.thumbprint())) {
            return k; // another call has fetched the set meanwhile
        }
        fetchOnDemand(deadline);
        return usable(deadline).keys().get(kid);
    }

    /**
     * The set to verify with now: the cached one while fresh; while stale within its grace, the
     * cached one with a refresh started in the background; otherwise one fetched now, or none.
     */
    private KeySet usable(Instant deadline) {
        KeySet s = set;
        Instant now = clock.instant();
        if (s.fresh(now)) {
            return s;
        }
        if (s.usable(now)) {
            refreshInBackground();
            return s;
        }
        synchronized (this) {
            s = set;
            now = clock.instant();
            if (s.usable(now)) {
                return s;
            }
            if (now.isBefore(quietUntil)) {
                return KeySet.NONE; // failed a moment ago: fail closed rather than wait on it again
            }
            fetch(deadline);
            s = set;
            return s.usable(clock.instant()) ? s : KeySet.NONE;
        }
    }

    /** A fetch provoked by a call; one that brings nothing new holds the next back. Guarded by this. */
    private void fetchOnDemand(Instant deadline) {
        Instant now = clock.instant();
        if (now.isBefore(quietUntil)) {
            return;
        }
        if (fetch(deadline) == Fetch.NOTHING_NEW) {
            quietUntil = now.plus(MIN_REFRESH_INTERVAL);
        }
    }

    private void refreshInBackground() {
        if (!backgroundQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            BACKGROUND.execute(() -> {
                try {
                    synchronized (this) {
                        Instant now = clock.instant();
                        if (!set.fresh(now) && !now.isBefore(quietUntil)) {
                            fetch(null);
                        }
                    }
                } catch (RuntimeException e) {
                    synchronized (this) {
                        fetchFailed(e.getClass().getSimpleName());
                    }
                } finally {
                    backgroundQueued.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            backgroundQueued.set(false);
        }
    }

    /** Fetches the set and, when it is well formed, replaces the cache with it. Guarded by this. */
    private Fetch fetch(Instant deadline) {
        Instant started = clock.instant();
        KeySet old = set;
        try {
            KetnoiResponse r = fetcher.apply(KetnoiRequest.builder("GET", jwksUri)
                    .header("Accept", "application/json").operation("provider.jwks").idempotent(true).build(),
                    deadline != null ? deadline : started.plus(fetchTimeout));
            if (r.status() != 200) {
                return failed(started, "status " + r.status());
            }
            Map<String, Key> fresh = keys(JWKSet.parse(r.bodyAsString()).getKeys(), old.keys());
            Duration maxAge = maxAge(r.headers().all("Cache-Control"), r.headers().all("Age"));
            boolean brought = false;
            for (Map.Entry<String, Key> e : fresh.entrySet()) {
                Key was = old.keys().get(e.getKey());
                brought |= was == null || !was.thumbprint().equals(e.getValue().thumbprint());
            }
            set = new KeySet(Map.copyOf(fresh), started, maxAge);
            if (failedFetches > 0) {
                OperationsLog.LOG.warn("Ketnoi: the provider's key set at {} is reachable again after {} failed fetch(es)",
                        jwksUri, failedFetches);
                failedFetches = 0;
            }
            LOG.debug("Fetched {} key(s) from {}, trusted for {} s", fresh.size(), jwksUri, maxAge.toSeconds());
            return brought ? Fetch.NEW_KEYS : Fetch.NOTHING_NEW;
        } catch (ParseException | JOSEException e) {
            return failed(started, "malformed: " + e.getClass().getSimpleName());
        } catch (KetnoiException e) {
            return failed(started, e.errorCode());
        }
    }

    private Fetch failed(Instant started, String why) {
        quietUntil = started.plus(MIN_REFRESH_INTERVAL);
        fetchFailed(why);
        return Fetch.FAILED;
    }

    /** Guarded by this: WARN on the first failure of a spell, DEBUG on the rest. */
    private void fetchFailed(String why) {
        if (failedFetches++ == 0) {
            OperationsLog.LOG.warn("Ketnoi: fetching the provider's key set from {} failed ({}); answers signed with a"
                    + " new key cannot be verified until it succeeds (retried; further failures at DEBUG)", jwksUri, why);
        } else {
            LOG.debug("Fetching the key set from {} failed again ({})", jwksUri, why);
        }
    }

    /**
     * The public signing keys by kid; a verifier whose key is unchanged is kept. A kid published
     * twice is ambiguous and left out: which key it names is the attacker's choice.
     */
    private Map<String, Key> keys(List<JWK> jwks, Map<String, Key> known) throws JOSEException {
        Map<String, Key> out = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (JWK jwk : jwks) {
            String kid = jwk.getKeyID();
            if (kid == null || (jwk.getKeyUse() != null && jwk.getKeyUse() != KeyUse.SIGNATURE) || jwk.isPrivate()) {
                continue;
            }
            String thumbprint = jwk.computeThumbprint().toString();
            Key was = known.get(kid);
            JWSVerifier v = was != null && was.thumbprint().equals(thumbprint) ? was.verifier() : Jose.verifier(jwk);
            if (v != null && out.put(kid, new Key(thumbprint, v)) != null) {
                ambiguous.add(kid);
            }
        }
        if (!ambiguous.isEmpty()) {
            LOG.warn("The key set at {} publishes {} key id(s) more than once; those are not trusted",
                    jwksUri, ambiguous.size());
            out.keySet().removeAll(ambiguous);
        }
        return out;
    }

    /**
     * How long a fetched set is trusted: {@code max-age} (the smallest, if several) less {@code Age},
     * within [{@link #MIN_MAX_AGE}, {@link #MAX_MAX_AGE}]; {@code no-cache} and {@code no-store} count
     * as zero; {@link #DEFAULT_MAX_AGE} when the answer says nothing usable.
     */
    static Duration maxAge(List<String> cacheControl, List<String> age) {
        long seconds = -1;
        for (String value : cacheControl) {
            for (String directive : value.split(",")) {
                String d = directive.strip().toLowerCase(Locale.ROOT);
                long s = d.equals("no-cache") || d.equals("no-store") ? 0
                        : d.startsWith("max-age=") ? seconds(d.substring(8).replace("\"", "")) : -1;
                if (s >= 0 && (seconds < 0 || s < seconds)) {
                    seconds = s;
                }
            }
        }
        if (seconds < 0) {
            return DEFAULT_MAX_AGE;
        }
        if (age.size() == 1) {
            seconds -= Math.max(0, seconds(age.get(0).strip()));
        }
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        return d.compareTo(MIN_MAX_AGE) < 0 ? MIN_MAX_AGE : d.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : d;
    }

    /** A delta-seconds value (RFC 9111 1.2.2): digits only; too many digits count as very long. */
    private static long seconds(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return s.length() > 9 ? Integer.MAX_VALUE : Long.parseLong(s);
    }

    private static ExecutorService background() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "ketnoi-jwks-refresh");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
