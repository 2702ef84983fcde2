package vn.ketnoi.testkit.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Remembers nonces per agency until a given instant. */
public final class ReplayCache {

    private final Map<String, Instant> seen = new HashMap<>();

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
        return seen.putIfAbsent(key(agencyId, jti), keepUntil) == null;
    }

    private void evict(Instant now) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (!it.next().isAfter(now)) {
                it.remove();
            }
        }
    }

    private static String key(String agencyId, String jti) {
        // The agency id contains no NUL, so the pair is unambiguous.
        return agencyId + '\u0000' + jti;
    }
}
