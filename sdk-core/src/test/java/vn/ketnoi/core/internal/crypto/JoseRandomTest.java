package vn.ketnoi.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Request ids and nonces from the striped generators: the shape UUID.randomUUID gives, and no repeats. */
class JoseRandomTest {

    @Test
    @DisplayName("X-Road-Id values are version-4, IETF-variant UUIDs, and nonces have the asked length; none repeats")
    void requestIdsAndNoncesAreRandomUuidsAndValues() throws Exception {
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        UUID id = Jose.randomUuid();
                        assertEquals(4, id.version());
                        assertEquals(2, id.variant());
                        assertEquals(id, UUID.fromString(id.toString()));
                        seen.add(id.toString());
                        String nonce = Jose.nonce(16);
                        assertEquals(22, nonce.length()); // 16 bytes, base64url without padding
                        seen.add(nonce);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(); // an assertion that failed on a worker fails here
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4 * 2_000 * 2, new HashSet<>(seen).size());
    }
}
