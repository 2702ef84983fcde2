package vn.ketnoi.core.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import vn.ketnoi.core.internal.crypto.JwksCache.Outcome;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.testsupport.TestClock;

/**
 * Finding 2, the key cache's timing rules, on a clock the test moves and a key endpoint the test
 * scripts (no server can be told to be this precise about time): how long a key set is trusted,
 * how long a stale one survives a key endpoint that fails, and when it fails closed.
 */
class JwksCacheTest {
    private static final URI JWKS = URI.create("https://provider.example/.well-known/jwks.json");

    private final TestClock clock = TestClock.fixedAt(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    /** What the key endpoint answers: a status, a Cache-Control value (or null) and a body. */
    private final AtomicReference<Answer> endpoint = new AtomicReference<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final JwksCache cache = new JwksCache(JWKS, (request, deadline) -> {
        fetches.incrementAndGet();
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Answer a = endpoint.get();
        HttpHeaders.Builder h = HttpHeaders.builder().set("Content-Type", "application/json");
        if (a.cacheControl() != null) {
            h.set("Cache-Control", a.cacheControl());
        }
        return new KetnoiResponse(a.status(), h.build(), a.body().getBytes(StandardCharsets.UTF_8), request);
    }, clock, Duration.ofSeconds(5));

    private record Answer(int status, String cacheControl, String body) {
    }

    @Test
    @DisplayName("Finding 2: Cache-Control max-age is honoured between a one-minute floor and a one-hour cap")
    void maxAgeComesFromCacheControlWithinTheFloorAndTheCap() {
        assertEquals(Duration.ofSeconds(600), JwksCache.maxAge(List.of("public, max-age=600"), List.of()));
        assertEquals(Duration.ofSeconds(120), JwksCache.maxAge(List.of("MAX-AGE=\"120\""), List.of()));
        assertEquals(Duration.ofSeconds(300), JwksCache.maxAge(List.of("max-age=900", "max-age=300"), List.of()));
        assertEquals(Duration.ofSeconds(500), JwksCache.maxAge(List.of("max-age=600"), List.of("100")));
        // The floor: max-age=0 (or no-cache, or a copy already as old as its max-age) cannot make us fetch per call.
        assertEquals(JwksCache.MIN_MAX_AGE, JwksCache.maxAge(List.of("max-age=0"), List.of()));
        assertEquals(JwksCache.MIN_MAX_AGE, JwksCache.maxAge(List.of("no-store"), List.of()));
        assertEquals(JwksCache.MIN_MAX_AGE, JwksCache.maxAge(List.of("max-age=600, no-cache"), List.of()));
        assertEquals(JwksCache.MIN_MAX_AGE, JwksCache.maxAge(List.of("no-cache, max-age=600"), List.of()),
                "the shortest directive wins in either order");
        assertEquals(JwksCache.MIN_MAX_AGE, JwksCache.maxAge(List.of("max-age=600"), List.of("7200")));
        // The cap: a provider (or whoever answers for it) cannot make us trust a key for a day.
        assertEquals(JwksCache.MAX_MAX_AGE, JwksCache.maxAge(List.of("max-age=86400"), List.of()));
        assertEquals(JwksCache.MAX_MAX_AGE, JwksCache.maxAge(List.of("max-age=99999999999999999999"), List.of()));
        // Nothing usable: the default, which is within the cap.
        assertEquals(JwksCache.DEFAULT_MAX_AGE, JwksCache.maxAge(List.of(), List.of()));
        assertEquals(JwksCache.DEFAULT_MAX_AGE, JwksCache.maxAge(List.of("max-age=-5, max-age=ten"), List.of()));
        assertTrue(JwksCache.DEFAULT_MAX_AGE.compareTo(JwksCache.MAX_MAX_AGE) <= 0);
        assertTrue(JwksCache.MAX_MAX_AGE.compareTo(Duration.ofHours(1)) <= 0);
    }

    @Test
    @DisplayName("Finding 2: a stale key set survives a failing key endpoint for the grace, then verification fails closed")
    void aStaleSetIsUsedForTheGraceOnlyWhenTheKeyEndpointFails() throws Exception {
        ECKey key = newKey("k1");
        endpoint.set(new Answer(200, "max-age=600", set(key)));
        JWSObject signed = sign(key);
        assertEquals(Outcome.VERIFIED, verify(signed));
        assertEquals(1, fetches.get());

        endpoint.set(new Answer(503, null, "{}"));
        clock.advance(Duration.ofSeconds(600).plus(JwksCache.STALE_GRACE).minusSeconds(1));
        assertEquals(Outcome.VERIFIED, verify(signed), "within the grace the stale set still verifies");
        awaitFetches(2); // and a refresh was tried in the background

        clock.advance(Duration.ofSeconds(6)); // past the grace, and past the floor after the failed refresh
        assertEquals(Outcome.UNKNOWN_KEY, verify(signed), "past the grace nothing verifies until a fetch succeeds");
        assertEquals(3, fetches.get());
        assertEquals(Outcome.UNKNOWN_KEY, verify(signed));
        assertEquals(3, fetches.get(), "a failed fetch holds the next back for the floor");

        endpoint.set(new Answer(200, "max-age=600", set(key)));
        clock.advance(JwksCache.MIN_REFRESH_INTERVAL);
        assertEquals(Outcome.VERIFIED, verify(signed));
    }

    @Test
    @DisplayName("Finding 2: from three quarters of the max-age the set is refreshed in the background; the call does not wait")
    void theSetIsRefreshedInTheBackgroundFromThreeQuartersOfItsMaxAge() throws Exception {
        ECKey old = newKey("k1");
        endpoint.set(new Answer(200, "max-age=400", set(old)));
        JWSObject signed = sign(old);
        assertEquals(Outcome.VERIFIED, verify(signed));
        clock.advance(Duration.ofSeconds(299));
        assertEquals(Outcome.VERIFIED, verify(signed));
        assertEquals(1, fetches.get(), "before three quarters of the max-age the set is simply used");

        // The key endpoint now hangs until the test lets it answer: a call that waited would hang too.
        CountDownLatch answer = new CountDownLatch(1);
        endpoint.set(new Answer(200, "max-age=400", set(newKey("k2"))));
        blockFetchesUntil(answer);
        clock.advance(Duration.ofSeconds(2));
        CompletableFuture<Outcome> call =
                CompletableFuture.supplyAsync(() -> verify(signed));
        assertEquals(Outcome.VERIFIED, call.get(5, TimeUnit.SECONDS));
        awaitFetches(2);
        answer.countDown();
        Instant giveUp = Instant.now().plusSeconds(10);
        while (verify(signed) == Outcome.VERIFIED && Instant.now().isBefore(giveUp)) {
            Thread.sleep(10);
        }
        assertEquals(Outcome.UNKNOWN_KEY, verify(signed), "the refreshed set no longer has k1");
    }

    @Test
    @DisplayName("Finding 2: every refresh is done in the background, not only the first: a key withdrawn later is dropped")
    void everyRefreshIsDoneInTheBackground() throws Exception {
        ECKey k1 = newKey("k1");
        ECKey k2 = newKey("k2");
        endpoint.set(new Answer(200, "max-age=400", set(k1, k2)));
        JWSObject byK1 = sign(k1);
        assertEquals(Outcome.VERIFIED, verify(byK1));
        clock.advance(Duration.ofSeconds(301));
        assertEquals(Outcome.VERIFIED, verify(byK1));
        awaitFetches(2);

        // The provider withdraws k1; from three quarters of the new set's max-age it is refreshed again.
        endpoint.set(new Answer(200, "max-age=400", set(k2)));
        clock.advance(Duration.ofSeconds(301));
        Instant giveUp = Instant.now().plusSeconds(10);
        while (verify(byK1) == Outcome.VERIFIED && Instant.now().isBefore(giveUp)) {
            Thread.sleep(10);
        }
        assertEquals(Outcome.UNKNOWN_KEY, verify(byK1), "the second background refresh dropped k1");
    }

    @Test
    @DisplayName("Finding 2: real rotations in quick succession are each picked up at once (the floor is for forgeries)")
    void rotationsInQuickSuccessionAreEachPickedUp() throws Exception {
        ECKey k1 = newKey("k1");
        ECKey k2 = newKey("k2");
        ECKey k3 = newKey("k3");
        endpoint.set(new Answer(200, null, set(k1)));
        assertEquals(Outcome.VERIFIED, verify(sign(k1)));
        endpoint.set(new Answer(200, null, set(k1, k2)));
        assertEquals(Outcome.VERIFIED, verify(sign(k2)));
        endpoint.set(new Answer(200, null, set(k1, k2, k3)));
        assertEquals(Outcome.VERIFIED, verify(sign(k3)));
        assertEquals(3, fetches.get());
    }

    @Test
    @DisplayName("Finding 2: max-age=0 does not make the client fetch the key set per call")
    void maxAgeZeroIsHeldToTheFloor() throws Exception {
        ECKey key = newKey("k1");
        endpoint.set(new Answer(200, "max-age=0", set(key)));
        JWSObject signed = sign(key);
        for (int i = 0; i < 40; i++) {
            assertEquals(Outcome.VERIFIED, verify(signed));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(1, fetches.get());
    }

    @Test
    @DisplayName("Finding 2: a kid published twice with different keys is not trusted")
    void anAmbiguousKidIsNotTrusted() throws Exception {
        ECKey key = newKey("k1");
        endpoint.set(new Answer(200, null, set(key, newKey("k1"))));
        assertEquals(Outcome.UNKNOWN_KEY, verify(sign(key)));
    }

    @Test
    @DisplayName("Finding 2: a kid the refreshed set no longer publishes stops verifying, a new kid is taken up")
    void aRefreshReplacesTheWholeSet() throws Exception {
        ECKey old = newKey("k1");
        ECKey next = newKey("k2");
        endpoint.set(new Answer(200, "max-age=60", set(old)));
        assertEquals(Outcome.VERIFIED, verify(sign(old)));
        endpoint.set(new Answer(200, "max-age=60", set(next)));
        assertEquals(Outcome.VERIFIED, verify(sign(next)));
        assertEquals(Outcome.UNKNOWN_KEY, verify(sign(old)));
    }

    @Test
    @DisplayName("Issue 18: a key endpoint that keeps failing is one WARN when it starts and one when it recovers")
    void aFailingKeyEndpointIsOneWarningPerChangeNotOnePerFetch() throws Exception {
        ch.qos.logback.classic.Logger ops = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("vn.ketnoi.operations");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        ops.addAppender(lines);
        try {
            ECKey key = newKey("k1");
            endpoint.set(new Answer(200, "max-age=600", set(key)));
            JWSObject signed = sign(key);
            assertEquals(Outcome.VERIFIED, verify(signed));

            endpoint.set(new Answer(503, null, "{}"));
            clock.advance(Duration.ofSeconds(600).plus(JwksCache.STALE_GRACE).plusSeconds(1));
            for (int i = 0; i < 4; i++) { // four failed fetches, each after the floor
                assertEquals(Outcome.UNKNOWN_KEY, verify(signed));
                clock.advance(JwksCache.MIN_REFRESH_INTERVAL);
            }
            assertEquals(5, fetches.get());
            endpoint.set(new Answer(200, "max-age=600", set(key)));
            assertEquals(Outcome.VERIFIED, verify(signed));
            assertEquals(Outcome.VERIFIED, verify(signed));

            List<String> warned = lines.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(2, warned.size(), warned.toString());
            assertTrue(warned.get(0).contains("failed (status 503)"), warned.get(0));
            assertTrue(warned.get(1).contains("reachable again after 4 failed"), warned.get(1));
        } finally {
            ops.detachAppender(lines);
        }
    }

    private Outcome verify(JWSObject jws) {
        return cache.verify(jws.getHeader().getKeyID(), v -> {
            try {
                return jws.verify(v);
            } catch (Exception e) {
                return false;
            }
        }, clock.instant().plusSeconds(5));
    }

    private void blockFetchesUntil(CountDownLatch latch) {
        gate = latch;
    }

    private void awaitFetches(int n) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(10);
        while (fetches.get() < n && Instant.now().isBefore(giveUp)) {
            Thread.sleep(10);
        }
        assertEquals(n, fetches.get());
    }

    private static ECKey newKey(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    }

    private static String set(JWK... keys) {
        List<JWK> pub = new ArrayList<>();
        for (JWK k : keys) {
            pub.add(k.toPublicJWK());
        }
        return new JWKSet(pub).toString(true);
    }

    private static JWSObject sign(ECKey key) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new Payload("{}"));
        jws.sign(new ECDSASigner(key));
        return JWSObject.parse(jws.serialize());
    }
}
