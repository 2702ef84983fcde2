package vn.ketnoi.vneid.edocuments.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The issuers' status lists (protocol section 10.6), fetched on demand and cached per issuer.
 *
 * <p>A fetched list is used for {@code maxAge} or until its {@code exp}, whichever comes first.
 * When a new fetch fails, the last good list stays usable for {@code grace} after its {@code exp},
 * so a verifier that loses its network keeps working for a while; past that, the status is
 * unavailable. However long the provider signs a list for, it never decides more than
 * {@link #MAX_LIFETIME} after its {@code iat}, plus the grace. After a failed fetch the next
 * attempt waits at least {@link #RETRY_FLOOR}, so an outage does not turn every verification into
 * a slow network call; a caller that needs a list newer than the cached one (the document is newer
 * than the list) gets at most one fetch per {@link #RETRY_FLOOR} too.
 *
 * <p>Every entry of a list must carry a status, a version and a digest: a list with an entry
 * lacking one is refused whole, never read with a default.
 */
public final class StatusLists {
    /** The shortest wait between two fetches of one issuer's list after a failure. */
    public static final Duration RETRY_FLOOR = Duration.ofSeconds(5);
    /** The longest a list is relied on after it was signed (before the grace), whatever its {@code exp}. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(StatusLists.class);
    private static final int MAX_ISSUERS = 10_000;

    /** One document's line in a list: its status, its current version, and that version's digest. */
    public record Entry(String status, int version, String digest) {
    }

    /** A verified list: its entries, when it was signed, and until when the provider vouches for it. */
    public record Snapshot(Map<String, Entry> documents, Instant issuedAt, Instant expiresAt) {
    }

    /** The status could not be learnt; the message says why, without personal data. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Cached {
        final Snapshot snapshot;
        final Instant useUntil;
        final Instant failedAt;
        final Instant fetchedAt;

        Cached(Snapshot snapshot, Instant useUntil, Instant failedAt, Instant fetchedAt) {
            this.snapshot = snapshot;
            this.useUntil = useUntil;
            this.failedAt = failedAt;
            this.fetchedAt = fetchedAt;
        }

        /** Usable without a fetch: fresh, and newer than asked for unless fetched moments ago. */
        boolean serves(Instant now, Instant newerThan) {
            return snapshot != null && now.isBefore(useUntil) && (newerThan == null
                    || snapshot.issuedAt().isAfter(newerThan) || now.isBefore(fetchedAt.plus(RETRY_FLOOR)));
        }
    }

    private final ProviderSigned provider;
    private final Duration maxAge;
    private final Duration grace;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public StatusLists(ProviderSigned provider, Duration maxAge, Duration grace) {
        this.provider = provider;
        this.maxAge = maxAge;
        this.grace = grace;
    }

    /**
     * The list's URL: {@code {e-documents service}/status-lists/{agencyId}}, where the service is
     * the route set for it, or {@code {endpoint}/edocuments/v1} straight to the provider.
     */
    public URI uri(String agencyId) {
        ClientConfig config = provider.config();
        URI base = config.serviceUrl(config.serviceId("edocuments", EdocumentsClient.SERVICE), "/edocuments/v1");
        return URI.create(base + "/status-lists/" + URLEncoder.encode(agencyId, StandardCharsets.UTF_8));
    }

    /**
     * The issuer's list: cached when fresh, fetched otherwise, a stale one within the grace period.
     *
     * @param newerThan null, or the instant the cached list should postdate: an older one is
     *                  fetched again (unless fetched within {@link #RETRY_FLOOR}); the answer may
     *                  still be older when no newer one can be had, so the caller checks
     */
    public Snapshot get(String agencyId, Instant newerThan) throws Unavailable {
        Instant now = provider.clock().instant();
        Cached c = cache.get(agencyId);
        if (c != null && c.serves(now, newerThan)) {
            return c.snapshot;
        }
        synchronized (locks.computeIfAbsent(agencyId, k -> new Object())) {
            now = provider.clock().instant();
            c = cache.get(agencyId);
            if (c != null && c.serves(now, newerThan)) {
                return c.snapshot;
            }
            String failure;
            if (c != null && c.failedAt != null && now.isBefore(c.failedAt.plus(RETRY_FLOOR))) {
                failure = "the last fetch of the issuer's status list failed moments ago";
            } else {
                try {
                    Snapshot fresh = fetch(agencyId, now);
                    Instant until = fresh.expiresAt().isBefore(now.plus(maxAge)) ? fresh.expiresAt() : now.plus(maxAge);
                    put(agencyId, new Cached(fresh, until, null, now));
                    return fresh;
                } catch (Unavailable e) {
                    failure = e.getMessage();
                    LOG.warn("Fetching the status list of {} failed: {}", Untrusted.text(agencyId, 128), failure);
                    put(agencyId, new Cached(c == null ? null : c.snapshot, now, now, c == null ? now : c.fetchedAt));
                }
            }
            if (c != null && c.snapshot != null && now.isBefore(c.snapshot.expiresAt().plus(grace))) {
                return c.snapshot;
            }
            throw new Unavailable(failure);
        }
    }

    private void put(String agencyId, Cached c) {
        if (cache.size() >= MAX_ISSUERS && !cache.containsKey(agencyId)) {
            // Issuers are a few hundred agencies at most; a flood of invented ones must not grow the heap.
            Iterator<String> it = cache.keySet().iterator();
            if (it.hasNext()) {
                String victim = it.next();
                cache.remove(victim);
                locks.remove(victim);
            }
        }
        cache.put(agencyId, c);
    }

    private Snapshot fetch(String agencyId, Instant now) throws Unavailable {
        KetnoiResponse r;
        try {
            r = provider.get(uri(agencyId), "application/statuslist+jwt", "edocuments.status-list");
        } catch (KetnoiException e) {
            throw new Unavailable("the status list could not be fetched (" + e.errorCode() + ")");
        }
        if (r.status() != 200) {
            throw new Unavailable("the status list endpoint answered " + r.status());
        }
        byte[] jws;
        try {
            jws = provider.verify(r.bodyAsString().strip(), "statuslist+jwt");
        } catch (ProviderSigned.Refusal e) {
            throw new Unavailable("the status list is not signed by the provider: " + e.getMessage());
        }
        JsonNode claims;
        try {
            claims = Json.mapper().readTree(jws);
        } catch (java.io.IOException e) {
            throw new Unavailable("the status list's claims are not JSON");
        }
        if (claims == null || !claims.isObject()) {
            throw new Unavailable("the status list's claims are not a JSON object");
        }
        if (!provider.config().providerIssuer().equals(claims.path("iss").asText(null))) {
            throw new Unavailable("the status list comes from another issuer");
        }
        if (!agencyId.equals(claims.path("agency").asText(null))) {
            throw new Unavailable("the status list is another agency's");
        }
        if (!claims.path("iat").canConvertToLong() || !claims.path("exp").canConvertToLong()
                || !claims.path("documents").isObject()) {
            throw new Unavailable("the status list lacks iat, exp or documents");
        }
        Duration skew = provider.config().clockSkew();
        Instant iat = Instant.ofEpochSecond(claims.get("iat").asLong());
        Instant exp = Instant.ofEpochSecond(claims.get("exp").asLong());
        if (iat.isAfter(now.plus(skew)) || !exp.plus(skew).isAfter(now)) {
            throw new Unavailable("the status list is out of date or dated in the future");
        }
        Map<String, Entry> docs = new HashMap<>();
        for (Map.Entry<String, JsonNode> f : claims.get("documents").properties()) {
            JsonNode e = f.getValue();
            if (!e.path("status").isTextual() || !e.path("version").canConvertToInt() || e.path("version").asInt() < 1
                    || !e.path("digest").isTextual()) {
                throw new Unavailable("the status list has an entry without status, version or digest");
            }
            docs.put(f.getKey(), new Entry(e.get("status").asText(), e.get("version").asInt(), e.get("digest").asText()));
        }
        Instant lastUse = exp.plus(skew).isBefore(iat.plus(MAX_LIFETIME)) ? exp.plus(skew) : iat.plus(MAX_LIFETIME);
        return new Snapshot(Map.copyOf(docs), iat, lastUse);
    }
}
