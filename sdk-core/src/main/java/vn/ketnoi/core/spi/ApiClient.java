package vn.ketnoi.core.spi;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.internal.audit.Auditor;
import vn.ketnoi.core.internal.auth.TokenProvider;
import vn.ketnoi.core.internal.json.JsonLimits;
import vn.ketnoi.core.internal.crypto.CanonicalUrl;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.spi.ProviderJws;
import vn.ketnoi.core.internal.crypto.RequestSigner;
import vn.ketnoi.core.internal.crypto.ResponseVerifier;
import vn.ketnoi.core.internal.http.DeadlineTimer;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.internal.resilience.ResilienceStep;
import vn.ketnoi.core.internal.runtime.ClientRuntime;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.tracing.TraceParent;
import vn.ketnoi.core.internal.ErrorMapper;
import vn.ketnoi.core.internal.ExchangeLayerError;
import vn.ketnoi.core.internal.Untrusted;

/**
 * The engine every service client is built on: it holds the token, the signer and the service's
 * resilience state, and runs each call through the one signed pipeline, over its runtime's
 * transports, synchronously ({@link #call}) or asynchronously ({@link #callAsync}):
 *
 * <pre>
 *   application interceptors   (once per logical call)
 *   trace context              (forwards the traceparent an interceptor set, or starts a trace)
 *   resilience                 (rate limiter, bulkhead, circuit breaker, retry: see ResilienceStep)
 *   -- once per attempt, within the attempt's deadline --
 *   access token            (adds the bearer token; on auth.token-invalid gets a new one, once)
 *   exchange headers        (X-Road-Client, a fresh X-Road-Id per HTTP request)
 *   request signature       (Ketnoi-Signature over what is about to be sent)
 *   response verification   (against the request actually sent)
 *   gateway credential      (hop-by-hop, only under a configured gateway's URL: see ClientRuntime)
 *   network interceptors
 *   logging
 *   transport               (classic HttpClient for sync calls, the async client for async ones)
 * </pre>
 *
 * The transports, the worker pool and the provider's key cache belong to the {@link ClientRuntime}
 * it runs on, which several clients may share; the token, signer and resilience state are this
 * client's. Thread-safe. Not public API: service modules use it, applications do not.
 */
public final class ApiClient implements AutoCloseable {
    private final ClientRuntime runtime;
    private final boolean ownsRuntime;
    private final ClientConfig config;
    private final Clock clock;
    private final Pipeline pipeline;
    private final Pipeline asyncPipeline;
    private final TokenProvider tokens;
    private final RequestSigner signer;
    private final ResponseVerifier verifier;
    private final ErrorMapper errors;
    private final JwksCache keys;
    private final JsonLimits jsonLimits;
    private final Auditor auditor;
    private final ResilienceStep resilience;
    private final String service;
    private final ServiceId serviceId;
    private volatile String base; // what request URIs are relative to: pth is the rest (protocol section 4)
    /** The bases of the services requests name one by one ({@link KetnoiRequest#service()}), as {@link #serviceBase(ServiceId, String)} found them. */
    private final Map<ServiceId, String> bases = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The default ids of the services built on this engine: PopulationClient.SERVICE and EdocumentsClient.SERVICE. */
    private static final Map<String, ServiceId> DEFAULT_IDS = Map.of(
            "population", ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1"),
            "edocuments", ServiceId.parse("VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1"));

    /**
     * A client with a runtime of its own, closed with it.
     *
     * @param scope          the OAuth scope of the service; also names its resilience options
     * @param defaultService the service's id unless the configuration overrides it ({@link ClientConfig#serviceId})
     * @param serviceErrors  refines a provider error into a service-specific exception, or
     *                       returns it unchanged
     * @param config the configuration
     */
    public ApiClient(ClientConfig config, String scope, ServiceId defaultService,
                     UnaryOperator<KetnoiServiceException> serviceErrors) {
        this(new ClientRuntime(config), true, scope, defaultService, serviceErrors);
    }

