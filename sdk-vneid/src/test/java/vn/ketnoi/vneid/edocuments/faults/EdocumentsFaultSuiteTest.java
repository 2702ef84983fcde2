package vn.ketnoi.vneid.edocuments.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentRecord;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DrivingLicence;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.vneid.edocuments.OperationOutcome;
import vn.ketnoi.vneid.edocuments.PreparedWrite;

/**
 * E-document issuances under injected faults, against the running sandbox's wallet over HTTP,
 * for the synchronous and the asynchronous API: 30 % of the calls to the issuance route are
 * faulted, by every kind (latency, slow drip, 500, 503, 429 with Retry-After, reset before the
 * write, reset after the write is stored, truncated body), the provider's JWKS endpoint answers
 * 503 to 30 % of fetches, and the provider's signing key is rotated half-way. Each issuance must
 * end in a record or a typed error; every {@code write.outcome-unknown} is settled by the
 * documented look-up ({@link EdocumentsClient#operation(String)}); the wallet is then counted:
 * no duplicate, no lost issuance, nothing stored that was reported as not applied.
 *
 * <p>Prints its figures (and appends them to {@code target/resilience-figures.txt}). Size:
 * {@code -Dketnoi.faults.issuances=10000} for the full run; the default keeps the suite near a
 * minute on two cores.
 */
class EdocumentsFaultSuiteTest {
    static final int ISSUANCES = Integer.getInteger("ketnoi.faults.issuances", 1000);
    static final String ISSUE_ROUTE = "/edocuments/v1/documents";
    static final Path FIGURES = Path.of("target", "resilience-figures.txt");

    enum Api { SYNC, ASYNC }

    static KetnoiSandbox sandbox;
    static List<String> subjects;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(500).build().start();
        subjects = sandbox.population().citizens().stream()
                .filter(c -> !c.isDeceased() && sandbox.population().vneidLevel(c) == 2)
                .map(SyntheticCitizen::idNumber).limit(100).toList();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void noFaults() {
        sandbox.faults().clear().seed(7);
        sandbox.faults().resetCounts();
    }

    /** 30 % of the calls to the issuance route faulted, by every kind, in equal shares. */
    static void mixedFaults(String prefix) {
        double each = 0.30 / 8;
        List<SandboxFault> kinds = List.of(SandboxFault.latency(Duration.ofMillis(300)),
                SandboxFault.slowDrip(Duration.ofMillis(15)), SandboxFault.status(500),
                SandboxFault.serviceUnavailable(Duration.ZERO), SandboxFault.rateLimited(Duration.ofSeconds(1)),
                SandboxFault.resetBeforeApply(), SandboxFault.resetAfterApply(), SandboxFault.truncatedBody());
        for (int i = 0; i < kinds.size(); i++) {
            // The faults of a path are drawn in turn: scale each so that every kind hits 30 % / 8 of all calls.
            sandbox.faults().add(prefix, kinds.get(i).rate(each / (1 - i * each)));
        }
    }

    static Document licence(String id, String subject) {
        return Document.builder().documentId(id).subject(subject)
                .issueDate(LocalDate.of(2025, 7, 1)).validUntil(LocalDate.of(2035, 7, 1))
                .payload(DrivingLicence.builder().licenceNumber("010203040506").classes("A1", "B")
                        .issuedBy("Sở Giao thông vận tải Hà Nội").build())
                .build();
    }

