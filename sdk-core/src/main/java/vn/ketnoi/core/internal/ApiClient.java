package vn.ketnoi.core.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.internal.auth.TokenProvider;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.internal.crypto.RequestSigner;
import vn.ketnoi.core.internal.crypto.ResponseVerifier;
import vn.ketnoi.core.internal.http.ApacheTransport;
import vn.ketnoi.core.internal.http.Transport;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.internal.pipeline.LoggingInterceptor;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The engine every service client is built on: it owns the transport, the token, the signer and
 * the provider's keys, and runs each call through the pipeline:
 *
 * <pre>
 *   application interceptors
 *   access token            (adds the bearer token; on auth.token-invalid gets a new one, once)
 *   exchange headers        (X-Road-Client, a fresh X-Road-Id per HTTP request)
 *   request signature       (Ketnoi-Signature over what is about to be sent)
 *   response verification   (against the request actually sent)
 *   network interceptors
 *   logging
 *   transport
 * </pre>
 *
 * Thread-safe. Not public API: service modules use it, applications do not.
 */
public final class ApiClient implements AutoCloseable {
    private final ClientConfig config;
    private final Clock clock;
    private final Transport transport;
    private final Pipeline pipeline;
    private final Pipeline plainPipeline;
    private final TokenProvider tokens;
    private final RequestSigner signer;
    private final ResponseVerifier verifier;
    private final ErrorMapper errors;
    private final JwksCache keys;

    /**
     * @param scope          the OAuth scope of the service
     * @param serviceErrors  refines a provider error into a service-specific exception, or
     *                       returns it unchanged
     */
    public ApiClient(ClientConfig config, String scope, UnaryOperator<KetnoiServiceException> serviceErrors) {
        this(config, scope, serviceErrors, new ApacheTransport(config.httpOptions(), config.proxy(), config.clock()));
    }

    ApiClient(ClientConfig config, String scope, UnaryOperator<KetnoiServiceException> serviceErrors,
              Transport transport) {
        this.config = config;
        this.clock = config.clock();
        this.transport = transport;
        this.errors = new ErrorMapper(serviceErrors);
        this.signer = new RequestSigner(config.credentials(), config.agencyId(), clock);

        List<Interceptor> plain = new ArrayList<>(config.networkInterceptors());
        plain.add(new LoggingInterceptor());
        this.plainPipeline = new Pipeline(plain, transport);

        this.tokens = new TokenProvider(config.tokenEndpoint(), config.agencyId(), scope, signer,
                plainPipeline::execute, clock);
        this.keys = new JwksCache(config.jwksUri(), plainPipeline::execute, clock);
        this.verifier = new ResponseVerifier(keys, config.providerIssuer(), config.agencyId(), clock, config.clockSkew());

        List<Interceptor> steps = new ArrayList<>(config.interceptors());
        steps.add(this::withToken);
        steps.add(this::withExchangeHeaders);
        steps.add(this::withSignature);
        steps.add(this::verified);
        steps.addAll(plain);
        this.pipeline = new Pipeline(steps, transport);
    }

    public ClientConfig config() {
        return config;
    }

    /**
     * Sends a provider API request through the whole pipeline. Returns the verified response when
     * its status is 2xx; otherwise throws the mapped exception.
     */
    public KetnoiResponse call(KetnoiRequest request) {
        Instant deadline = clock.instant().plus(config.httpOptions().callTimeout());
        KetnoiResponse response = pipeline.execute(request, deadline);
        if (!response.isSuccessful()) {
            throw errors.toException(response);
        }
        return response;
    }

    /**
     * The verifier for a key in the provider's JWKS, fetching the set when the kid is new (at most
     * once per refresh interval); {@code null} when the provider publishes no such key. For
     * provider-signed objects other than responses, such as change notifications.
     */
    public com.nimbusds.jose.JWSVerifier providerKey(String kid) {
        return keys.verifierFor(kid, clock.instant().plus(config.httpOptions().callTimeout()));
    }

    /** Serialises a wire object to JSON bytes. */
    public static byte[] toJson(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    /** Binds a verified response body to a wire type; a body that does not fit is {@code response.malformed}. */
    public static <T> T fromJson(KetnoiResponse response, Class<T> type) {
        try {
            T value = Json.mapper().readValue(response.body(), type);
            if (value == null) {
                throw new IOException("empty body");
            }
            return value;
        } catch (IOException e) {
            throw new ResponseVerificationException("The response body is not the JSON the protocol defines ("
                    + type.getSimpleName() + ")", response.status(), "response.malformed",
                    response.request().headers().first("X-Road-Id").orElse(null), null);
        }
    }

    private KetnoiResponse withToken(Interceptor.Chain chain) {
        String token = tokens.token(chain.deadline());
        KetnoiResponse response = chain.proceed(authorize(chain.request(), token));
        if (response.status() == 401 && "auth.token-invalid".equals(ErrorMapper.problemCode(response))) {
            // The provider no longer honours the token (revoked, or its clock is ahead): one new token, one retry.
            tokens.invalidate(token);
            response = chain.proceed(authorize(chain.request(), tokens.token(chain.deadline())));
        }
        return response;
    }

    private static KetnoiRequest authorize(KetnoiRequest r, String token) {
        return r.toBuilder().header("Authorization", "Bearer " + token).build();
    }

    private KetnoiResponse withExchangeHeaders(Interceptor.Chain chain) {
        return chain.proceed(chain.request().toBuilder()
                .header("X-Road-Client", config.agencyId())
                .header("X-Road-Id", UUID.randomUUID().toString())
                .build());
    }

    private KetnoiResponse withSignature(Interceptor.Chain chain) {
        KetnoiRequest r = chain.request();
        String token = r.headers().first("Authorization").map(v -> v.substring("Bearer ".length())).orElse("");
        String signature = signer.signRequest(r.method(), r.uri(), r.headers(), r.body(), token);
        return chain.proceed(r.toBuilder().header("Ketnoi-Signature", signature).build());
    }

    private KetnoiResponse verified(Interceptor.Chain chain) {
        KetnoiResponse response = chain.proceed(chain.request());
        if (!response.headers().contains("X-Road-Error")) {
            verifier.verify(response, chain.deadline());
        }
        return response;
    }

    @Override
    public void close() {
        transport.close();
    }
}