    /**
     * A client on a shared runtime, which it uses and never closes.
     *
     * @param runtime the shared runtime
     * @param scope the OAuth scope of the service; also names its resilience options
     * @param defaultService the service's id unless the configuration overrides it
     * @param serviceErrors refines a provider error into a service-specific exception, or returns it unchanged
     */
    public ApiClient(KetnoiRuntime runtime, String scope, ServiceId defaultService,
                     UnaryOperator<KetnoiServiceException> serviceErrors) {
        this(ClientRuntime.of(runtime), false, scope, defaultService, serviceErrors);
    }

    /**
     * A client of {@code population} or {@code edocuments} at its default id, with a runtime of its own.
     *
     * @param config the configuration
     * @param scope {@code population} or {@code edocuments}
     * @param serviceErrors refines a provider error into a service-specific exception, or returns it unchanged
     */
    public ApiClient(ClientConfig config, String scope, UnaryOperator<KetnoiServiceException> serviceErrors) {
        this(config, scope, defaultId(scope), serviceErrors);
    }

    /**
     * A client of {@code population} or {@code edocuments} at its default id, on a shared runtime.
     *
     * @param runtime the shared runtime
     * @param scope {@code population} or {@code edocuments}
     * @param serviceErrors refines a provider error into a service-specific exception, or returns it unchanged
     */
    public ApiClient(KetnoiRuntime runtime, String scope, UnaryOperator<KetnoiServiceException> serviceErrors) {
        this(runtime, scope, defaultId(scope), serviceErrors);
    }

    /** A client that owns {@code runtime}: tests over a fake transport ({@code ClientRuntime(config, transport)}). */
    ApiClient(ClientRuntime runtime, String scope, UnaryOperator<KetnoiServiceException> serviceErrors) {
        this(runtime, true, scope, defaultId(scope), serviceErrors);
    }

    private static ServiceId defaultId(String scope) {
        ServiceId id = scope == null ? null : DEFAULT_IDS.get(scope);
        if (id == null) {
            throw new InvalidInputException("scope", "has no default service id; give one");
        }
        return id;
    }

    /** A client on {@code runtime}; {@code owns}: whether closing this client closes the runtime. */
    private ApiClient(ClientRuntime runtime, boolean owns, String scope, ServiceId defaultService,
                      UnaryOperator<KetnoiServiceException> serviceErrors) {
        runtime.checkOpen();
        this.runtime = runtime;
        this.ownsRuntime = owns;
        this.config = runtime.config();
        this.clock = config.clock();
        this.errors = new ErrorMapper(serviceErrors);
        this.jsonLimits = new JsonLimits(config.httpOptions().limits());
        this.auditor = new Auditor(config, scope);
        this.signer = new RequestSigner(config.credentials(), config.agencyId(), clock, config.clockSkew());

        this.tokens = new TokenProvider(config.tokenEndpoint(), config.providerIssuer(), config.agencyId(), scope, signer,
                runtime.networkPipeline()::executeSync, clock);
        this.keys = runtime.providerKeys();
        this.verifier = new ResponseVerifier(keys, config.providerIssuer(), config.agencyId(), clock, config.clockSkew());

        List<Pipeline.Step> all = new ArrayList<>();
        for (Interceptor i : config.interceptors()) {
            all.add(Pipeline.of(i));
        }
        all.add(ApiClient::withTraceParent);
        this.service = scope;
        if (defaultService == null) {
            throw new InvalidInputException("serviceId", "is required");
        }
        this.serviceId = config.serviceId(scope, defaultService);
        // The provider's own mount (/population/v1, /edocuments/v1) until serviceBase names it. A client
        // asking for several scopes ("population catalogue": the exchange client) has none, and a space
        // in the path would make the URL unparseable.
        String mount = scope != null && scope.contains(" ") ? "" : scope;
        this.base = stripSlash(config.serviceUrl(serviceId, "/" + mount + "/v1").toString());
        this.resilience = new ResilienceStep(scope, config.resilience(scope), config.resilienceListeners(),
                errors::toException, clock);
        all.add(resilience);
        all.add(this::withToken);
        all.add(this::withExchangeHeaders);
        all.add(this::withSignature);
        all.add(this::verified);
        all.addAll(runtime.networkSteps());
        this.pipeline = new Pipeline(all, runtime::sendSync);
        this.asyncPipeline = new Pipeline(all, runtime::sendAsync);
    }

    /** {@return the configuration of the runtime} */
    public ClientConfig config() {
        return config;
    }

