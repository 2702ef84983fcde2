package vn.ketnoi.core.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.internal.tls.TlsSetup;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The transport on Apache HttpClient 5's asynchronous client (non-blocking I/O). Same rules as
 * {@link ApacheTransport}: no hidden retries or redirects, a bounded body, and the deadline
 * enforced by a timer that cancels the exchange, as does aborting the call.
 */
public final class ApacheAsyncTransport implements AsyncTransport {
    private static final String USER_AGENT = "ketnoi-java/0.1";

    private final CloseableHttpAsyncClient client;
    private final HttpOptions options;
    private final TlsSetup tlsSetup;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ApacheAsyncTransport(HttpOptions options, ProxyOptions proxy, Clock clock) {
        this(options, proxy, TlsOptions.defaults(), clock);
    }

    public ApacheAsyncTransport(HttpOptions options, ProxyOptions proxy, TlsOptions tls, Clock clock) {
        this(options, proxy, tls, new vn.ketnoi.core.spi.CertificateStatus(
                vn.ketnoi.core.RevocationOptions.defaults(), clock), clock);
    }

    /** With the status check of the server's certificate given (one cache per client). */
    public ApacheAsyncTransport(HttpOptions options, ProxyOptions proxy, TlsOptions tls,
                          vn.ketnoi.core.spi.CertificateStatus revocation, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.tlsSetup = new TlsSetup(tls, revocation);
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setTlsStrategy(tlsSetup.async())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setMaxConnTotal(options.maxConnections())
                .setMaxConnPerRoute(options.maxConnectionsPerHost())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(options.connectTimeout()))
                        .setSocketTimeout(timeout(options.responseTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create()
                .setConnectionManager(pool)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))
                        .setSoTimeout(timeout(options.responseTimeout()))
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .setHttp1Config(ApacheTransport.http1Config(options))
                .setUserAgent(USER_AGENT)
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout(options.connectionRequestTimeout()))
                        .setResponseTimeout(timeout(options.responseTimeout()))
                        .build());
        if (proxy.host().isPresent()) {
            builder.setRoutePlanner(ApacheTransport.routePlanner(proxy));
            ApacheTransport.proxyCredentials(proxy).ifPresent(builder::setDefaultCredentialsProvider);
        }
        this.client = builder.build();
        client.start();
    }

    @Override
    public CompletableFuture<KetnoiResponse> send(KetnoiRequest request, Instant deadline, CallContext context) {
        String requestId = request.headers().first("X-Road-Id").orElse(null);
        if (closed.get()) {
            return CompletableFuture.failedFuture(
                    new TransportException("The client is closed", "client.closed", requestId, false, false, null));
        }
        // Every request passes here, whether its URL was configured or discovered.
        TransportException insecure = SecureUrls.refusal(request.uri(), requestId);
        if (insecure != null) {
            return CompletableFuture.failedFuture(insecure);
        }
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            return CompletableFuture.failedFuture(new TransportException(
                    "The call's deadline passed before the request was sent", "transport.timeout", requestId,
                    request.isIdempotent(), false, null));
        }
        SimpleHttpRequest http = new SimpleHttpRequest(request.method(), request.uri());
        for (Map.Entry<String, String> h : request.headers().toList()) {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                http.addHeader(h.getKey(), h.getValue());
            }
        }
        if (!request.headers().contains("Accept-Encoding")) {
            http.addHeader("Accept-Encoding", Bodies.ACCEPT_ENCODING);
        }
        if (request.bodyLength() > 0) {
            String ct = request.headers().first("Content-Type").orElse("application/json");
            http.setBody(request.body(), ContentType.parse(ct));
        }
        http.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout(min(options.connectionRequestTimeout(), remaining)))
                .setResponseTimeout(timeout(min(options.responseTimeout(), remaining)))
                .build());

        CompletableFuture<KetnoiResponse> result = new CompletableFuture<>();
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        Future<KetnoiResponse> exchange;
        try {
            exchange = client.execute(SimpleRequestProducer.create(http), new BoundedConsumer(request),
                    null, HttpClientContext.create(), new FutureCallback<>() {
                        @Override
                        public void completed(KetnoiResponse response) {
                            try {
                                result.complete(Bodies.decode(response.status(), response.headers(), response.body(),
                                        request, options.limits()));
                            } catch (RuntimeException e) {
                                result.completeExceptionally(e);
                            }
                        }

                        @Override
                        public void failed(Exception ex) {
                            // An abort (call deadline, cancel) may surface as a failure rather than a cancellation.
                            if (context.isAborted() && !deadlinePassed.get()) {
                                cancelled();
                                return;
                            }
                            result.completeExceptionally(map(request, requestId, ex, deadlinePassed.get()));
                        }

                        @Override
                        public void cancelled() {
                            String code = deadlinePassed.get() ? "transport.timeout" : context.abortCode();
                            result.completeExceptionally(new TransportException(
                                    "transport.timeout".equals(code) ? "The call's deadline passed"
                                            : "The call was cancelled", code, requestId,
                                    request.isIdempotent(), true, null));
                        }
                    });
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(
                    new TransportException("The client is closed", "client.closed", requestId, false, false, e));
        }
        DeadlineTimer.Watch timer = DeadlineTimer.shared().schedule(remaining.toNanos(), () -> {
            deadlinePassed.set(true);
            exchange.cancel(true);
        });
        context.onAbort(() -> exchange.cancel(true));
        result.whenComplete((r, e) -> timer.cancel());
        return result;
    }

    private KetnoiException map(KetnoiRequest request, String requestId, Exception e, boolean deadlinePassed) {
        if (e instanceof TooLarge t) {
            return t.error;
        }
        if (e instanceof KetnoiException k) {
            return k;
        }
        RuntimeException special = ApacheTransport.classify(request, requestId, e, tlsSetup);
        if (special instanceof KetnoiException k) {
            return k;
        }
        if (e instanceof ConnectTimeoutException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException || e instanceof ConnectException) {
            return new TransportException("Could not connect to " + request.uri().getHost(),
                    "transport.connect-failed", requestId, true, false, e);
        }
        if (deadlinePassed || e instanceof InterruptedIOException) {
            return new TransportException(deadlinePassed ? "The call's deadline passed" : "No response in time",
                    "transport.timeout", requestId, request.isIdempotent(), true, e);
        }
        return new TransportException("The connection failed: " + e.getClass().getSimpleName(),
                "transport.io", requestId, request.isIdempotent(), true, e);
    }

    /** Carries the too-large error out of the consumer as the IOException HttpClient expects. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient ResponseVerificationException error;

        TooLarge(ResponseVerificationException error) {
            super(error.getMessage());
            this.error = error;
        }
    }

    /** Collects the body up to the size limit. Used by one exchange only. */
    private final class BoundedConsumer extends AbstractBinResponseConsumer<KetnoiResponse> {
        private final KetnoiRequest request;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private HttpHeaders headers;

        BoundedConsumer(KetnoiRequest request) {
            this.request = request;
        }

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
            HttpHeaders.Builder h = HttpHeaders.builder();
            for (Header header : response.getHeaders()) {
                h.add(header.getName(), header.getValue());
            }
            headers = h.build();
        }

        @Override
        protected int capacityIncrement() {
            return 8192;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            int n = src.remaining();
            if ((long) body.size() + n > options.maxResponseBytes()) {
                throw new TooLarge(new ResponseVerificationException("The response body is larger than the limit of "
                        + options.maxResponseBytes() + " bytes", status, "response.too-large",
                        request.headers().first("X-Road-Id").orElse(null), null));
            }
            byte[] chunk = new byte[n];
            src.get(chunk);
            body.write(chunk, 0, n);
        }

        @Override
        protected KetnoiResponse buildResult() {
            return new KetnoiResponse(status, headers, body.toByteArray(), request);
        }

        @Override
        public void releaseResources() {
            // The body is a heap buffer: nothing to release.
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close(CloseMode.GRACEFUL);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }
}
