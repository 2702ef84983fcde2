package vn.ketnoi.testkit.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers nonces per agency until a given instant. Thread-safe.
 *
 * <p>Expired nonces leave in order of expiry, from a queue: a request costs O(log n) however many
 * nonces the replay window holds (hundreds of thousands under a load test), where a scan of every
 * remembered nonce per request made the sandbox slower with each call it served.
 */
public final class ReplayCache {
    private record Entry(Instant until, String key) {
    }

    private final Map<String, Instant> seen = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.until().compareTo(b.until()));

    /** Whether the nonce is still remembered for the agency. */
    public synchronized boolean contains(String agencyId, String jti, Instant now) {
        evict(now);
        return seen.containsKey(key(agencyId, jti));
    }

    /**
     * Records the nonce unless it is already remembered.
     *
     * @return true when it was new and is now recorded, false on a replay
     */
    public synchronized boolean record(String agencyId, String jti, Instant now, Instant keepUntil) {
        evict(now);
        String key = key(agencyId, jti);
        if (seen.putIfAbsent(key, keepUntil) != null) {
            return false;
        }
        byExpiry.add(new Entry(keepUntil, key));
        return true;
    }

    /** The number of nonces remembered (for tests). */
    synchronized int size() {
        return seen.size();
    }

    private void evict(Instant now) {
        for (Entry head = byExpiry.peek(); head != null && !head.until().isAfter(now); head = byExpiry.peek()) {
            byExpiry.poll();
            seen.remove(head.key());
        }
    }

    private static String key(String agencyId, String jti) {
        // The agency id contains no NUL, so the pair is unambiguous.
        return agencyId + '\u0000' + jti;
    }
}
