package vn.ketnoi.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Replays are refused inside the window, accepted after it, and expired nonces are forgotten. */
class ReplayCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    @Test
    void aNonceIsRefusedUntilItExpiresAndPerAgency() {
        ReplayCache cache = new ReplayCache();
        assertTrue(cache.record("agency-a", "n1", T0, T0.plusSeconds(300)));
        assertFalse(cache.record("agency-a", "n1", T0.plusSeconds(299), T0.plusSeconds(599)), "replayed in the window");
        assertTrue(cache.record("agency-b", "n1", T0.plusSeconds(1), T0.plusSeconds(301)), "another agency's nonce");
        assertTrue(cache.contains("agency-a", "n1", T0.plusSeconds(299)));
        assertFalse(cache.contains("agency-a", "n1", T0.plusSeconds(300)), "forgotten once expired");
        assertTrue(cache.record("agency-a", "n1", T0.plusSeconds(300), T0.plusSeconds(600)));
    }

    @Test
    void expiredNoncesLeaveInOrderEvenWhenRecordedOutOfOrder() {
        ReplayCache cache = new ReplayCache();
        for (int i = 0; i < 100_000; i++) {
            // Expiries not in insertion order, as client assertions with their own exp are.
            cache.record("agency", "n" + i, T0, T0.plusSeconds(1 + (i * 7919L) % 600));
        }
        assertEquals(100_000, cache.size());
        cache.contains("agency", "x", T0.plusSeconds(301));
        int left = cache.size();
        assertTrue(left > 0 && left < 100_000, "about half expired: " + left);
        for (int i = 0; i < 100_000; i++) {
            long until = 1 + (i * 7919L) % 600;
            assertEquals(until > 301, cache.contains("agency", "n" + i, T0.plusSeconds(301)), "nonce " + i);
        }
        cache.contains("agency", "x", T0.plusSeconds(601));
        assertEquals(0, cache.size());
    }
}