    /**
     * A snapshot of the breaker's state, the cached token's expiry, the certificate's and the
     * failure record; sends nothing.
     *
     * @return the snapshot
     */
    public ClientHealth health() {
        return resilience.health(ClientHealth.of(service, null, tokens.expiresAt(),
                ClientHealth.certificateNotAfter(config.credentials().certificateChain()), clock.instant()));
    }

    /**
     * Sends a provider API request through the whole pipeline on the calling thread. Returns the
     * verified response when its status is 2xx; otherwise throws the mapped exception.
     *
     * @param request the request, built with {@link #request}
     * @return the verified response
     */
    public KetnoiResponse call(KetnoiRequest request) {
        checkOpen();
        Instant deadline = clock.instant().plus(config.httpOptions().callTimeout());
        KetnoiResponse response;
        try {
            response = pipeline.executeSync(request, deadline);
            if (!response.isSuccessful()) {
                throw errors.toException(response);
            }
        } catch (RuntimeException e) {
            auditor.call(request, null, e);
            throw e;
        }
        auditor.call(request, response, null);
        return response;
    }

    /**
     * The runtime's verifier of provider-signed objects other than responses, such as change notifications.
     *
     * @return the verifier
     */
    public ProviderJws providerJws() {
        return runtime.providerJws();
    }

