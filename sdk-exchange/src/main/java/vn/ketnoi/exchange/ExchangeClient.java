package vn.ketnoi.exchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.core.spi.ProviderJws;

/**
 * Calls any service of the platform by its {@link ServiceId}, with the same access token,
 * end-to-end request signature (its {@code srv} is the request's service), response
 * verification, resilience, audit, tracing, routes and gateway credentials as the typed clients:
 *
 * <pre>{@code
 * try (ExchangeClient exchange = ExchangeClient.builder(config).build()) {
 *     ExchangeResponse<JsonValue> r = exchange.call(ExchangeRequest.get(ExchangeClient.CATALOGUE, "/services")
 *             .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")).build());
 *     String first = r.body().at("/services/0/serviceId").asText();
 * }
 * }</pre>
 *
 * <p><b>Where a service is.</b> A request reaches its service's route
 * ({@link ClientConfig.Builder#route}); without one, the endpoint followed by the path the
 * provider mounts the service at, for the services whose mount is known: the platform's own
 * ({@link #CATALOGUE}, population at {@code /population/v1}, e-documents at {@code /edocuments/v1})
 * and those added with {@link Builder#mount}. A service with neither is refused before anything is
 * sent ({@code input.invalid} naming {@code service}).
 *
 * <p><b>Context.</b> Every call carries the request's {@link RequestContext} (purpose, operator,
 * case number) or, when it has none, the client's default ({@link Builder#context}); a call with
 * neither is refused before anything is sent ({@code input.invalid} naming {@code context}).
 *
 * <p><b>Token scopes.</b> The access token asks for the scopes given to {@link Builder#scopes};
 * by default for none, which the protocol answers with every scope granted to the agency (section 2).
 *
 * <p><b>Errors.</b> A provider's refusal is the typed exception of its code (for example
 * {@code AccessDeniedException}, {@code InvalidRequestException}); a gateway's is an
 * {@code ExchangeLayerException}; an answer that fails verification a
 * {@code ResponseVerificationException}. Immutable and thread-safe; close it when done.
 */
public final class ExchangeClient implements AutoCloseable {
    /** The platform's service catalogue. */
    public static final ServiceId CATALOGUE = ServiceId.parse("VN/GOV/SANDBOX.NDXP/CATALOGUE/catalogue/v1");

    private static final Map<ServiceId, String> KNOWN_MOUNTS = Map.of(
            CATALOGUE, "/catalogue/v1",
            ServiceId.parse("VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1"), "/population/v1",
            ServiceId.parse("VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1"), "/edocuments/v1");
    private static final Pattern MOUNT = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    /** Reading the catalogue processes no personal data: it is sent in this context, whatever the default. */
    private static final RequestContext DISCOVERY = RequestContext.of(Purpose.of("SERVICE_DISCOVERY"), "VNSYSTEM");

    private final ApiClient api;
    private final Map<ServiceId, String> mounts;
    private final RequestContext context; // the default; null for none

    private ExchangeClient(ApiClient api, Map<ServiceId, String> mounts, RequestContext context) {
        this.api = api;
        this.mounts = mounts;
        this.context = context;
    }

    /**
     * {@return a builder of a client with a runtime of its own}
     *
     * @param config the configuration
     */
    public static Builder builder(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new Builder(config, null);
    }

    /**
     * {@return a builder of a client on a shared runtime}
     *
     * @param runtime the runtime, shared with other clients
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(null, runtime);
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final ClientConfig config;
        private final KetnoiRuntime runtime;
        private final Map<ServiceId, String> mounts = new LinkedHashMap<>(KNOWN_MOUNTS);
        private final Set<String> scopes = new LinkedHashSet<>();
        private UnaryOperator<KetnoiServiceException> errors = e -> e;
        private RequestContext context;

        private Builder(ClientConfig config, KetnoiRuntime runtime) {
            this.config = config;
            this.runtime = runtime;
        }

        /**
         * The context of every call whose request has none of its own: a request's context
         * replaces it as a whole. Without a default, every request must carry its own.
         *
         * @param context such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:system.portal")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            if (context == null) {
                throw new InvalidInputException("context", "is required");
            }
            this.context = context;
            return this;
        }

        /**
         * Where the provider mounts a service when the client reaches it directly (no route):
         * the endpoint followed by {@code path}. A route of the configuration wins.
         *
         * @param service the service
         * @param path such as {@code /civil-status/v1}
         * @return this builder
         */
        public Builder mount(ServiceId service, String path) {
            if (service == null) {
                throw new InvalidInputException("service", "is required");
            }
            if (path == null || !MOUNT.matcher(path).matches()) {
                throw new InvalidInputException("mount", "must be a path such as /civil-status/v1");
            }
            mounts.put(service, path);
            return this;
        }

