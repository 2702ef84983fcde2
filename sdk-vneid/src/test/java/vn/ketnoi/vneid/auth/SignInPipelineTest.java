package vn.ketnoi.vneid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.CircuitOpenException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.tracing.TraceParent;
import vn.ketnoi.opentelemetry.KetnoiTracing;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * A VNeID sign-in goes through the plain profile of the pipeline like every other exchange:
 * application interceptors see it, it is traced, and the {@code vneid} service's resilience
 * options apply to it.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class SignInPipelineTest {
    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/callback");

    private final LoginPageDriver browser = new LoginPageDriver();
    private final KetnoiSandbox sandbox;
    private final ClientConfig config;

    SignInPipelineTest(KetnoiSandbox sandbox, ClientConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    @Test
    void aSignInPassesApplicationInterceptorsAndIsTracedUnderTheCallersSpan() {
        List<String> operations = new CopyOnWriteArrayList<>();
        List<String> traceparents = new CopyOnWriteArrayList<>();
        ClientConfig traced = KetnoiTracing.create(OTEL.getOpenTelemetry()).instrument(config.toBuilder())
                .addInterceptor(chain -> {
                    operations.add(chain.request().operation());
                    return chain.proceed(chain.request());
                })
                .addNetworkInterceptor(chain -> {
                    if (toGateway(chain.request())) {
                        return chain.proceed(chain.request());
                    }
                    traceparents.add(chain.request().headers().first(TraceParent.HEADER).orElse("(none)"));
                    return chain.proceed(chain.request());
                })
                .build();
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        Span parent = OTEL.getOpenTelemetry().getTracer("test").spanBuilder("sign-in page").startSpan();
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(traced).redirectUri(CALLBACK).build());
             Scope ignored = parent.makeCurrent()) {
            LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
            VneidLogin login = vneid.completeLogin(start.state(),
                    browser.callback(start.authorizationUri(), demo.idNumber(), 2));
            assertEquals(AssuranceLevel.LEVEL_2, login.level());
        } finally {
            parent.end();
        }

        assertTrue(operations.containsAll(List.of("vneid.discovery", "vneid.par", "vneid.token.authorization_code", "provider.jwks")),
                "the application interceptor sees every exchange of the sign-in: " + operations);
        List<SpanData> spans = OTEL.getSpans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        Set<String> names = spans.stream().map(SpanData::getName).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("vneid.discovery", "vneid.par", "vneid.token.authorization_code")), "client spans: " + names);
        for (SpanData s : spans) {
            assertEquals(parent.getSpanContext().getTraceId(), s.getTraceId(), s.getName() + " is in the caller's trace");
            assertEquals(parent.getSpanContext().getSpanId(), s.getParentSpanId());
        }
        assertTrue(traceparents.stream().allMatch(t -> t.contains(parent.getSpanContext().getTraceId())),
                "the IdP gets the trace context: " + traceparents);
    }

    @Test
    void theVneidBreakerOpensOnAFailingIdentityProviderAndStopsSendingToIt() {
        AtomicInteger reachedIdp = new AtomicInteger();
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        ClientConfig guarded = config.toBuilder()
                .resilience("vneid", ResilienceOptions.builder().maxAttempts(1).circuitBreaker(50, 4, 4)
                        .circuitBreakerRecovery(Duration.ofMinutes(5), 1).build())
                .addResilienceListener(events::add)
                .addNetworkInterceptor(chain -> {
                    if (!toGateway(chain.request())) {
                        reachedIdp.incrementAndGet();
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        sandbox.faults().add("/vneid/", SandboxFault.status(503));
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(guarded).redirectUri(CALLBACK).build())) {
            for (int i = 0; i < 4; i++) {
                KetnoiException e = assertThrows(KetnoiException.class, () -> vneid.startLogin(LoginOptions.defaults()));
                assertEquals("vneid.discovery.http-503", e.errorCode());
            }
            assertEquals(4, reachedIdp.get());

            assertThrows(CircuitOpenException.class, () -> vneid.startLogin(LoginOptions.defaults()));
            assertEquals(4, reachedIdp.get(), "an open breaker sends nothing");
            assertTrue(events.stream().anyMatch(e -> e.type() == ResilienceEvent.Type.CIRCUIT_STATE_CHANGED
                    && "vneid".equals(e.service())), "the transition is reported for service vneid: " + events);
        }
    }

    @Test
    void theCodeExchangeIsNeverRepeatedEvenWhenTheIdentityProviderFails() {
        AtomicInteger tokenRequests = new AtomicInteger();
        ClientConfig retrying = config.toBuilder()
                .resilience("vneid", ResilienceOptions.builder().maxAttempts(3).build())
                .addNetworkInterceptor(chain -> {
                    if (!toGateway(chain.request()) && chain.request().uri().getPath().endsWith("/token")) {
                        tokenRequests.incrementAndGet();
                    }
                    return chain.proceed(chain.request());
                })
                .build();
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(retrying).redirectUri(CALLBACK).build())) {
            LoginRequest start = vneid.startLogin(LoginOptions.defaults());
            URI callback = browser.callback(start.authorizationUri(), demo.idNumber(), 1);
            sandbox.faults().add("/vneid/token", SandboxFault.status(503));

            assertThrows(VneidAuthException.class, () -> vneid.completeLogin(start.state(), callback));
            assertEquals(1, tokenRequests.get(), "an authorization code is sent once");
        }
    }

    @Test
    void aVneidClientOnASharedRuntimeUsesItsPoolAndLeavesItOpen() {
        SyntheticCitizen demo = sandbox.population().demoCitizen();
        try (KetnoiRuntime runtime = KetnoiRuntime.create(config)) {
            try (VneidAuthClient first = VneidAuthClient.builder(runtime).redirectUri(CALLBACK).build()) {
                LoginRequest start = first.startLogin(LoginOptions.defaults());
                first.completeLogin(start.state(), browser.callback(start.authorizationUri(), demo.idNumber(), 1));
            }
            sandbox.stats().reset();
            try (VneidAuthClient second = VneidAuthClient.builder(runtime).redirectUri(CALLBACK).build()) {
                LoginRequest start = second.startLogin(LoginOptions.defaults());
                VneidLogin login = second.completeLogin(start.state(),
                        browser.callback(start.authorizationUri(), demo.idNumber(), 1));
                assertEquals(demo.idNumber(), login.identity().idNumber().orElseThrow().value());
            }
            // The page driver keeps its own connection alive too: no new connection at all.
            assertEquals(0, sandbox.stats().connectionsAccepted(),
                    "the second client reuses the runtime's connections: " + sandbox.stats());
        }
    }

    @Test
    void theClientAssertionFollowsTheOnePolicyOfCore() throws Exception {
        List<String> assertions = new CopyOnWriteArrayList<>();
        ClientConfig watched = config.toBuilder().addNetworkInterceptor(chain -> {
            String body = chain.request().bodyLength() == 0 ? "" : new String(chain.request().body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                if (pair.startsWith("client_assertion=")) {
                    assertions.add(java.net.URLDecoder.decode(pair.substring(17), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return chain.proceed(chain.request());
        }).build();
        try (VneidAuthClient vneid = VneidAuthClient.create(VneidAuthConfig.from(watched).redirectUri(CALLBACK).build())) {
            vneid.startLogin(LoginOptions.defaults()); // pushed: the sandbox offers PAR
        }
        assertEquals(1, assertions.size());
        com.nimbusds.jwt.JWTClaimsSet c = com.nimbusds.jwt.SignedJWT.parse(assertions.get(0)).getJWTClaimsSet();
        assertEquals(vn.ketnoi.core.spi.ClientAssertions.lifetime(config.clockSkew()),
                Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant()));
        assertEquals(Duration.ofSeconds(120), vn.ketnoi.core.spi.ClientAssertions.lifetime(Duration.ofSeconds(60)));
    }

    /**
     * Run through an exchange-layer gateway (the topology runs), the client also fetches the
     * gateway's own token: a request to the gateway, never to the identity provider.
     */
    private static boolean toGateway(KetnoiRequest request) {
        return "gateway.token".equals(request.operation());
    }
}
