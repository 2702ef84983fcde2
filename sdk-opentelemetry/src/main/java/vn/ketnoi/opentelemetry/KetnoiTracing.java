package vn.ketnoi.opentelemetry;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * OpenTelemetry tracing for Ketnoi clients: one {@link SpanKind#CLIENT} span per logical call
 * (retries included), a child of the span current on the calling thread, whose W3C
 * {@code traceparent} (and {@code tracestate}) the provider receives.
 *
 * <pre>{@code
 * ClientConfig traced = KetnoiTracing.create(openTelemetry).instrument(config.toBuilder()).build();
 * }</pre>
 *
 * <p>Attributes: {@code ketnoi.operation} (such as {@code population.lookup}),
 * {@code http.request.method}, {@code server.address}, {@code server.port},
 * {@code http.response.status_code}, {@code ketnoi.request_id} (the {@code X-Road-Id} of the last
 * attempt, to quote to the provider's support desk) and, on failure, {@code ketnoi.error_code}
 * and {@code error.type}. Never the URL path or query, a body, a header value other than the
 * request id, or an exception message: nothing that could hold personal data or a secret.
 * Only the W3C trace context is sent to the provider, never baggage, which applications may fill
 * with anything.
 *
 * <p>For asynchronous calls the interceptor runs on an SDK worker thread, where the caller's
 * context is not current: their spans start a trace of their own. Thread-safe.
 */
public final class KetnoiTracing {
    /** The instrumentation scope name. */
    public static final String INSTRUMENTATION_NAME = "vn.ketnoi.sdk";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("ketnoi.operation");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("ketnoi.request_id");
    static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("ketnoi.error_code");
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** Error codes are dotted lower-case tokens (protocol section 11); anything else is not copied. */
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z0-9][a-z0-9.\\-]{0,63})\"");
    private static final Pattern SAFE_CODE = Pattern.compile("[a-z0-9][a-z0-9.\\-]{0,63}");
    private static final TextMapSetter<KetnoiRequest.Builder> SETTER = (b, k, v) -> {
        if (b != null) {
            b.header(k, v);
        }
    };

    private final Tracer tracer;

    private KetnoiTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME);
    }

    /**
     * Tracing through this OpenTelemetry instance.
     *
     * @param openTelemetry the application's instance (for example {@code GlobalOpenTelemetry.get()})
     * @return the tracing
     */
    public static KetnoiTracing create(OpenTelemetry openTelemetry) {
        return new KetnoiTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /**
     * Adds {@link #interceptor()} to a configuration's application interceptors. Add it first
     * so that the span covers the other interceptors too.
     *
     * @param builder the configuration's builder
     * @return the same builder
     */
    public ClientConfig.Builder instrument(ClientConfig.Builder builder) {
        return builder.addInterceptor(interceptor());
    }

    /** {@return the application interceptor that opens a span per call and sends its trace context} */
    public Interceptor interceptor() {
        return this::intercept;
    }

    private KetnoiResponse intercept(Interceptor.Chain chain) {
        KetnoiRequest request = chain.request();
        String operation = spanName(request);
        Span span = tracer.spanBuilder(operation)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current())
                .setAttribute(OPERATION, operation)
                .setAttribute(METHOD, request.method())
                .setAttribute(SERVER, String.valueOf(request.uri().getHost()))
                .setAttribute(PORT, (long) port(request))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            KetnoiRequest.Builder traced = request.toBuilder();
            W3CTraceContextPropagator.getInstance().inject(Context.current(), traced, SETTER);
            KetnoiResponse response = chain.proceed(traced.build());
            span.setAttribute(STATUS, (long) response.status());
            requestId(response).ifPresent(id -> span.setAttribute(REQUEST_ID, id));
            if (!response.isSuccessful()) {
                String code = errorCode(response);
                span.setAttribute(ERROR_CODE, code);
                span.setAttribute(ERROR_TYPE, code);
                span.setStatus(StatusCode.ERROR, code);
            }
            return response;
        } catch (KetnoiException e) {
            if (e.statusCode() > 0) {
                span.setAttribute(STATUS, (long) e.statusCode());
            }
            if (e.requestId() != null) {
                span.setAttribute(REQUEST_ID, e.requestId());
            }
            String code = e.errorCode() != null && SAFE_CODE.matcher(e.errorCode()).matches() ? e.errorCode() : "unknown";
            span.setAttribute(ERROR_CODE, code);
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            span.setStatus(StatusCode.ERROR, code);
            throw e;
        } catch (RuntimeException | Error e) {
            // The message may quote data: only the type is recorded.
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The operation the service set; a default one ({@code POST /path/...}) is cut to its method, as paths may hold ids. */
    static String spanName(KetnoiRequest request) {
        String op = request.operation();
        if (op == null || op.contains("/") || op.contains(" ")) {
            return "ketnoi " + request.method();
        }
        return op;
    }

    private static int port(KetnoiRequest r) {
        if (r.uri().getPort() > 0) {
            return r.uri().getPort();
        }
        return "http".equalsIgnoreCase(r.uri().getScheme()) ? 80 : 443;
    }

    private static java.util.Optional<String> requestId(KetnoiResponse response) {
        java.util.Optional<String> echoed = response.headers().first("X-Road-Id");
        return echoed.isPresent() ? echoed
                : response.request() == null ? java.util.Optional.empty() : response.request().headers().first("X-Road-Id");
    }

    private static String errorCode(KetnoiResponse response) {
        String exchange = response.headers().first("X-Road-Error").orElse(null);
        if (exchange != null && SAFE_CODE.matcher(exchange).matches()) {
            return exchange;
        }
        Matcher m = CODE.matcher(new String(response.body(), StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "http." + response.status();
    }
}