    /**
     * The same call without blocking, on the asynchronous HTTP client: the future completes with
     * the verified 2xx response or fails with the mapped exception, by the call's deadline.
     * Cancelling the future aborts the exchange in flight and any retry to come.
     *
     * @param request the request
     * @return the verified response, when it completes
     */
    public CompletableFuture<KetnoiResponse> callAsync(KetnoiRequest request) {
        CallContext context;
        try {
            checkOpen();
            context = runtime.asyncContext();
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        Instant deadline = clock.instant().plus(config.httpOptions().callTimeout());
        CompletableFuture<KetnoiResponse> result = new CompletableFuture<>();
        DeadlineTimer.Watch timer = DeadlineTimer.shared().schedule(
                Duration.between(clock.instant(), deadline).toNanos(), () -> context.abort("transport.timeout"));
        result.whenComplete((r, e) -> {
            timer.cancel();
            if (result.isCancelled()) {
                context.abort("client.cancelled");
            }
        });
        if (auditor.enabled()) {
            result.whenComplete((r, e) -> auditor.call(request, r, e == null ? null : Pipeline.unwrap(e)));
        }
        asyncPipeline.execute(request, deadline, context).whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Pipeline.unwrap(failure));
            } else if (!response.isSuccessful()) {
                try {
                    result.completeExceptionally(errors.toException(response));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            } else {
                result.complete(response);
            }
        });
        return result;
    }

    private void checkOpen() {
        if (closed) {
            throw ClientRuntime.closedException();
        }
        runtime.checkOpen();
    }

    /**
     * Serialises a wire object to JSON bytes.
     *
     * @param body a wire object
     * @return the JSON
     */
    public static byte[] toJson(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /**
     * Binds a verified response body to a wire type; a body that does not fit is {@code response.malformed}.
     *
     * @param response a verified response
     * @param type the wire type
     * @param <T> the wire type
     * @return the bound value
     */
    public static <T> T fromJson(KetnoiResponse response, Class<T> type) {
        try {
            T value = Json.mapper().readValue(response.body(), type);
            if (value == null) {
                throw new IOException("empty body");
            }
            return value;
        } catch (IOException e) {
            throw malformed(response, "the body is not the JSON the protocol defines (" + type.getSimpleName() + ")");
        }
    }

    /**
     * The one exception for a verified answer whose content does not follow the protocol
     * ({@code response.malformed}).
     *
     * @param why what is wrong, without personal data; escaped here, since it may quote the answer
     * @param response the answer
     * @return the exception, to throw
     */
    public static ResponseVerificationException malformed(KetnoiResponse response, String why) {
        return new ResponseVerificationException("The answer does not follow the protocol: " + Untrusted.text(why),
                response.status(), "response.malformed", response.request().headers().first("X-Road-Id").orElse(null),
                null);
    }

    /**
     * The one async bridge of the service clients: {@code parse(call(build()))} without blocking.
     * Bad input ({@code build} throws) fails the future before anything is sent; cancelling the
     * future the caller holds aborts the exchange.
     *
     * @param build builds the request; its failure fails the future
     * @param parse reads the verified response
     * @param <T> what the call returns
     * @return the parsed answer, when it completes
     */
    public <T> CompletableFuture<T> callAsync(Supplier<KetnoiRequest> build, Function<KetnoiResponse, T> parse) {
        KetnoiRequest request;
        try {
            request = build.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<KetnoiResponse> call = callAsync(request);
        CompletableFuture<T> result = call.thenApply(parse);
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /**
     * The base URL of this client's service, without a trailing slash: its route's URL when the
     * configuration routes its service id ({@link ClientConfig.Builder#route}), else the configured
     * endpoint followed by {@code basePath}. Requests are built under it; the part of their URL
     * after it is the path within the service the signature binds ({@code pth}).
     *
     * @param basePath the path the provider mounts the service at, such as {@code /population/v1}
     * @return the base URL
     */
    public String serviceBase(String basePath) {
        String b = stripSlash(config.serviceUrl(serviceId, basePath).toString());
        this.base = b;
        return b;
    }

    /**
     * The base URL of another service, for requests that name it ({@link KetnoiRequest.Builder#service}):
     * its route's URL when the configuration routes it, else the endpoint followed by
     * {@code defaultPath}. A service with neither is refused: guessing where a provider mounts a
     * service would sign a path it never sees.
     *
     * @param service the service
     * @param defaultPath where the provider mounts it when reached directly, such as {@code /catalogue/v1}; null when unknown
     * @return the base URL, without a trailing slash
     * @throws InvalidInputException when the service has no route and no default path
     */
    public String serviceBase(ServiceId service, String defaultPath) {
        if (service == null) {
            throw new InvalidInputException("service", "is required");
        }
        if (defaultPath == null && !config.routes().containsKey(service)) {
            throw noRoute(service);
        }
        String b = stripSlash(config.serviceUrl(service, defaultPath).toString());
        bases.put(service, b);
        return b;
    }

    private static InvalidInputException noRoute(ServiceId service) {
        return new InvalidInputException("service", service
                + " has no route (ClientConfig.Builder.route) and no default mount: nothing was sent");
    }

    /** {@return the id of the service this client calls: what its signatures bind as {@code srv}} */
    public ServiceId serviceId() {
        return serviceId;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * A request with the protocol's common headers (section 3): {@code Accept}, {@code X-Road-UserId},
     * {@code Ketnoi-Purpose} and {@code X-Road-Issue} (when there is a case number) from the
     * context, whose factory checked them ({@link RequestContext}), and a JSON body with its
     * {@code Content-Type}. Marked idempotent: service calls are reads, or writes that carry an
     * idempotency key.
     *
     * @param method the HTTP method
     * @param uri the URL, under {@link #serviceBase}
     * @param context the purpose, operator and case number: {@link #context(RequestContext, RequestContext)}
     * @param jsonBody the body, or null
     * @param operation the operation name, for metrics, traces and the audit trail
     * @return the request builder
     * @throws InvalidInputException naming {@code context} when it is null
     */
    public static KetnoiRequest.Builder request(String method, URI uri, RequestContext context,
                                                byte @Nullable [] jsonBody, String operation) {
        if (context == null) {
            throw noContext();
        }
        KetnoiRequest.Builder b = KetnoiRequest.builder(method, uri)
                .header("Accept", "application/json")
                .header("X-Road-UserId", context.operatorId())
                .header("Ketnoi-Purpose", context.purpose().code())
                .operation(operation)
                .idempotent(true);
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").body(jsonBody);
        }
        context.caseNumber().ifPresent(n -> b.header("X-Road-Issue", n));
        return b;
    }

    /**
     * The context a call is made in: the request's own when it has one, else the client's
     * default; never a mix of the two. Every client resolves its calls' contexts here.
     *
     * @param request the context the request carries, or null
     * @param clientDefault the client's default, or null
     * @return the context to send
     * @throws InvalidInputException naming {@code context} when neither is given: nothing is sent
     */
    public static RequestContext context(@Nullable RequestContext request, @Nullable RequestContext clientDefault) {
        RequestContext c = request != null ? request : clientDefault;
        if (c == null) {
            throw noContext();
        }
        return c;
    }

    private static InvalidInputException noContext() {
        return new InvalidInputException("context", "is required: give the request a RequestContext"
                + " (purpose and operator id), or the client a default one (builder.context)");
    }

    private CompletableFuture<KetnoiResponse> withToken(Pipeline.Chain chain) {
        String cached = tokens.cached();
        CompletableFuture<String> token = cached != null ? CompletableFuture.completedFuture(cached)
                : CompletableFuture.supplyAsync(() -> tokens.token(chain.deadline()), chain.context().blocking());
        return token.thenCompose(t -> chain.proceed(authorize(chain.request(), t)).thenCompose(response -> {
            if (response.status() == 401 && "auth.token-invalid".equals(ErrorMapper.problemCode(response))) {
                // The provider no longer honours the token (revoked, or its clock is ahead): one new token, one repeat.
                tokens.invalidate(t);
                return CompletableFuture.supplyAsync(() -> tokens.token(chain.deadline()), chain.context().blocking())
                        .thenCompose(fresh -> chain.proceed(authorize(chain.request(), fresh)));
            }
            return CompletableFuture.completedFuture(response);
        }));
    }

    /** One trace per logical call: kept across retries, so the provider's logs tie the attempts together. */
    static CompletableFuture<KetnoiResponse> withTraceParent(Pipeline.Chain chain) {
        KetnoiRequest r = chain.request();
        if (TraceParent.parse(r.headers().first(TraceParent.HEADER).orElse(null)).isPresent()) {
            return chain.proceed(r);
        }
        return chain.proceed(r.toBuilder().header(TraceParent.HEADER, TraceParent.random().headerValue()).build());
    }

    private static KetnoiRequest authorize(KetnoiRequest r, String token) {
        return r.toBuilder().header("Authorization", "Bearer " + token).build();
    }

    private CompletableFuture<KetnoiResponse> withExchangeHeaders(Pipeline.Chain chain) {
        return chain.proceed(chain.request().toBuilder()
                .header("X-Road-Client", config.agencyId())
                .header("X-Road-Id", Jose.randomUuid().toString())
                .build());
    }

    private CompletableFuture<KetnoiResponse> withSignature(Pipeline.Chain chain) {
        KetnoiRequest r = chain.request();
        String token = r.headers().first("Authorization").map(v -> v.substring("Bearer ".length())).orElse("");
        // A request that names its service is signed for it, under that service's base; one that
        // names a service no route or default mount was found for is refused before sending.
        ServiceId srv = r.service().orElse(serviceId);
        String b = r.service().isEmpty() ? base : bases.get(srv);
        if (b == null) {
            return CompletableFuture.failedFuture(noRoute(srv));
        }
        String pth;
        try {
            pth = CanonicalUrl.within(b, r.uri().toString());
        } catch (IllegalArgumentException e) {
            // Signing it would bind a path the provider never sees as this service's: refuse before sending.
            return CompletableFuture.failedFuture(new InvalidInputException("uri",
                    "is not under the base URL of the service " + srv + " (" + e.getMessage() + ")"));
        }
        String signature = signer.signRequest(r.method(), srv, pth, r.headers(), r.body(), token);
        return chain.proceed(r.toBuilder().header("Ketnoi-Signature", signature).build());
    }

    private CompletableFuture<KetnoiResponse> verified(Pipeline.Chain chain) {
        // Verification may fetch the provider's keys: in an async call it runs on a worker, never an I/O thread.
        return chain.proceed(chain.request()).thenApplyAsync(response -> {
            // Structure limits first: a cheap token walk, before anything else looks at the body.
            jsonLimits.check(response);
            // Fail closed: only an answer that is an exchange-layer error by the protocol's own rules
            // (never a success) skips the signature; any other answer is verified, whatever its headers.
            if (!ExchangeLayerError.is(response)) {
                verifier.verify(response, chain.deadline());
            }
            return response;
        }, chain.context().afterSend());
    }

    /** Closes this client; the runtime too when the client made it, never a shared one. */
    @Override
    public void close() {
        closed = true;
        if (ownsRuntime) {
            runtime.close();
        }
    }
}
