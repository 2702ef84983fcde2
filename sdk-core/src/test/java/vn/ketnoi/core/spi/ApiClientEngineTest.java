package vn.ketnoi.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.ServiceUnavailableException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.spi.FakeProvider.Answer;
import vn.ketnoi.core.spi.FakeProvider.Sent;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The core engine on its own, through a fake transport ({@link FakeProvider}): the order of the
 * pipeline's steps, the token refreshed once when many calls learn together that it was revoked,
 * verification of every answer on every path, deadlines, and retries that never repeat a write
 * without its idempotency key. The service modules' tests cover the same engine over HTTP against
 * the sandbox; these pin it where it is built.
 */
class ApiClientEngineTest {

    private static final URI ENDPOINT = URI.create("https://provider.test");
    private static final ResilienceOptions FAST_RETRIES = ResilienceOptions.builder()
            .maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).circuitBreaker(false).build();

    private final FakeProvider provider = new FakeProvider();
    private ApiClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        provider.close();
    }

    private static KetnoiRequest read() {
        return KetnoiRequest.builder("GET", URI.create(ENDPOINT + "/population/v1/citizens/self")).operation("test.read")
                .idempotent(true).build();
    }

    @Test
    @DisplayName("Step order: application interceptors see the call before the SDK's steps, network interceptors see what goes on the wire, verification judges what they pass back")
    void stepOrder() {
        List<String> seen = new ArrayList<>();
        client = provider.client(provider.configFor(ENDPOINT)
                .addInterceptor(chain -> {
                    KetnoiRequest r = chain.request();
                    seen.add("application: token=" + r.headers().contains("Authorization")
                            + " signature=" + r.headers().contains("Ketnoi-Signature"));
                    KetnoiResponse response = chain.proceed(r);
                    seen.add("application: back " + response.status());
                    return response;
                })
                .addNetworkInterceptor(chain -> {
                    KetnoiRequest r = chain.request();
                    seen.add("network " + r.uri().getPath() + ": token=" + r.headers().contains("Authorization")
                            + " client=" + r.headers().first("X-Road-Client").orElse("-")
                            + " id=" + r.headers().contains("X-Road-Id")
                            + " trace=" + r.headers().contains("traceparent")
                            + " signature=" + r.headers().contains("Ketnoi-Signature"));
                    KetnoiResponse response = chain.proceed(r);
                    seen.add("network " + r.uri().getPath() + ": back " + response.status());
                    return response;
                })
                .resilience(ResilienceOptions.disabled()).build());

        client.call(read());

        // The token and the provider's keys are fetched through the network interceptors too (plain
        // profile: no token, no signature); the token before the exchange, the keys while verifying it.
        assertEquals(List.of(
                "application: token=false signature=false",
                "network /oauth2/token: token=false client=- id=false trace=false signature=false",
                "network /oauth2/token: back 200",
                "network /population/v1/citizens/self: token=true client=" + FakeProvider.AGENCY
                        + " id=true trace=true signature=true",
                "network /population/v1/citizens/self: back 200",
                "network /.well-known/jwks.json: token=false client=- id=false trace=false signature=false",
                "network /.well-known/jwks.json: back 200",
                "application: back 200"), seen);
        // The transport received exactly what the network interceptor passed on, signed.
        Sent sent = provider.apiRequests().get(0);
        assertEquals("Bearer tok-1", sent.header("Authorization"));
        assertNotNull(sent.header("Ketnoi-Signature"));
    }

    @Test
    @DisplayName("Verification runs after the network interceptors on the way back: an answer they alter is refused")
    void verificationJudgesWhatNetworkInterceptorsPassBack() {
        client = provider.client(provider.configFor(ENDPOINT)
                .addNetworkInterceptor(chain -> {
                    KetnoiResponse r = chain.proceed(chain.request());
                    if (!chain.request().uri().getPath().startsWith("/population/")) {
                        return r; // the token and the key set pass untouched
                    }
                    return new KetnoiResponse(r.status(), r.headers(), "{\"ok\":false}".getBytes(StandardCharsets.UTF_8), r.request());
                })
                .resilience(ResilienceOptions.disabled()).build());

        ResponseVerificationException e = assertThrows(ResponseVerificationException.class, () -> client.call(read()));
        assertEquals("response.digest-mismatch", e.errorCode());
    }

    @Test
    @DisplayName("Token revoked under load: N calls learn it at once (auth.token-invalid), one new token is fetched, every call succeeds with it")
    void tokenRefreshedOnceUnderConcurrency() throws Exception {
        int n = 8;
        client = provider.client(provider.configFor(ENDPOINT).resilience(ResilienceOptions.disabled()).build());
        client.call(read()); // tok-1 cached
        assertEquals(1, provider.tokensIssued());

        CountDownLatch allArrived = new CountDownLatch(n);
        provider.api = r -> {
            if ("Bearer tok-1".equals(r.headers().first("Authorization").orElse(null))) {
                // Hold every call that still carries the revoked token until all N have it in flight.
                allArrived.countDown();
                try {
                    allArrived.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Answer.problem(401, "auth.token-invalid");
            }
            return Answer.ok("{\"ok\":true}");
        };
        ExecutorService callers = Executors.newFixedThreadPool(n);
        try {
            List<Future<KetnoiResponse>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(callers.submit(() -> client.call(read())));
            }
            for (Future<KetnoiResponse> f : calls) {
                assertEquals(200, f.get(20, TimeUnit.SECONDS).status());
            }
        } finally {
            callers.shutdownNow();
        }

        assertEquals(2, provider.tokensIssued(), "one token at start, exactly one after the revocation");
        List<String> tokens = provider.apiRequests().stream().skip(1).map(s -> s.header("Authorization")).collect(Collectors.toList());
        assertEquals(n, tokens.stream().filter("Bearer tok-1"::equals).count());
        assertEquals(n, tokens.stream().filter("Bearer tok-2"::equals).count(), "each call repeated once, with the new token");
    }

    @Test
    @DisplayName("Verification, synchronous path: an unsigned answer and an answer whose body is not the one signed are refused")
    void verifiedOnTheSynchronousPath() {
        client = provider.client(provider.configFor(ENDPOINT).resilience(ResilienceOptions.disabled()).build());

        provider.api = r -> Answer.unsigned("{\"ok\":true}");
        assertEquals("response.signature-missing",
                assertThrows(ResponseVerificationException.class, () -> client.call(read())).errorCode());

        provider.api = r -> Answer.tampered("{\"ok\":true}", "{\"ok\":false}");
        assertEquals("response.digest-mismatch",
                assertThrows(ResponseVerificationException.class, () -> client.call(read())).errorCode());

        provider.api = r -> Answer.ok("{\"ok\":true}");
        assertEquals(200, client.call(read()).status());
    }

    @Test
    @DisplayName("Verification, asynchronous path: the same refusals from callAsync, on the asynchronous transport")
    void verifiedOnTheAsynchronousPath() throws Exception {
        URI endpoint = provider.serveOverHttp();
        client = provider.client(provider.configFor(endpoint).resilience(ResilienceOptions.disabled()).build());
        KetnoiRequest read = KetnoiRequest.builder("GET", URI.create(endpoint + "/population/v1/citizens/self"))
                .operation("test.read").idempotent(true).build();

        provider.api = r -> Answer.unsigned("{\"ok\":true}");
        CompletionException unsigned = assertThrows(CompletionException.class, () -> client.callAsync(read).join());
        assertEquals("response.signature-missing", ((ResponseVerificationException) unsigned.getCause()).errorCode());

        provider.api = r -> Answer.tampered("{\"ok\":true}", "{\"ok\":false}");
        CompletionException tampered = assertThrows(CompletionException.class, () -> client.callAsync(read).join());
        assertEquals("response.digest-mismatch", ((ResponseVerificationException) tampered.getCause()).errorCode());

        provider.api = r -> Answer.ok("{\"ok\":true}");
        assertEquals(200, client.callAsync(read).get(20, TimeUnit.SECONDS).status());
    }

    @Test
    @DisplayName("Verification, retried call: the answer of the attempt after a retry is verified too, and an altered one ends the call")
    void verifiedAfterARetry() {
        client = provider.client(provider.configFor(ENDPOINT).resilience(FAST_RETRIES).build());
        List<Answer> script = new ArrayList<>(List.of(Answer.problem(503, "server.unavailable"),
                Answer.tampered("{\"ok\":true}", "{\"ok\":false}")));
        provider.api = r -> script.size() > 1 ? script.remove(0) : script.get(0);

        ResponseVerificationException e = assertThrows(ResponseVerificationException.class, () -> client.call(read()));
        assertEquals("response.digest-mismatch", e.errorCode());
        assertTrue(provider.apiRequests().size() >= 2, "the 503 was retried");
    }

    @Test
    @DisplayName("Deadlines: no attempt is given more time than the call has left, nor more than the attempt timeout")
    void attemptsNeverOutliveTheCall() {
        Duration callTimeout = Duration.ofSeconds(2);
        Duration attemptTimeout = Duration.ofMillis(700);
        client = provider.client(provider.configFor(ENDPOINT)
                .httpOptions(HttpOptions.builder().callTimeout(callTimeout).build())
                .resilience(FAST_RETRIES.toBuilder().attemptTimeout(attemptTimeout).build()).build());
        List<Answer> script = new ArrayList<>(List.of(Answer.problem(503, "server.unavailable"),
                Answer.problem(503, "server.unavailable"), Answer.ok("{\"ok\":true}")));
        provider.api = r -> script.remove(0);

        Instant start = Instant.now();
        client.call(read());
        Instant callDeadline = Instant.now().plus(callTimeout); // later than the real one: a safe bound

        List<Sent> attempts = provider.apiRequests();
        assertEquals(3, attempts.size());
        for (Sent s : attempts) {
            assertFalse(s.deadline().isAfter(callDeadline), "within the call's deadline");
            assertFalse(s.deadline().isAfter(s.at().plus(attemptTimeout)), "within the attempt timeout");
            assertTrue(s.deadline().isAfter(start), "a deadline in the future");
        }

        // A call timeout shorter than the attempt timeout: the call's deadline wins.
        FakeProvider other = new FakeProvider();
        try (ApiClient shortCall = other.client(other.configFor(ENDPOINT)
                .httpOptions(HttpOptions.builder().callTimeout(Duration.ofMillis(500)).build())
                .resilience(ResilienceOptions.builder().attemptTimeout(Duration.ofSeconds(10)).build()).build())) {
            Instant before = Instant.now();
            shortCall.call(read());
            Sent only = other.apiRequests().get(0);
            assertFalse(only.deadline().isAfter(before.plusMillis(500).plusMillis(50)), "the call's 500 ms, not the attempt's 10 s");
        }
    }

    @Test
    @DisplayName("Retries: a write without an idempotency key is sent once; a write with one is repeated with the same key")
    void writesAreRepeatedOnlyWithTheirIdempotencyKey() {
        client = provider.client(provider.configFor(ENDPOINT).resilience(FAST_RETRIES).build());
        provider.api = r -> Answer.problem(503, "server.unavailable");
        KetnoiRequest bareWrite = KetnoiRequest.builder("POST", URI.create(ENDPOINT + "/population/v1/changes"))
                .header("Content-Type", "application/json").body("{}".getBytes(StandardCharsets.UTF_8))
                .operation("test.write").build();

        assertThrows(ServiceUnavailableException.class, () -> client.call(bareWrite));
        assertEquals(1, provider.apiRequests().size(), "a write without a key is never sent twice");

        List<Answer> script = new ArrayList<>(List.of(Answer.problem(503, "server.unavailable"),
                Answer.problem(503, "server.unavailable"), Answer.ok("{\"ok\":true}")));
        provider.api = r -> script.remove(0);
        KetnoiRequest keyedWrite = bareWrite.toBuilder().header("Idempotency-Key", "key-0001").idempotent(true).build();
        assertEquals(200, client.call(keyedWrite).status());

        List<Sent> attempts = provider.apiRequests().subList(1, 4);
        assertEquals(Set.of("key-0001"), attempts.stream().map(s -> s.header("Idempotency-Key")).collect(Collectors.toSet()),
                "every attempt carries the same key");
        assertEquals(3, attempts.stream().map(s -> s.header("X-Road-Id")).distinct().count(), "each attempt is its own exchange");
        assertNotEquals(attempts.get(0).header("Ketnoi-Signature"), attempts.get(1).header("Ketnoi-Signature"));
        assertEquals(1, provider.apiRequests().stream().filter(s -> s.header("Idempotency-Key") == null).count(),
                "the keyless write was sent once, the keyed one only with its key");
    }

    @Test
    @DisplayName("Retries: when every attempt of a keyed write may have been applied, the call ends in write-outcome-unknown, naming the key")
    void keyedWriteThatMayHaveBeenAppliedIsReportedAsUnknown() {
        client = provider.client(provider.configFor(ENDPOINT).resilience(FAST_RETRIES).build());
        provider.api = r -> Answer.problem(500, "server.internal");
        KetnoiRequest keyedWrite = KetnoiRequest.builder("POST", URI.create(ENDPOINT + "/population/v1/changes"))
                .header("Idempotency-Key", "key-0002").body("{}".getBytes(StandardCharsets.UTF_8))
                .operation("test.write").idempotent(true).build();

        WriteOutcomeUnknownException e = assertThrows(WriteOutcomeUnknownException.class, () -> client.call(keyedWrite));
        assertEquals("key-0002", e.idempotencyKey());
        assertEquals(3, e.attempts());
        assertNull(provider.apiRequests().stream().filter(s -> s.header("Idempotency-Key") == null).findAny().orElse(null));
    }

    private static final ServiceId CATALOGUE = ServiceId.parse("VN/GOV/SANDBOX.NDXP/CATALOGUE/catalogue/v1");

    private static String claim(String jws, String name) throws Exception {
        return String.valueOf(com.nimbusds.jwt.SignedJWT.parse(jws).getJWTClaimsSet().getClaim(name));
    }

    @Test
    @DisplayName("A request that names its service is signed for it: srv is that service, pth the path under its route")
    void perRequestServiceIsWhatTheSignatureBinds() throws Exception {
        client = provider.client(provider.configFor(ENDPOINT)
                .route(CATALOGUE, URI.create(ENDPOINT + "/lgsp/r1/catalogue")).build());
        String base = client.serviceBase(CATALOGUE, null);
        assertEquals(ENDPOINT + "/lgsp/r1/catalogue", base);

        client.call(KetnoiRequest.builder("GET", URI.create(base + "/services")).service(CATALOGUE)
                .operation("test.catalogue").idempotent(true).build());
        client.call(read());

        String named = provider.apiRequests().get(0).header("Ketnoi-Signature");
        assertEquals(CATALOGUE.toString(), claim(named, "srv"));
        assertEquals("/services", claim(named, "pth"));
        // The client's own service is unchanged for requests that name none.
        String own = provider.apiRequests().get(1).header("Ketnoi-Signature");
        assertEquals("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1", claim(own, "srv"));
    }

    @Test
    @DisplayName("A service with no route and no default mount is refused before anything is sent")
    void serviceWithoutRouteOrDefaultIsRefusedBeforeSending() {
        client = provider.client(provider.configFor(ENDPOINT).build());

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> client.serviceBase(CATALOGUE, null));
        assertTrue(e.getMessage().contains(CATALOGUE.toString()), e.getMessage());
        // Named on a request without its base ever found: refused by the signing step, not sent.
        InvalidInputException e2 = assertThrows(InvalidInputException.class, () -> client.call(KetnoiRequest
                .builder("GET", URI.create(ENDPOINT + "/catalogue/v1/services")).service(CATALOGUE)
                .operation("test.catalogue").idempotent(true).build()));
        assertTrue(e2.getMessage().contains("no route"), e2.getMessage());
        assertTrue(provider.apiRequests().isEmpty());
    }
}
