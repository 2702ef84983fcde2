package vn.ketnoi.population.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The resilience layer under injected faults, against the running sandbox over HTTP, for the
 * synchronous and the asynchronous API. Prints its figures (and appends them to
 * {@code target/resilience-figures.txt}). Size: {@code -Dketnoi.faults.calls=10000} for the full
 * run; the default keeps the suite near a minute on two cores.
 */
class FaultInjectionSuiteTest {
    static final int CALLS = Integer.getInteger("ketnoi.faults.calls", 300);
    static final String POPULATION = "/population/";
    static final Path FIGURES = Path.of("target", "resilience-figures.txt");

    enum Api { SYNC, ASYNC }

    static KetnoiSandbox sandbox;
    static List<SyntheticCitizen> citizens;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(500).build().start();
        citizens = sandbox.population().citizens().stream().filter(c -> c.deathDate() == null).limit(200).toList();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void noFaults() {
        sandbox.faults().clear().seed(42);
        sandbox.faults().resetCounts();
    }

    static ClientConfig config(ResilienceOptions options, Duration callTimeout, List<ResilienceEvent> events) {
        ClientConfig.Builder b = SandboxClients.configFor(sandbox).toBuilder()
                .httpOptions(HttpOptions.builder().callTimeout(callTimeout).build())
                .resilience(options);
        if (events != null) {
            b.addResilienceListener(events::add);
        }
        return b.build();
    }

    static LookupRequest lookupOf(SyntheticCitizen c) {
        return LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.faults"))
                .fields(CitizenField.FULL_NAME, CitizenField.BIRTH_DATE, CitizenField.PERMANENT_RESIDENCE).build();
    }

    /** Outcome of one call: the code ("ok" for success), how long it took. */
    record Outcome(String code, long nanos) {
    }

    /** Runs {@code n} lookups, {@code concurrency} at a time, through the chosen API; never throws. */
    static List<Outcome> lookups(PopulationClient client, Api api, int n, int concurrency) throws InterruptedException {
        ConcurrentLinkedQueue<Outcome> out = new ConcurrentLinkedQueue<>();
        Semaphore slots = new Semaphore(concurrency);
        ExecutorService pool = api == Api.SYNC ? Executors.newFixedThreadPool(concurrency) : null;
        for (int i = 0; i < n; i++) {
            SyntheticCitizen c = citizens.get(i % citizens.size());
            LookupRequest request = lookupOf(c);
            slots.acquire();
            long start = System.nanoTime();
            if (api == Api.SYNC) {
                pool.execute(() -> {
                    try {
                        Citizen got = client.lookup(request);
                        out.add(new Outcome(got.idNumber().value().equals(c.idNumber()) ? "ok" : "WRONG RECORD",
                                System.nanoTime() - start));
                    } catch (KetnoiException e) {
                        out.add(new Outcome(e.errorCode(), System.nanoTime() - start));
                    } catch (RuntimeException e) {
                        out.add(new Outcome("UNTYPED " + e.getClass().getName(), System.nanoTime() - start));
                    } finally {
                        slots.release();
                    }
                });
            } else {
                client.lookupAsync(request).whenComplete((got, e) -> {
                    long t = System.nanoTime() - start;
                    if (e == null) {
                        out.add(new Outcome(got.idNumber().value().equals(c.idNumber()) ? "ok" : "WRONG RECORD", t));
                    } else {
                        Throwable cause = Pipeline.unwrap(e);
                        out.add(new Outcome(cause instanceof KetnoiException k ? k.errorCode()
                                : "UNTYPED " + cause.getClass().getName(), t));
                    }
                    slots.release();
                });
            }
        }
        slots.acquire(concurrency);
        if (pool != null) {
            pool.shutdown();
        }
        return new ArrayList<>(out);
    }

    static Map<String, Long> counts(List<Outcome> outcomes) {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach(o -> m.merge(o.code(), 1L, Long::sum));
        return m;
    }

    static long maxOverrunMs(List<Outcome> outcomes, Duration deadline) {
        return outcomes.stream().mapToLong(o -> o.nanos() - deadline.toNanos()).max().orElse(0) / 1_000_000;
    }