        /**
         * The OAuth scopes the access token asks for; none (the default) asks for every scope granted.
         *
         * @param scopes the scopes, such as {@code civil-status}
         * @return this builder
         */
        public Builder scopes(String... scopes) {
            for (String s : scopes == null ? new String[] {null} : scopes) {
                if (s == null || !SCOPE.matcher(s).matches()) {
                    throw new InvalidInputException("scopes", "each must be 1 to 64 of [A-Za-z0-9._:-]");
                }
                this.scopes.add(s);
            }
            return this;
        }

        /**
         * Refines a provider's refusal into a typed module's own exception (for example a
         * registration-not-found code into {@code RegistrationNotFoundException}); by default
         * the core's typed exceptions as they are.
         *
         * @param errors returns a refined exception, or the one given
         * @return this builder
         */
        public Builder refineErrors(UnaryOperator<KetnoiServiceException> errors) {
            if (errors == null) {
                throw new InvalidInputException("errors", "is required");
            }
            this.errors = errors;
            return this;
        }

        /** {@return the client} */
        public ExchangeClient build() {
            String scope = String.join(" ", scopes);
            ApiClient api = runtime != null ? new ApiClient(runtime, scope, CATALOGUE, errors)
                    : new ApiClient(config, scope, CATALOGUE, errors);
            return new ExchangeClient(api, Map.copyOf(mounts), context);
        }
    }

    /**
     * Sends a request and reads the answer as a JSON tree.
     *
     * @param request the request
     * @return the verified answer
     */
    public ExchangeResponse<JsonValue> call(ExchangeRequest request) {
        KetnoiResponse r = api.call(toWire(request));
        return new ExchangeResponse<>(r.status(), requestId(r), tree(r));
    }

    /**
     * Sends a request and binds the answer to a class of the caller's, with Jackson (annotations
     * of {@code com.fasterxml.jackson.annotation} apply; unknown members are ignored).
     *
     * @param request the request
     * @param type the class of the body
     * @param <T> the class of the body
     * @return the verified answer; a body that does not fit the class is {@code response.malformed}
     */
    public <T> ExchangeResponse<T> call(ExchangeRequest request, Class<T> type) {
        if (type == null) {
            throw new InvalidInputException("type", "is required");
        }
        KetnoiResponse r = api.call(toWire(request));
        return new ExchangeResponse<>(r.status(), requestId(r), bind(r, type));
    }

    /**
     * The same call without blocking; bad input fails the future before anything is sent.
     *
     * @param request the request
     * @param type the class of the body
     * @param <T> the class of the body
     * @return the verified answer, when it completes
     */
    public <T> CompletableFuture<ExchangeResponse<T>> callAsync(ExchangeRequest request, Class<T> type) {
        if (type == null) {
            return CompletableFuture.failedFuture(new InvalidInputException("type", "is required"));
        }
        return api.callAsync(() -> toWire(request),
                r -> new ExchangeResponse<>(r.status(), requestId(r), bind(r, type)));
    }

    /**
     * The platform's catalogue: each service with its operations and their JSON Schemas.
     *
     * @return the services, in the catalogue's order
     */
    public List<ServiceDescription> catalogue() {
        ExchangeResponse<JsonValue> r = call(ExchangeRequest.get(CATALOGUE, "/services").context(DISCOVERY)
                .operation("exchange.catalogue").build());
        List<ServiceDescription> out = new ArrayList<>();
        for (JsonValue s : r.body().get("services").elements()) {
            List<ServiceDescription.Operation> ops = new ArrayList<>();
            for (JsonValue o : s.get("operations").elements()) {
                ops.add(new ServiceDescription.Operation(o.get("name").asText(), o.get("method").asText(),
                        o.get("path").asText(), o.get("requestSchema").toJson(), o.get("responseSchema").toJson()));
            }
            ServiceId id;
            try {
                id = ServiceId.parse(s.get("serviceId").asText());
            } catch (InvalidInputException e) {
                throw new ResponseVerificationException("The catalogue lists a service whose id is not a service id",
                        r.status(), "response.malformed", r.requestId(), null);
            }
            out.add(new ServiceDescription(id, s.get("title").asText(), s.get("provider").asText(), ops));
        }
        return List.copyOf(out);
    }

    /**
     * Verifies an object the provider signed with a key of its published set, other than an
     * answer (for example a certified extract): its {@code typ}, algorithm, key and signature,
     * then that {@code iss} is the provider and any {@code aud} this agency. Fails closed.
     *
     * @param compact the compact JWS
     * @param typ the {@code typ} it must carry
     * @return its claims
     * @throws ResponseVerificationException {@code response.malformed}, {@code response.unknown-key},
     *         {@code response.signature-invalid} or {@code response.binding-mismatch}
     */
    public JsonValue verifyProviderSigned(String compact, String typ) {
        if (compact == null || compact.isEmpty()) {
            throw new InvalidInputException("compact", "is required");
        }
        ProviderJws.Verified v;
        try {
            v = api.providerJws().verify(compact, typ);
        } catch (ProviderJws.Refusal refusal) {
            String code = switch (refusal.failure()) {
                case MALFORMED -> "response.malformed";
                case UNKNOWN_KEY -> "response.unknown-key";
                default -> "response.signature-invalid";
            };
            throw new ResponseVerificationException("A provider-signed " + Untrusted.text(typ, 60)
                    + " was refused: " + refusal.getMessage(), 0, code, null, null);
        }
        JsonNode claims;
        try {
            claims = Json.mapper().readTree(v.payload());
        } catch (IOException e) {
            claims = null;
        }
        if (claims == null || !claims.isObject()) {
            throw new ResponseVerificationException("A provider-signed " + Untrusted.text(typ, 60)
                    + " has no JSON object of claims", 0, "response.malformed", null, null);
        }
        JsonNode aud = claims.get("aud");
        if (!api.config().providerIssuer().equals(claims.path("iss").asText(null))
                || (aud != null && !api.config().agencyId().equals(aud.asText()))) {
            throw new ResponseVerificationException("A provider-signed " + Untrusted.text(typ, 60)
                    + " names another issuer or audience", 0, "response.binding-mismatch", null, null);
        }
        return JsonValue.wrap(claims);
    }

    /**
     * A snapshot of the circuit breaker, the cached token's expiry and the failure record; sends nothing.
     *
     * @return the snapshot
     */
    public ClientHealth health() {
        return api.health();
    }

    /** Closes the client, and its runtime when it made one. */
    @Override
    public void close() {
        api.close();
    }

    private KetnoiRequest toWire(ExchangeRequest request) {
        if (request == null) {
            throw new InvalidInputException("request", "is required");
        }
        StringBuilder url = new StringBuilder(api.serviceBase(request.service(), mounts.get(request.service())))
                .append(request.path());
        char sep = '?';
        for (Map.Entry<String, String> q : request.query()) {
            url.append(sep).append(q.getKey()).append('=')
                    .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            sep = '&';
        }
        byte[] body = request.body().isPresent() ? request.body().toJson().getBytes(StandardCharsets.UTF_8) : null;
        KetnoiRequest.Builder b = ApiClient.request(request.method(), URI.create(url.toString()),
                ApiClient.context(request.context().orElse(null), context), body, request.operation())
                .service(request.service());
        if (request.isWrite()) {
            // Every attempt of a write carries the one key: a retry is the same write (protocol 10.3).
            b.header("Idempotency-Key", request.idempotencyKey());
        }
        return b.build();
    }

    private static String requestId(KetnoiResponse r) {
        return r.headers().first("X-Road-Id").orElse(null);
    }

    private static JsonValue tree(KetnoiResponse r) {
        byte[] body = r.body();
        if (body.length == 0) {
            return JsonValue.missing();
        }
        JsonValue v = JsonValue.read(body);
        if (v == null) {
            throw ApiClient.malformed(r, "the body is not JSON");
        }
        return v;
    }

    private static <T> T bind(KetnoiResponse r, Class<T> type) {
        if (type == JsonValue.class) {
            return type.cast(tree(r));
        }
        return ApiClient.fromJson(r, type);
    }
}
