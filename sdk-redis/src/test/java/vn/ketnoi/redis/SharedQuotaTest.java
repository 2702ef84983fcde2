package vn.ketnoi.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.ClientRateLimitedException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.SharedQuotaUnavailableException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SandboxTopology;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * One agency quota for all instances: several clients (each its own runtime, as separate
 * instances of a portal are), sharing a {@link RedisRateLimitStore} on a real Redis server, call
 * the population service through a sandbox gateway whose quota is counted at the gateway; and what
 * each policy does when Redis is down or does not answer.
 */
class SharedQuotaTest {
    static final int GATEWAY_QUOTA = 20; // per second, bursts of as many
    static final int AGENCY_QUOTA = 16;  // what the agency configures: a little under the gateway's
    static final String APP = "portal";

    static KetnoiSandbox sandbox;
    static SandboxGateway gateway;
    static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        sandbox = KetnoiSandbox.builder().populationSize(50).build().start();
        gateway = SandboxGateway.builder().name("lgsp").inFrontOf(sandbox).pathPrefix("/lgsp")
                .application(APP, "portal-secret", sandbox.defaultAgency().id()).quota(GATEWAY_QUOTA).start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void running() {
        redis.upIfDown(); // each test has its own namespace: no bucket is left over from another
    }

    /** A store on the test's server; 1 s for a command, as the first connection on a loaded machine is slow. */
    static RedisRateLimitStore.Builder store(String namespace) {
        return RedisRateLimitStore.builder().uri(redis.uri()).namespace(namespace).commandTimeout(Duration.ofSeconds(1));
    }

    static ClientConfig config(ResilienceOptions resilience) {
        ClientConfig.Builder b = SandboxClients.configFor(sandbox, sandbox.defaultAgency(), SandboxTopology.DIRECT)
                .toBuilder();
        for (ServiceId s : gateway.services()) {
            b.route(s, gateway.serviceUrl(s));
        }
        return b.tokenEndpoint(gateway.passThroughUrl(SandboxGateway.PROVIDER_TOKEN_PATH))
                .jwksUri(gateway.passThroughUrl(SandboxGateway.PROVIDER_JWKS_PATH))
                .gateway(Gateway.builder().name(gateway.name()).url(gateway.url())
                        .credentials(gateway.credentialsFor(APP)).build())
                .resilience(resilience).build();
    }

    static ResilienceOptions quota(RedisRateLimitStore store) {
        // No retries: every refusal of the gateway is seen and counted, not hidden by a retry.
        return ResilienceOptions.builder().maxAttempts(1).circuitBreaker(false)
                .rateLimit(AGENCY_QUOTA, Duration.ofSeconds(1)).rateLimitMaxWait(Duration.ofMillis(200))
                .rateLimitStore(store).build();
    }

