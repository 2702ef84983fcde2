package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testsupport.TestClock;

/**
 * Finding 2: the provider's response-signing keys are trusted for a bounded time. An attacker on
 * the path who holds a key the provider has withdrawn (a leaked key) re-signs the provider's
 * answers with it; the client must refuse them once its copy of the key set is older than the
 * set's max-age (plus the documented grace when the key endpoint is blocked). A provider that
 * re-keys under the same kid is followed after one fetch, and forged signatures under a known kid
 * cannot make the client fetch the key set more than once per 5 s.
 *
 * <p>Each test has its own sandbox on a clock it shares with the client, so the test can move
 * both forward by minutes.
 */
class ProviderKeyLifecycleTest {
    /** The sandbox serves its key set with this max-age (its default). */
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** How long a stale key set may still be used while its refresh fails (JwksCache.STALE_GRACE). */
    private static final Duration GRACE = Duration.ofMinutes(5);

    private final TestClock clock = TestClock.systemShifted();
    private final AtomicReference<SigningKey> attacker = new AtomicReference<>();
    private KetnoiSandbox sandbox;
    private PopulationClient client;

    /** A key the attacker signs the provider's answers with, under the kid it claims to be. */
    private record SigningKey(String kid, PrivateKey key) {
    }

    @BeforeEach
    void start() {
        sandbox = KetnoiSandbox.builder().populationSize(50).clock(clock).build().start();
        assertEquals(MAX_AGE.toSeconds(), maxAgeServed());
        // Re-signs every answer of the provider API with the armed key (claims unchanged).
        Interceptor onThePath = Fixtures.onApiCalls(chain -> {
            KetnoiResponse r = chain.proceed(chain.request());
            SigningKey k = attacker.get();
            return k == null ? r : new KetnoiResponse(r.status(), r.headers().toBuilder()
                    .set("Ketnoi-Signature", resign(r.headers().first("Ketnoi-Signature").orElseThrow(), k)).build(),
                    r.body(), r.request());
        });
        // No retries, and no circuit breaker: a burst of refusals must each reach the key cache.
        client = PopulationClient.create(SandboxClients.configFor(sandbox).toBuilder().clock(clock)
                .resilience(ResilienceOptions.builder().maxAttempts(1).circuitBreaker(false).build())
                .addNetworkInterceptor(onThePath).build());
    }

    @AfterEach
    void stop() {
        client.close();
        sandbox.close();
    }

    @Test
    @DisplayName("Finding 2: a response signed with a withdrawn key is refused once the key set is past its max-age")
    void aResponseSignedWithAWithdrawnKeyIsRefusedAfterTheMaxAge() {
        lookup(); // the client now holds the key set with the first key
        String leaked = sandbox.currentSigningKeyId();
        sandbox.rotateSigningKey();
        attacker.set(new SigningKey(leaked, sandbox.withdrawSigningKey(leaked)));

        clock.advance(MAX_AGE.plus(GRACE).plusSeconds(1));
        assertEquals("response.unknown-key", refusal().errorCode());
    }

    @Test
    @DisplayName("Finding 2: in the refresh window a call does not wait for the key set, and the refresh drops a withdrawn key")
    void theKeySetIsRefreshedInTheBackgroundBeforeItExpires() throws Exception {
        lookup();
        String leaked = sandbox.currentSigningKeyId();
        sandbox.rotateSigningKey();
        lookup(); // the client fetched the set with both keys
        PrivateKey stolen = sandbox.withdrawSigningKey(leaked);
        // The key endpoint now answers after 3 s: a call that waited for it would take that long.
        sandbox.faults().add("/.well-known/jwks.json", SandboxFault.latency(Duration.ofSeconds(3)));
        clock.advance(MAX_AGE.multipliedBy(4).dividedBy(5)); // past three quarters of the max-age
        long started = System.nanoTime();
        lookup();
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos(), "the call waited for the key set");

        // The refresh ran meanwhile; once it is in, the withdrawn key no longer verifies.
        Instant giveUp = Instant.now().plusSeconds(15);
        attacker.set(new SigningKey(leaked, stolen));
        while (true) {
            try {
                client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving()));
            } catch (ResponseVerificationException e) {
                assertEquals("response.unknown-key", e.errorCode());
                break;
            }
            assertTrue(Instant.now().isBefore(giveUp), "the withdrawn key still verifies: no refresh came");
            Thread.sleep(100);
        }
    }

    @Test
    @DisplayName("Finding 2: blocking the key endpoint keeps a withdrawn key alive for max-age plus grace, no longer")
    void blockingTheKeyEndpointDoesNotKeepAWithdrawnKeyAlive() {
        lookup();
        String leaked = sandbox.currentSigningKeyId();
        sandbox.rotateSigningKey();
        PrivateKey stolen = sandbox.withdrawSigningKey(leaked);
        sandbox.faults().add("/.well-known/jwks.json", SandboxFault.status(503));
        attacker.set(new SigningKey(leaked, stolen));

        clock.advance(MAX_AGE.plus(GRACE).plusSeconds(1));
        assertEquals("response.unknown-key", refusal().errorCode());
        // Fails closed for honest answers too, until the key endpoint answers again.
        attacker.set(null);
        assertEquals("response.unknown-key", refusal().errorCode());
        sandbox.faults().clear();
        clock.advance(Duration.ofSeconds(6)); // past the 5 s floor after a failed fetch
        lookup();
    }

    @Test
    @DisplayName("Finding 2: a provider that re-keys under the same kid is followed after one key-set fetch")
    void aReKeyUnderTheSameKidVerifiesAfterOneRefresh() {
        lookup();
        String kid = sandbox.currentSigningKeyId();
        assertEquals(kid, sandbox.rekeySigningKey());
        long fetches = sandbox.stats().jwksRequests();
        for (int i = 0; i < 5; i++) {
            lookup();
        }
        assertEquals(fetches + 1, sandbox.stats().jwksRequests());
    }

    @Test
    @DisplayName("Finding 2: a burst of forged signatures under a known kid fetches the key set once per 5 s floor")
    void forgedSignaturesUnderAKnownKidFetchOncePerFloorInterval() throws Exception {
        lookup();
        PrivateKey forger = freshEcKey();
        attacker.set(new SigningKey(sandbox.currentSigningKeyId(), forger));
        for (int round = 1; round <= 2; round++) {
            long fetches = sandbox.stats().jwksRequests();
            for (int i = 0; i < 20; i++) {
                assertEquals("response.signature-invalid", refusal().errorCode());
            }
            // One fetch (the provider might have re-keyed), then nothing until the floor has passed.
            assertEquals(fetches + 1, sandbox.stats().jwksRequests(), "round " + round);
            clock.advance(Duration.ofSeconds(6));
        }
    }

    private void lookup() {
        client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving()));
    }

    private ResponseVerificationException refusal() {
        return assertThrows(ResponseVerificationException.class,
                () -> client.lookup(Fixtures.lookupOf(sandbox.population().anyLiving())));
    }

    private long maxAgeServed() {
        try {
            java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(sandbox.jwksUri()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            String cc = r.headers().firstValue("Cache-Control").orElseThrow();
            return Long.parseLong(cc.substring(cc.indexOf("max-age=") + 8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PrivateKey freshEcKey() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair().getPrivate();
    }

    private static String resign(String jws, SigningKey k) {
        try {
            SignedJWT original = SignedJWT.parse(jws);
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.kid())
                    .type(original.getHeader().getType()).build(), original.getJWTClaimsSet());
            forged.sign(new ECDSASigner((ECPrivateKey) k.key()));
            return forged.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
