package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;
import vn.ketnoi.testsupport.TestClock;

/**
 * Signing, verification and tokens, end to end against the sandbox: forged or replayed messages
 * are refused with the documented code and surface as the documented exception.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class SignedExchangeTest {

    private static LookupRequest lookupOf(SyntheticCitizen c) {
        return PopulationLookupTest.requestFor(c).fields(CitizenField.SEX).build();
    }

    private static PopulationClient clientWith(ClientConfig config, Interceptor networkInterceptor) {
        return PopulationClient.create(config.toBuilder().addNetworkInterceptor(networkInterceptor).build());
    }

    /** Only provider API calls, not the token or key endpoints. */
    private static boolean isApiCall(KetnoiRequest r) {
        // The service's paths, whether addressed directly or through a gateway's route.
        return r.uri().getPath().contains("/population/v1/");
    }

    @Test
    @Requirement(value = "R-4.7", side = Side.SDK)
    void aTamperedBodyIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        Interceptor tamper = chain -> {
            KetnoiRequest r = chain.request();
            if (!isApiCall(r)) {
                return chain.proceed(r);
            }
            String body = new String(r.body(), StandardCharsets.UTF_8).replace("\"sex\"", "\"phone\"");
            return chain.proceed(r.toBuilder().body(body.getBytes(StandardCharsets.UTF_8)).build());
        };
        try (PopulationClient client = clientWith(config, tamper)) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class, () -> client.lookup(lookupOf(c)));
            assertEquals("signature.digest-mismatch", e.errorCode());
            assertEquals(401, e.statusCode());
        }
    }

    @Test
    @Requirement(value = "R-4.8", side = Side.SDK)
    void aReplayedRequestIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        AtomicReference<KetnoiRequest> first = new AtomicReference<>();
        Interceptor replay = chain -> {
            KetnoiRequest r = chain.request();
            if (!isApiCall(r)) {
                return chain.proceed(r);
            }
            // The first request goes out as is; the next one is replaced by a copy of the first.
            return first.compareAndSet(null, r) ? chain.proceed(r) : chain.proceed(first.get());
        };
        try (PopulationClient client = clientWith(config, replay)) {
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value());
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class, () -> client.lookup(lookupOf(c)));
            assertEquals("signature.replayed", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-4.5", side = Side.SDK)
    void aStaleTimestampIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency agency = sandbox.defaultAgency();
        Interceptor stale = Forgery.resign(agency.privateKey(), agency.keyId(),
                b -> b.issueTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));
        try (PopulationClient client = clientWith(config, only(stale))) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("signature.stale", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-4.3", side = Side.SDK)
    void anUnknownSigningKeyIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor unknown = Forgery.resign(Forgery.freshEcKey(), "not-registered", b -> b);
        try (PopulationClient client = clientWith(config, only(unknown))) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("signature.unknown-key", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-4.4", side = Side.SDK)
    void aSignatureByAnotherKeyUnderTheRightKidIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor forged = Forgery.resign(Forgery.freshEcKey(), sandbox.defaultAgency().keyId(), b -> b);
        try (PopulationClient client = clientWith(config, only(forged))) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("signature.invalid", e.errorCode());
        }
    }

    @Test
    @Requirement(value = {"R-2.6", "R-2.13"}, side = Side.SDK)
    void aClientAssertionForAnotherAudienceIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency agency = sandbox.defaultAgency();
        Interceptor wrongAudience = chain -> {
            KetnoiRequest r = chain.request();
            if (!r.uri().getPath().endsWith("/oauth2/token")) {
                return chain.proceed(r);
            }
            List<String> params = new ArrayList<>();
            for (String p : new String(r.body(), StandardCharsets.US_ASCII).split("&")) {
                if (p.startsWith("client_assertion=")) {
                    String jws = URLDecoder.decode(p.substring("client_assertion=".length()), StandardCharsets.UTF_8);
                    p = "client_assertion=" + URLEncoder.encode(Forgery.resign(jws, agency.privateKey(), agency.keyId(),
                            b -> b.audience("https://attacker.example/oauth2/token")), StandardCharsets.UTF_8);
                }
                params.add(p);
            }
            return chain.proceed(r.toBuilder().body(String.join("&", params).getBytes(StandardCharsets.US_ASCII)).build());
        };
        try (PopulationClient client = clientWith(config, wrongAudience)) {
            AuthenticationException e = assertThrows(AuthenticationException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("token.invalid_client", e.errorCode());
            assertEquals(401, e.statusCode());
        }
    }

    @Test
    @Requirement(value = "R-5.8", side = Side.SDK)
    void aResponseForAnotherRequestIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        // A man in the middle answers the second call with the (validly signed) answer to the first.
        AtomicReference<KetnoiResponse> firstAnswer = new AtomicReference<>();
        Interceptor swap = chain -> {
            KetnoiRequest r = chain.request();
            KetnoiResponse response = chain.proceed(r);
            if (!isApiCall(r)) {
                return response;
            }
            return firstAnswer.compareAndSet(null, response) ? response : firstAnswer.get().withRequest(r);
        };
        try (PopulationClient client = clientWith(config, swap)) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            client.lookup(lookupOf(c));
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> client.lookup(lookupOf(c)));
            assertEquals("response.binding-mismatch", e.errorCode());
        }
    }

    @Test
    @Requirement(value = "R-2.14", side = Side.SDK)
    void oneTokenServesManyCalls(KetnoiSandbox sandbox, ClientConfig config) {
        try (PopulationClient client = PopulationClient.create(config)) {
            long before = sandbox.stats().tokenRequests();
            for (int i = 0; i < 5; i++) {
                client.lookup(lookupOf(sandbox.population().anyLiving()));
            }
            assertEquals(1, sandbox.stats().tokenRequests() - before);
        }
    }

    @Test
    @Requirement(value = "R-2.14", side = Side.SDK)
    void thirtyTwoCallersFindingTheTokenExpiredCauseOneRefresh(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        // The sandbox issues 40 s tokens; moving our clock 45 s on makes the cached one expired for
        // us (and is still within the 60 s skew both sides allow for signatures).
        sandbox.setTokenLifetime(Duration.ofSeconds(40));
        TestClock clock = TestClock.systemShifted();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().clock(clock).build())) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            client.lookup(lookupOf(c));
            clock.shift(Duration.ofSeconds(45));
            long before = sandbox.stats().tokenRequests();
            assertEquals(32, runConcurrently(32, () -> client.lookup(lookupOf(c))));
            assertEquals(1, sandbox.stats().tokenRequests() - before);
        } finally {
            sandbox.setTokenLifetime(Duration.ofSeconds(300));
        }
    }

    @Test
    @Requirement(value = {"R-2.15", "R-2.16"}, side = Side.SDK)
    void aTokenTheProviderNoLongerHonoursIsReplacedOnceForAllCallers(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        try (PopulationClient client = PopulationClient.create(config)) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            client.lookup(lookupOf(c));
            sandbox.expireAllTokens();
            long before = sandbox.stats().tokenRequests();
            assertEquals(32, runConcurrently(32, () -> client.lookup(lookupOf(c))));
            assertEquals(1, sandbox.stats().tokenRequests() - before);
        }
    }

    @Test
    @Requirement(value = "R-5.4", side = Side.SDK)
    void aRotatedProviderKeyCostsOneKeyFetchNotOnePerCall(KetnoiSandbox sandbox, ClientConfig config) {
        try (PopulationClient client = PopulationClient.create(config)) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            client.lookup(lookupOf(c));
            long before = sandbox.stats().jwksRequests();
            sandbox.rotateSigningKey();
            for (int i = 0; i < 10; i++) {
                client.lookup(lookupOf(c));
            }
            assertEquals(1, sandbox.stats().jwksRequests() - before);
        }
    }

    @Test
    @Requirement(value = "R-5.4", side = Side.SDK)
    void forgedKeyIdsCannotMakeTheClientHammerTheKeyEndpoint(KetnoiSandbox sandbox, ClientConfig config) {
        SandboxAgency agency = sandbox.defaultAgency();
        // Rewrites the kid of every response signature: each names a key the provider never had.
        Interceptor forgeKid = chain -> {
            KetnoiResponse response = chain.proceed(chain.request());
            if (!isApiCall(chain.request())) {
                return response;
            }
            String sig = response.headers().first("Ketnoi-Signature").orElseThrow();
            String forged = Forgery.resign(sig, agency.privateKey(), "forged-" + System.nanoTime(), b -> b);
            return new KetnoiResponse(response.status(),
                    response.headers().toBuilder().set("Ketnoi-Signature", forged).build(), response.body(),
                    response.request());
        };
        try (PopulationClient client = clientWith(config, forgeKid)) {
            long before = sandbox.stats().jwksRequests();
            for (int i = 0; i < 10; i++) {
                ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                        () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
                assertEquals("response.unknown-key", e.errorCode());
            }
            // One fetch for the first unknown kid; the others fall within the 5 s floor.
            assertTrue(sandbox.stats().jwksRequests() - before <= 2,
                    "key fetches: " + (sandbox.stats().jwksRequests() - before));
        }
    }

    @Test
    void noIdNumberNameOrTokenReachesTheLogs(KetnoiSandbox sandbox, ClientConfig config) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        List<String> secrets = new CopyOnWriteArrayList<>();
        Interceptor collect = chain -> {
            chain.request().headers().first("Authorization").ifPresent(v -> secrets.add(v.substring(7)));
            chain.request().headers().first("Ketnoi-Signature").ifPresent(secrets::add);
            return chain.proceed(chain.request());
        };
        try (LogCapture logs = new LogCapture();
             PopulationClient client = clientWith(config, collect)) {
            client.lookup(lookupOf(c));
            assertThrows(IdentityMismatchException.class, () -> client.lookup(
                    PopulationLookupTest.requestFor(c).fullName(c.fullName() + " X").fields(CitizenField.SEX).build()));
            sandbox.expireAllTokens();
            client.lookup(lookupOf(c));
            sandbox.rotateSigningKey();
            client.lookup(lookupOf(c));

            List<String> lines = logs.lines();
            assertTrue(lines.stream().anyMatch(l -> l.contains("population.lookup")),
                    "the SDK's debug log lines were not captured: " + lines.size());
            assertFalse(secrets.isEmpty());
            for (String line : lines) {
                assertFalse(line.contains(c.idNumber()), "ID number in log: " + line);
                assertFalse(line.contains(c.fullName()), "name in log: " + line);
                for (String s : secrets) {
                    assertFalse(line.contains(s), "secret in log: " + line);
                }
            }
        }
    }

    private static Interceptor only(Interceptor onApiCalls) {
        return chain -> isApiCall(chain.request()) ? onApiCalls.intercept(chain) : chain.proceed(chain.request());
    }

    /** Runs the task on n threads released together; returns how many succeeded. */
    private static int runConcurrently(int n, Runnable task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            int ok = 0;
            for (Future<?> f : futures) {
                f.get();
                ok++;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }
}