    static LookupRequest lookup() {
        SyntheticCitizen c = sandbox.population().anyLiving();
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .fields(CitizenField.FULL_NAME).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).build();
    }

    static long forwarded() {
        return gateway.stats().forwarded(PopulationClient.SERVICE);
    }

    /** Each client on four threads (far more than the quota, even on a loaded machine), calling as fast as it may for {@code millis}; outcomes by error code. */
    static Map<String, Long> hammer(List<PopulationClient> clients, long millis) throws InterruptedException {
        Map<String, Long> outcomes = new ConcurrentHashMap<>();
        long end = System.nanoTime() + millis * 1_000_000;
        List<Thread> threads = new ArrayList<>();
        for (PopulationClient client : clients) {
            for (int i = 0; i < 4; i++) {
                threads.add(started(() -> {
                    while (System.nanoTime() < end) {
                        String outcome;
                        try {
                            client.lookup(lookup());
                            outcome = "ok";
                        } catch (KetnoiException e) {
                            outcome = e.errorCode();
                        }
                        outcomes.merge(outcome, 1L, Long::sum);
                    }
                }));
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        return outcomes;
    }

    /** What a run did: outcomes at the clients, requests forwarded by the gateway, its length. */
    record Run(Map<String, Long> outcomes, long sent, double seconds) {
    }

    /** {@link #hammer} for {@code millis}, counted at the gateway; the clients are closed after. */
    static Run run(List<PopulationClient> clients, long millis) throws InterruptedException {
        long before = forwarded();
        long start = System.nanoTime();
        Map<String, Long> outcomes = hammer(clients, millis);
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.forEach(PopulationClient::close);
        return new Run(outcomes, forwarded() - before, seconds);
    }

    /** Four instances, each given the token and keys first, then a pause so that the gateway's bucket is full. */
    static List<PopulationClient> instances(int n, ResilienceOptions options) {
        List<PopulationClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PopulationClient c = PopulationClient.create(config(options));
            c.lookup(lookup());
            clients.add(c);
        }
        RedisServer.sleep(1200);
        return clients;
    }

    @Test
    void fourInstancesSharingTheStoreStayWithinTheAgencyQuotaAtTheGateway() throws Exception {
        try (RedisRateLimitStore store = store("agency-a")
                .whenUnreachableRefuse().build()) {
            List<PopulationClient> clients = instances(4, quota(store));
            long refusedBefore = gateway.stats().refused("quota_exceeded");
            Run run = run(clients, 2000);
            Map<String, Long> outcomes = run.outcomes();
            long sent = run.sent();
            double seconds = run.seconds();
            assertEquals(0, gateway.stats().refused("quota_exceeded") - refusedBefore,
                    "the gateway never had to refuse: " + outcomes);
            // At most the bucket (16) plus 16 a second, whatever the four instances asked.
            assertTrue(sent <= AGENCY_QUOTA + Math.ceil(AGENCY_QUOTA * seconds) + 1, sent + " sent in " + seconds + " s");
            assertTrue(sent >= AGENCY_QUOTA * seconds * 0.5, "the quota is used, not wasted: " + sent);
            assertEquals(sent, outcomes.get("ok"), "each call the quota let through succeeded: " + outcomes);
            assertTrue(outcomes.getOrDefault("client.rate-limited", 0L) > 0, "the rest was held back: " + outcomes);
            assertFalse(store.isRedisUnreachable());
        }
    }

    @Test
    void withoutTheStoreEachInstanceKeepsItsOwnQuotaAndTogetherTheyExceedIt() throws Exception {
        // The defect this module fixes: four instances each within 16/s send 64/s to a gateway of 20/s.
        ResilienceOptions own = ResilienceOptions.builder().maxAttempts(1).circuitBreaker(false)
                .rateLimit(AGENCY_QUOTA, Duration.ofSeconds(1)).rateLimitMaxWait(Duration.ofSeconds(1)).build();
        List<PopulationClient> clients = instances(4, own);
        long refusedBefore = gateway.stats().refused("quota_exceeded");
        Map<String, Long> outcomes = hammer(clients, 1000);
        clients.forEach(PopulationClient::close);
        assertTrue(gateway.stats().refused("quota_exceeded") - refusedBefore > AGENCY_QUOTA,
                "the gateway refused the excess: " + outcomes);
        RedisServer.sleep(1200); // the gateway's bucket refills for the next test
    }

    @Test
    void theScriptGivesTheBucketAtOnceThenReservesLaterPermitsWithinTheWait() {
        try (RedisRateLimitStore store = store("agency-b")
                .build()) {
            for (int i = 0; i < 5; i++) {
                assertEquals(0, store.reserve("population", 5, Duration.ofSeconds(1), Duration.ZERO));
            }
            assertEquals(-1, store.reserve("population", 5, Duration.ofSeconds(1), Duration.ZERO), "bucket empty");
            long wait = store.reserve("population", 5, Duration.ofSeconds(1), Duration.ofSeconds(1));
            assertTrue(wait > 100_000_000 && wait <= 200_000_000, "the next permit, 1/5 s later: " + wait);
            long second = store.reserve("population", 5, Duration.ofSeconds(1), Duration.ofSeconds(1));
            assertTrue(second > wait, "reserved after the first: " + second);
            assertEquals(0, store.reserve("edocuments", 5, Duration.ofSeconds(1), Duration.ZERO),
                    "another service has its own quota");
        }
        try (RedisRateLimitStore other = store("agency-c")
                .build()) {
            assertEquals(0, other.reserve("population", 5, Duration.ofSeconds(1), Duration.ZERO),
                    "another agency has its own quota");
        }
    }

    @Test
    void redisDownWithTheLocalSharePolicyEachInstanceGoesOnWithItsShare() throws Exception {
        try (RedisRateLimitStore store = store("agency-d")
                .whenUnreachableUseLocalShare(4).retryAfterFailure(Duration.ofSeconds(5)).build()) {
            List<PopulationClient> clients = instances(1, quota(store));
            redis.down();
            Run run = run(clients, 1500);
            Map<String, Long> outcomes = run.outcomes();
            long sent = run.sent();
            double seconds = run.seconds();
            assertTrue(store.isRedisUnreachable());
            assertFalse(outcomes.containsKey("client.rate-limit-unavailable"), outcomes.toString());
            // A quarter of 16/s: 4 a second and a bucket of 4.
            assertTrue(sent <= 4 + Math.ceil(4 * seconds) + 1, sent + " sent in " + seconds + " s: " + outcomes);
            assertTrue(sent >= 3, "it goes on: " + outcomes);
        }
    }

    @Test
    void redisDownWithTheRefusePolicyRefusesWithARetryableTypedErrorAndSendsNothing() {
        try (RedisRateLimitStore store = store("agency-e")
                .whenUnreachableRefuse().retryAfterFailure(Duration.ofMillis(300)).build();
             PopulationClient client = PopulationClient.create(config(quota(store)))) {
            client.lookup(lookup());
            redis.down();
            long before = forwarded();
            long start = System.nanoTime();
            SharedQuotaUnavailableException e = assertThrows(SharedQuotaUnavailableException.class,
                    () -> client.lookup(lookup()));
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused within its timeouts");
            assertEquals("client.rate-limit-unavailable", e.errorCode());
            assertTrue(e.isRetryable());
            assertFalse(e.mayHaveBeenApplied());
            assertEquals(before, forwarded(), "nothing was sent");
            assertTrue(store.isRedisUnreachable());

            redis.up();
            RedisServer.sleep(400); // past retryAfterFailure: Redis is asked again
            assertTrue(retrying(() -> client.lookup(lookup())), "calls go out again once Redis answers");
            assertFalse(store.isRedisUnreachable());
        }
    }

    @Test
    void aRedisThatAcceptsButNeverAnswersIsUnreachableWithinTheCommandTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = started(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            try (RedisRateLimitStore store = RedisRateLimitStore.builder()
                    .uri("redis://127.0.0.1:" + silent.getLocalPort()).namespace("agency-f")
                    .commandTimeout(Duration.ofMillis(200)).connectTimeout(Duration.ofMillis(500)).build()) {
                long start = System.nanoTime();
                assertThrows(SharedQuotaUnavailableException.class,
                        () -> store.reserve("population", 5, Duration.ofSeconds(1), Duration.ZERO));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 3000, "bounded by the timeouts (not Lettuce's 60 s default): " + ms + " ms");
            } finally {
                silent.close();
                acceptor.interrupt();
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void settingsAreCheckedWhenBuiltAndThePasswordIsNeverShown() {
        InvalidInputException noNamespace = assertThrows(InvalidInputException.class,
                () -> RedisRateLimitStore.builder().uri("redis://127.0.0.1:1").build());
        assertTrue(noNamespace.getMessage().contains("redis.namespace"), noNamespace.getMessage());
        InvalidInputException noUri = assertThrows(InvalidInputException.class,
                () -> RedisRateLimitStore.builder().namespace("a").build());
        assertTrue(noUri.getMessage().contains("redis.uri"), noUri.getMessage());
        assertThrows(InvalidInputException.class, () -> RedisRateLimitStore.builder().whenUnreachableUseLocalShare(0));
        assertThrows(InvalidInputException.class, () -> RedisRateLimitStore.builder().uri("redis://127.0.0.1:1")
                .namespace("a").commandTimeout(Duration.ofMinutes(5)).build());
        try (RedisRateLimitStore store = RedisRateLimitStore.builder().uri("redis://:s3cret-pw@127.0.0.1:1")
                .password("other-s3cret".toCharArray()).namespace("a").build()) {
            assertFalse(store.toString().contains("s3cret"), store.toString());
            ResilienceOptions options = quota(store);
            assertFalse(options.toString().contains("s3cret"), options.toString());
            assertTrue(options.toString().contains("shared in RedisRateLimitStore"), options.toString());
        }
    }

    private static Thread started(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean retrying(Runnable call) {
        AtomicLong tries = new AtomicLong();
        while (tries.incrementAndGet() < 20) {
            try {
                call.run();
                return true;
            } catch (ClientRateLimitedException | SharedQuotaUnavailableException e) {
                RedisServer.sleep(100);
            }
        }
        return false;
    }
}