    static boolean inWallet(String documentId) {
        try {
            sandbox.wallet().status(sandbox.defaultAgency().id(), documentId);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What one issuance ended in, after settlement; {@code write} to send again when it was not applied. */
    record Ending(PreparedWrite write, String code, boolean applied) {
        String documentId() {
            return write.documentId();
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void issuancesUnderThirtyPercentFaultsAreNeitherDuplicatedNorLost(Api api) throws Exception {
        ResilienceOptions options = ResilienceOptions.builder().maxAttempts(4)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(400)).attemptTimeout(Duration.ofSeconds(2))
                .retryBudget(0.5, 5, 50).build();
        ClientConfig config = SandboxClients.configFor(sandbox).toBuilder()
                .httpOptions(HttpOptions.builder().callTimeout(Duration.ofSeconds(6)).build())
                .resilience("edocuments", options).build();
        int walletBefore = sandbox.wallet().countDocuments();
        try (EdocumentsClient edocs = EdocumentsClient.builder(config)
                .signingKey(DocumentSigningKey.of(sandbox.wallet().documentSigningCredentials(sandbox.defaultAgency())))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.faults")).build()) {
            edocs.issue(licence("warm-" + api, subjects.get(0))); // token and keys before the faults
            walletBefore++;
            mixedFaults(ISSUE_ROUTE);
            sandbox.faults().add("/.well-known/jwks.json", SandboxFault.status(503).rate(0.3));

            ConcurrentLinkedQueue<Ending> endings = new ConcurrentLinkedQueue<>();
            Map<String, Long> outcomes = new ConcurrentHashMap<>();
            AtomicLong settledApplied = new AtomicLong();
            AtomicLong settledNot = new AtomicLong();
            int concurrency = 16;
            Semaphore slots = new Semaphore(concurrency);
            ExecutorService pool = api == Api.SYNC ? Executors.newFixedThreadPool(concurrency) : null;
            long start = System.nanoTime();
            String rotatedTo = null;
            for (int i = 0; i < ISSUANCES; i++) {
                if (i == ISSUANCES / 2) {
                    rotatedTo = sandbox.rotateSigningKey(); // mid-traffic, with the JWKS endpoint failing too
                }
                String id = "F-" + api + "-" + i;
                // Signed once, before sending: every attempt of this issuance carries these bytes and this key.
                PreparedWrite write = edocs.prepare(licence(id, subjects.get(i % subjects.size())));
                slots.acquire();
                if (api == Api.SYNC) {
                    pool.execute(() -> {
                        try {
                            endings.add(ended(edocs, write, edocs.issue(write), null, outcomes, settledApplied, settledNot));
                        } catch (RuntimeException e) {
                            endings.add(ended(edocs, write, null, e, outcomes, settledApplied, settledNot));
                        } finally {
                            slots.release();
                        }
                    });
                } else {
                    edocs.issueAsync(write).whenComplete((r, e) -> {
                        // Settling blocks: off the completing thread.
                        CompletableFuture.runAsync(() -> {
                            try {
                                endings.add(ended(edocs, write, r, e == null ? null : Pipeline.unwrap(e), outcomes,
                                        settledApplied, settledNot));
                            } finally {
                                slots.release();
                            }
                        });
                    });
                }
            }
            slots.acquire(concurrency);
            if (pool != null) {
                pool.shutdown();
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            sandbox.faults().clear();

            List<Ending> all = List.copyOf(endings);
            long confirmed = all.stream().filter(Ending::applied).count();
            long lost = all.stream().filter(e -> e.applied() && !inWallet(e.documentId())).count();
            long phantom = all.stream().filter(e -> !e.applied() && inWallet(e.documentId())).count();
            long stored = sandbox.wallet().countDocuments() - walletBefore;
            long duplicates = stored - all.stream().map(Ending::documentId).filter(EdocumentsFaultSuiteTest::inWallet).count();
            long serverCalls = sandbox.faults().callsTo(ISSUE_ROUTE);
            // The documented follow-up of "not applied": send the same prepared write again, same key.
            long resent = 0;
            for (Ending e : all) {
                if (!e.applied()) {
                    assertEquals(e.documentId(), edocs.issue(e.write()).documentId());
                    resent++;
                }
            }
            long finallyStored = sandbox.wallet().countDocuments() - walletBefore;
            print(String.format("[edocuments %s] %d issuances, 30%% of issuance calls faulted (latency, slow-drip, 500,"
                    + " 503, 429, reset-before, reset-after-stored, truncate; JWKS 503 at 30%%; signing key rotated"
                    + " to %s... half-way): outcomes %s; uncertain settled by operation(key): %d applied, %d not"
                    + " applied; wallet holds %d new documents for %d confirmed issuances; duplicates %d; lost %d;"
                    + " reported-not-applied but stored %d; after sending the %d not applied again with their keys the"
                    + " wallet holds %d for %d issuances; server saw %d issuance calls; faults %s; %d ms",
                    api, ISSUANCES, rotatedTo.substring(0, 6), new TreeMap<>(outcomes), settledApplied.get(),
                    settledNot.get(), stored, confirmed, duplicates, lost, phantom, resent, finallyStored, ISSUANCES,
                    serverCalls,
                    sandbox.faults().injected(), ms));
            assertEquals(ISSUANCES, all.size());
            for (String code : outcomes.keySet()) {
                assertFalse(code.startsWith("UNTYPED") || code.startsWith("WRONG") || code.startsWith("UNSETTLED"),
                        "outcome " + code + ": " + outcomes);
            }
            assertEquals(0, duplicates);
            assertEquals(0, lost);
            assertEquals(0, phantom);
            assertEquals(confirmed, stored);
            assertEquals(ISSUANCES, finallyStored, "every issuance issued, exactly once");
            assertTrue(outcomes.getOrDefault("ok", 0L) > ISSUANCES / 2, "most issuances succeed: " + outcomes);
        }
    }

    /** Classifies one ending; an uncertain one is settled here by the documented look-up. */
    private static Ending ended(EdocumentsClient edocs, PreparedWrite write, DocumentRecord record, Throwable failure,
                                Map<String, Long> outcomes, AtomicLong settledApplied, AtomicLong settledNot) {
        String id = write.documentId();
        if (failure == null) {
            boolean right = record.documentId().equals(id);
            outcomes.merge(right ? "ok" : "WRONG RECORD", 1L, Long::sum);
            return new Ending(write, "ok", right);
        }
        if (failure instanceof WriteOutcomeUnknownException u) {
            outcomes.merge(u.errorCode(), 1L, Long::sum);
            if (!u.idempotencyKey().equals(write.idempotencyKey())) {
                outcomes.merge("WRONG KEY", 1L, Long::sum);
            }
            try {
                Optional<OperationOutcome> o = edocs.operation(u.idempotencyKey());
                boolean applied = o.isPresent() && o.get().wasApplied();
                (applied ? settledApplied : settledNot).incrementAndGet();
                return new Ending(write, u.errorCode(), applied);
            } catch (KetnoiException e) {
                outcomes.merge("UNSETTLED " + e.errorCode(), 1L, Long::sum);
                return new Ending(write, "UNSETTLED", false);
            }
        }
        if (failure instanceof KetnoiException k) {
            // Any other typed failure of a write says it was not applied.
            outcomes.merge(k.mayHaveBeenApplied() ? "UNTYPED uncertain " + k.errorCode() : k.errorCode(), 1L, Long::sum);
            return new Ending(write, k.errorCode(), false);
        }
        outcomes.merge("UNTYPED " + failure.getClass().getName(), 1L, Long::sum);
        return new Ending(write, "UNTYPED", false);
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
}