    static void print(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(FIGURES.getParent());
            Files.writeString(FIGURES, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertTyped(Map<String, Long> counts) {
        for (String code : counts.keySet()) {
            assertFalse(code.startsWith("UNTYPED") || code.equals("WRONG RECORD"), "outcome " + code);
        }
    }

    /** 30 % of lookups faulted, by every kind, in equal shares. */
    static void mixedFaults(String prefix) {
        double each = 0.30 / 8;
        sandbox.faults()
                .add(prefix, SandboxFault.latency(Duration.ofMillis(300)).rate(each / (1 - 0 * each)))
                .add(prefix, SandboxFault.slowDrip(Duration.ofMillis(15)).rate(each / (1 - 1 * each)))
                .add(prefix, SandboxFault.status(500).rate(each / (1 - 2 * each)))
                .add(prefix, SandboxFault.serviceUnavailable(Duration.ZERO).rate(each / (1 - 3 * each)))
                .add(prefix, SandboxFault.rateLimited(Duration.ofSeconds(1)).rate(each / (1 - 4 * each)))
                .add(prefix, SandboxFault.resetBeforeApply().rate(each / (1 - 5 * each)))
                .add(prefix, SandboxFault.resetAfterApply().rate(each / (1 - 6 * each)))
                .add(prefix, SandboxFault.truncatedBody().rate(each / (1 - 7 * each)));
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void lookupsWithThirtyPercentFaultsEndInSuccessOrATypedError(Api api) throws Exception {
        Duration callTimeout = Duration.ofSeconds(5);
        ResilienceOptions options = ResilienceOptions.builder().maxAttempts(4)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(400)).attemptTimeout(Duration.ofSeconds(2))
                .retryBudget(0.5, 5, 50).build();
        try (PopulationClient client = PopulationClient.create(config(options, callTimeout, null))) {
            client.lookup(lookupOf(citizens.get(0))); // token and keys before the faults
            mixedFaults(POPULATION);
            sandbox.faults().add("/.well-known/jwks.json", SandboxFault.status(503).rate(0.3));
            long start = System.nanoTime();
            List<Outcome> outcomes = lookups(client, api, CALLS, 16);
            long ms = (System.nanoTime() - start) / 1_000_000;
            Map<String, Long> counts = counts(outcomes);
            print(String.format("[faults %s] %d lookups, 30%% faulted (%s): outcomes %s; faults injected %s; "
                    + "server saw %d calls; max overrun of the %d ms deadline %d ms; %d ms", api, CALLS,
                    "latency, slow-drip, 500, 503, 429, reset-before, reset-after, truncate; JWKS 503 at 30%",
                    counts, sandbox.faults().injected(), sandbox.faults().callsTo(POPULATION),
                    callTimeout.toMillis(), maxOverrunMs(outcomes, callTimeout), ms));
            assertEquals(CALLS, outcomes.size());
            assertTyped(counts);
            assertTrue(counts.getOrDefault("ok", 0L) > CALLS / 2, "most lookups succeed: " + counts);
            assertTrue(maxOverrunMs(outcomes, callTimeout) < 2000);
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void slowDripAndStalledResponsesDoNotOutliveTheDeadline(Api api) throws Exception {
        Duration callTimeout = Duration.ofMillis(1500);
        ResilienceOptions options = ResilienceOptions.builder().maxAttempts(3)
                .attemptTimeout(Duration.ofMillis(700)).backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .retryBudget(1, 100, 100).circuitBreaker(false).build();
        try (PopulationClient client = PopulationClient.create(config(options, callTimeout, null))) {
            client.lookup(lookupOf(citizens.get(0)));
            sandbox.faults()
                    .add(POPULATION, SandboxFault.slowDrip(Duration.ofMillis(150)).rate(0.5))
                    .add(POPULATION, SandboxFault.latency(Duration.ofSeconds(8)).rate(1));
            int n = Math.max(40, CALLS / 10);
            List<Outcome> outcomes = lookups(client, api, n, 16);
            Map<String, Long> counts = counts(outcomes);
            long overrun = maxOverrunMs(outcomes, callTimeout);
            print(String.format("[deadline %s] %d lookups, every response slow-dripped (32 B / 150 ms) or stalled (8 s);"
                    + " call deadline %d ms, attempt deadline 700 ms: outcomes %s; max overrun %d ms", api, n,
                    callTimeout.toMillis(), counts, overrun));
            assertTyped(counts);
            assertEquals(n, counts.getOrDefault("transport.timeout", 0L), "every call times out: " + counts);
            assertTrue(overrun < 2000, "overrun " + overrun + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aDeadServiceGetsNoRetryStormOnceTheBudgetIsSpent(Api api) throws Exception {
        double perSecond = 0.5;
        ResilienceOptions options = ResilienceOptions.builder().maxAttempts(3)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).retryBudget(0.1, perSecond, 10)
                .circuitBreaker(false).build();
        try (PopulationClient client = PopulationClient.create(config(options, Duration.ofSeconds(5), null))) {
            client.lookup(lookupOf(citizens.get(0)));
            sandbox.faults().add(POPULATION, SandboxFault.serviceUnavailable(Duration.ZERO));
            lookups(client, api, 50, 8); // spends the saved budget
            sandbox.faults().resetCounts();
            int n = Math.max(500, CALLS);
            long start = System.nanoTime();
            List<Outcome> outcomes = lookups(client, api, n, 8);
            double seconds = (System.nanoTime() - start) / 1e9;
            long reached = sandbox.faults().callsTo(POPULATION);
            print(String.format("[budget %s] service 100%% failing (503), 3 attempts allowed, budget 10%% + %.1f/s:"
                    + " %d caller calls -> %d calls reached the service (%.3fx) in %.1f s; outcomes %s", api,
                    perSecond, n, reached, reached / (double) n, seconds, counts(outcomes)));
            assertTrue(reached <= Math.ceil(1.1 * n + perSecond * seconds) + 1,
                    "reached " + reached + " for " + n + " calls");
        }
    }

    @org.junit.jupiter.api.Test
    void aProviderRestartBetweenTwoCallsCostsNoRetry() {
        List<ResilienceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (PopulationClient client = PopulationClient.create(config(ResilienceOptions.defaults(),
                Duration.ofSeconds(5), events))) {
            client.lookup(lookupOf(citizens.get(0)));
            sandbox.dropConnections(); // the pooled connection is now closed at the provider's end

            Citizen second = client.lookup(lookupOf(citizens.get(1)));

            assertTrue(second.fullName().isPresent());
            assertEquals(List.of(), events.stream().filter(e -> e.type() == ResilienceEvent.Type.RETRY).toList(),
                    "the dead pooled connection is the transport's to replace, not a failed attempt");
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void theBreakerOpensFailsFastHalfOpensAndCloses(Api api) throws Exception {
        List<ResilienceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        ResilienceOptions options = ResilienceOptions.builder().maxAttempts(2)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .circuitBreaker(50, 10, 5).circuitBreakerRecovery(Duration.ofMillis(800), 2).build();
        try (PopulationClient client = PopulationClient.create(config(options, Duration.ofSeconds(5), events))) {
            client.lookup(lookupOf(citizens.get(0)));
            sandbox.faults().add(POPULATION, SandboxFault.status(500));
            Map<String, Long> failing = counts(lookups(client, api, 10, 1));
            assertTrue(failing.getOrDefault("client.circuit-open", 0L) > 0, "the breaker opened: " + failing);

            long before = sandbox.faults().callsTo(POPULATION);
            Map<String, Long> open = counts(lookups(client, api, 50, 4));
            long reachedWhileOpen = sandbox.faults().callsTo(POPULATION) - before;
            assertEquals(Map.of("client.circuit-open", 50L), open, "fails fast while open");
            assertEquals(0, reachedWhileOpen);

            sandbox.faults().clear(); // the service recovers
            Thread.sleep(900);
            Map<String, Long> recovered = counts(lookups(client, api, 20, 1));
            assertEquals(Map.of("ok", 20L), recovered);
            List<String> transitions = events.stream()
                    .filter(e -> e.type() == ResilienceEvent.Type.CIRCUIT_STATE_CHANGED)
                    .map(e -> e.fromState().orElseThrow() + "->" + e.toState().orElseThrow()).toList();
            assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), transitions);
            long rejections = events.stream().filter(e -> e.type() == ResilienceEvent.Type.REJECTED).count();
            print(String.format("[breaker %s] 100%% 500s: failing %s; while open %s with %d calls reaching the service;"
                    + " after recovery %s; transitions %s; %d rejection events", api, failing, open, reachedWhileOpen,
                    recovered, transitions, rejections));
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void aSigningKeyRotationMidTrafficCausesNoFailedVerification(Api api) throws Exception {
        try (PopulationClient client = PopulationClient.create(config(ResilienceOptions.defaults(),
                Duration.ofSeconds(10), null))) {
            client.lookup(lookupOf(citizens.get(0)));
            CompletableFuture<List<Outcome>> traffic = CompletableFuture.supplyAsync(() -> {
                try {
                    return lookups(client, api, Math.max(300, CALLS), 8);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            String kid = sandbox.rotateSigningKey();
            Map<String, Long> counts = counts(traffic.get(60, TimeUnit.SECONDS));
            print(String.format("[rotation %s] key rotated to %s... mid-traffic: outcomes %s", api,
                    kid.substring(0, 6), counts));
            assertEquals(Map.of("ok", (long) Math.max(300, CALLS)), counts);
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void writesUnderFaultsAreNeverDuplicatedNorLostAndUncertainOnesAreSettled(Api api) throws Exception {
        ResilienceOptions options = ResilienceOptions.builder().maxAttempts(4)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).attemptTimeout(Duration.ofSeconds(2))
                .retryBudget(0.3, 5, 30).build();
        ClientConfig config = config(options, Duration.ofSeconds(5), null).toBuilder()
                .resilience("edocuments", options).build();
        long appliedBefore = sandbox.testWrites().applied();
        try (ApiClient writes = new ApiClient(config, "edocuments", vn.ketnoi.testkit.internal.ServiceMounts.TEST_WRITES,
                java.util.function.UnaryOperator.identity())) {
            writes.serviceBase("/_sandbox/v1"); // the sandbox's test-write service: its own id and mount
            mixedFaults("/_sandbox/v1/writes");
            int n = Math.max(200, CALLS);
            Map<String, Long> outcomes = new ConcurrentHashMap<>();
            AtomicLong settledApplied = new AtomicLong();
            AtomicLong settledNot = new AtomicLong();
            List<String> confirmed = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String ref = "ref-" + api + "-" + i;
                String key = UUID.randomUUID().toString();
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        KetnoiResponse r = write(writes, api, key, ref);
                        assertEquals(201, r.status());
                        confirmed.add(ref);
                        outcomes.merge("ok", 1L, Long::sum);
                    } catch (WriteOutcomeUnknownException e) {
                        outcomes.merge("write.outcome-unknown", 1L, Long::sum);
                        assertEquals(key, e.idempotencyKey());
                        if (settle(writes, key)) {
                            settledApplied.incrementAndGet();
                            confirmed.add(ref);
                        } else {
                            settledNot.incrementAndGet();
                            refused.add(ref);
                        }
                    } catch (KetnoiException e) {
                        outcomes.merge(e.errorCode(), 1L, Long::sum);
                        assertFalse(e.mayHaveBeenApplied(), e.errorCode());
                        refused.add(ref);
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            pool.shutdown();
            long lost = confirmed.stream().filter(r -> !sandbox.testWrites().isStored(r)).count();
            long phantom = refused.stream().filter(r -> sandbox.testWrites().isStored(r)).count();
            long applied = sandbox.testWrites().applied() - appliedBefore;
            print(String.format("[writes %s] %d idempotent writes, 30%% faulted: outcomes %s; uncertain settled by"
                    + " look-up: %d applied, %d not applied; stored %d; duplicates %d; lost %d; reported-not-applied"
                    + " but stored %d; faults %s", api, n, new TreeMap<>(outcomes), settledApplied.get(),
                    settledNot.get(), applied, sandbox.testWrites().duplicates(), lost, phantom,
                    sandbox.faults().injected()));
            assertEquals(0, sandbox.testWrites().duplicates());
            assertEquals(0, lost);
            assertEquals(0, phantom);
            assertEquals(confirmed.size(), applied);
        }
    }

    private static KetnoiResponse write(ApiClient client, Api api, String key, String ref) {
        KetnoiRequest request = KetnoiRequest.builder("POST", URI.create(sandbox.issuer() + "/_sandbox/v1/writes"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("X-Road-UserId", "VN:canbo.faults").header("Ketnoi-Purpose", Purpose.PUBLIC_SERVICE.code())
                .header("Idempotency-Key", key)
                .body(("{\"ref\":\"" + ref + "\"}").getBytes(StandardCharsets.UTF_8))
                .operation("sandbox.write").idempotent(true).build();
        return api == Api.SYNC ? client.call(request) : Pipeline.join(client.callAsync(request));
    }

    /** The documented settlement: look the key up; it says whether the write was applied. */
    private static boolean settle(ApiClient client, String key) {
        KetnoiRequest lookup = KetnoiRequest.builder("GET",
                        URI.create(sandbox.issuer() + "/_sandbox/v1/operations/" + key))
                .header("Accept", "application/json").header("X-Road-UserId", "VN:canbo.faults")
                .header("Ketnoi-Purpose", Purpose.PUBLIC_SERVICE.code())
                .operation("sandbox.operation").idempotent(true).build();
        try {
            return client.call(lookup).status() == 200;
        } catch (KetnoiException e) {
            if ("request.not-found".equals(e.errorCode())) {
                return false;
            }
            fail("the look-up must answer: " + e.getMessage());
            return false;
        }
    }

}
