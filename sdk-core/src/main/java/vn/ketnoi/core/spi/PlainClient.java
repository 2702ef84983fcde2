package vn.ketnoi.core.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.ResilienceListener;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.RateLimitedException;
import vn.ketnoi.core.exception.ServiceUnavailableException;
import vn.ketnoi.core.internal.ErrorMapper;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.internal.resilience.ResilienceStep;
import vn.ketnoi.core.internal.runtime.ClientRuntime;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The plain profile of the pipeline, for exchanges the Ketnoi protocol does not sign: VNeID
 * discovery, pushed authorization, token, userinfo and CIBA requests, key sets, status lists.
 *
 * <pre>
 *   application interceptors   (once per logical call)
 *   trace context              (as in the signed profile)
 *   resilience                 (rate limiter, bulkhead, circuit breaker; retry of idempotent requests only)
 *   network interceptors
 *   logging
 *   transport                  (the runtime's)
 * </pre>
 *
 * Against the signed profile ({@link ApiClient}) it lacks the token, exchange headers, signature and
 * verification: what its answers mean is the caller's to check. A request carrying a one-time
 * value (an authorization code, a CIBA {@code auth_req_id}, a client assertion) is marked
 * non-idempotent, and the retry step never repeats those. Any status is handed back; an answer
 * counts against the breaker when it is 5xx or 429. Thread-safe.
 */
public final class PlainClient implements AutoCloseable {
    private final ClientRuntime runtime;
    private final boolean ownsRuntime;
    private final ResilienceStep resilience;
    private final Pipeline pipeline;
    private volatile boolean closed;

    /**
     * A plain client on {@code runtime}, with the interceptors and the resilience options
     * {@code settings} has for {@code service}.
     *
     * @param owns whether closing this client closes the runtime
     * @param settings where interceptors and resilience options come from; null for none and the defaults
     */
    private PlainClient(ClientRuntime runtime, boolean owns, String service, ClientConfig settings) {
        this(runtime, owns, service,
                settings == null ? List.of() : settings.interceptors(),
                settings == null ? ResilienceOptions.defaults() : settings.resilience(service),
                settings == null ? List.of() : settings.resilienceListeners());
    }

    /**
     * A plain client with a runtime of its own for {@code config}, closed with it.
     *
     * @param config the configuration
     * @param service the resilience scope, such as {@code vneid}
     */
    public PlainClient(ClientConfig config, String service) {
        this(new ClientRuntime(config), true, service, config);
    }

    /**
     * A plain client for a service configured without an agency configuration of its own (a VNeID
     * relying party), on a runtime of its own with these transport settings.
     *
     * @param settings the agency configuration its interceptors and resilience options come from, or null
     * @param service the resilience scope
     * @param http timeouts and pool sizes
     * @param proxy the outbound proxy
     * @param tls trust anchors and TLS versions
     * @param clock the clock
     * @return the client
     */
    public static PlainClient standalone(String service, HttpOptions http, ProxyOptions proxy, TlsOptions tls,
                                         Clock clock, ClientConfig settings) {
        ClientRuntime own = ClientRuntime.bare(http, proxy, tls, clock,
                settings == null ? List.of() : settings.networkInterceptors(),
                settings == null ? List.of() : settings.gateways());
        return new PlainClient(own, true, service, settings);
    }

    /**
     * A plain client on a shared runtime, configured by the runtime's configuration.
     *
     * @param runtime the shared runtime
     * @param service the resilience scope
     */
    public PlainClient(KetnoiRuntime runtime, String service) {
        this(ClientRuntime.of(runtime), false, service, runtime.config());
    }

    private PlainClient(ClientRuntime runtime, boolean owns, String service, List<Interceptor> interceptors,
                        ResilienceOptions options, List<ResilienceListener> listeners) {
        runtime.checkOpen();
        this.runtime = runtime;
        this.ownsRuntime = owns;
        List<Pipeline.Step> steps = new ArrayList<>();
        interceptors.forEach(i -> steps.add(Pipeline.of(i)));
        steps.add(ApiClient::withTraceParent);
        this.resilience = new ResilienceStep(service, options, listeners, PlainClient::classify, runtime.clock());
        steps.add(resilience);
        steps.addAll(runtime.networkSteps());
        this.pipeline = new Pipeline(steps, runtime::sendSync);
    }

    /**
     * Sends a request through the plain profile on the calling thread, within the call timeout.
     *
     * @param request the request
     * @return the answer, whatever its status
     * @throws KetnoiException when no answer came (transport) or the call was refused (circuit
     *         open, bulkhead full, rate limited)
     */
    public KetnoiResponse send(KetnoiRequest request) {
        return send(request, runtime.clock().instant().plus(runtime.httpOptions().callTimeout()));
    }

    /**
     * {@link #send(KetnoiRequest)} by a given deadline (a key-set fetch has its own).
     *
     * @param request the request
     * @param deadline when to give up
     * @return the answer, whatever its status
     */
    public KetnoiResponse send(KetnoiRequest request, Instant deadline) {
        if (closed) {
            throw ClientRuntime.closedException();
        }
        runtime.checkOpen();
        return pipeline.executeSync(request, deadline);
    }

    /**
     * The runtime's verifier of provider-signed objects (callbacks, status lists, notifications).
     *
     * @return the verifier
     * @throws IllegalStateException for a {@link #standalone} client, which has no provider
     */
    public ProviderJws providerJws() {
        return runtime.providerJws();
    }

    /**
     * The agency configuration of the runtime.
     *
     * @return the configuration
     */
    public ClientConfig config() {
        return runtime.config();
    }

    /**
     * The breaker's state, for health reports.
     *
     * @return the state; empty without a breaker
     */
    public java.util.Optional<vn.ketnoi.core.ResilienceEvent.CircuitState> circuitState() {
        return resilience.circuitState();
    }

    /**
     * The client's health: the breaker's state and the failure record of the exchanges sent
     * through this profile, on a snapshot of the rest (token, certificate).
     *
     * @param rest the snapshot of what the caller knows, whose circuit state is replaced
     * @return the snapshot
     */
    public vn.ketnoi.core.ClientHealth health(vn.ketnoi.core.ClientHealth rest) {
        return resilience.health(rest);
    }

    /** What an answer that is not 2xx means to resilience: the provider's health, by status alone. */
    static KetnoiException classify(KetnoiResponse response) {
        int status = response.status();
        KetnoiServiceException base = new KetnoiServiceException("HTTP " + status, status, "http-" + status, null,
                status >= 500 || status == 429, "HTTP " + status, "", List.of());
        Duration retryAfter = ErrorMapper.retryAfter(response);
        if (status == 429) {
            return new RateLimitedException(base, retryAfter);
        }
        if (status >= 500) {
            return new ServiceUnavailableException(base, retryAfter);
        }
        return base;
    }

    /** Closes this client; the runtime too when the client made it. */
    @Override
    public void close() {
        closed = true;
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
