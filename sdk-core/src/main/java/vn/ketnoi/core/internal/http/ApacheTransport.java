package vn.ketnoi.core.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.core5.http.config.Http1Config;

import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.internal.tls.TlsFailures;
import vn.ketnoi.core.internal.tls.TlsSetup;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The transport on Apache HttpClient 5 (classic, blocking I/O).
 *
 * <p>HttpClient's own retries and redirects are off: retrying is the SDK's decision, made once,
 * with knowledge of which requests are safe to repeat. Each exchange is bounded twice: by the
 * per-read response timeout, and by the call's deadline, enforced by a watchdog that aborts the
 * exchange, so a server that drips one byte a second cannot hold a call open past it.
 */
public final class ApacheTransport implements Transport {
    private static final String USER_AGENT = "ketnoi-java/0.1";

    private final CloseableHttpClient client;
    private final PoolingHttpClientConnectionManager pool;
    // Nearly every body is JSON: its content type is parsed once, not at each call.
    private static final String JSON_TYPE = "application/json";
    private static final ContentType JSON = ContentType.parse(JSON_TYPE);

    private final HttpOptions options;
    private final TlsSetup tlsSetup;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ApacheTransport(HttpOptions options, ProxyOptions proxy, Clock clock) {
        this(options, proxy, TlsOptions.defaults(), clock);
    }

    public ApacheTransport(HttpOptions options, ProxyOptions proxy, TlsOptions tls, Clock clock) {
        this(options, proxy, tls, new vn.ketnoi.core.spi.CertificateStatus(
                vn.ketnoi.core.RevocationOptions.defaults(), clock), clock);
    }

    /** With the status check of the server's certificate given (one cache per client). */
    public ApacheTransport(HttpOptions options, ProxyOptions proxy, TlsOptions tls,
                          vn.ketnoi.core.spi.CertificateStatus revocation, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.tlsSetup = new TlsSetup(tls, revocation);
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(tlsSetup.classic())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(http1Config(options))
                        .build())
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
        HttpClientBuilder builder = HttpClientBuilder.create()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                // Decoded by Bodies, which bounds the inflated size.
                .disableContentCompression()
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
    }

    @Override
    public KetnoiResponse send(KetnoiRequest request, Instant deadline) {
        String requestId = request.headers().first("X-Road-Id").orElse(null);
        if (closed.get()) {
            throw new TransportException("The client is closed", "client.closed", requestId, false, false, null);
        }
        // Every request passes here, whether its URL was configured or discovered.
        SecureUrls.requireAllowed(request.uri(), requestId);
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            throw new TransportException("The call's deadline passed before the request was sent",
                    "transport.timeout", requestId, request.isIdempotent(), false, null);
        }
        AtomicBoolean aborted = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<HttpUriRequestBase> current =
                new java.util.concurrent.atomic.AtomicReference<>();
        DeadlineTimer.Watch watchdog = DeadlineTimer.shared().schedule(remaining.toNanos(), () -> {
            aborted.set(true);
            HttpUriRequestBase inFlight = current.get();
            if (inFlight != null) {
                inFlight.cancel();
            }
        });
        try {
            try {
                return execute(request, deadline, current);
            } catch (NoHttpResponseException stale) {
                // The server closed the connection without a byte of answer. On a pooled connection
                // this is what a provider (or gateway) restart leaves behind: the pool still held
                // connections the old process had closed. A request that is safe to repeat goes
                // again once, at once, on a new connection. One that is not safe to repeat fails below
                // as possibly applied: nothing proves the server did not act on it. Either way the
                // other idle connections go too, as they are as dead as this one.
                pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
                if (!request.isIdempotent() || aborted.get()) {
                    throw stale;
                }
                return execute(request, deadline, current);
            }
        } catch (ResponseVerificationException e) {
            throw e;
        } catch (ConnectTimeoutException | UnknownHostException
                 | NoRouteToHostException | ConnectException e) {
            // Nothing reached the provider: always safe to try again.
            throw new TransportException("Could not connect to " + request.uri().getHost(),
                    "transport.connect-failed", requestId, true, false, e);
        } catch (InterruptedIOException e) {
            throw timeout(request, requestId, aborted.get() ? "The call's deadline passed" : "No response in time", e);
        } catch (IOException e) {
            if (aborted.get()) {
                throw timeout(request, requestId, "The call's deadline passed", e);
            }
            RuntimeException special = classify(request, requestId, e, tlsSetup);
            if (special != null) {
                throw special;
            }
            throw new TransportException("The connection failed: " + e.getClass().getSimpleName(),
                    "transport.io", requestId, request.isIdempotent(), true, e);
        } catch (IllegalStateException e) {
            // HttpClient signals a closed pool this way, and also a request the watchdog cancelled while it waited.
            if (aborted.get()) {
                throw timeout(request, requestId, "The call's deadline passed", e);
            }
            throw new TransportException("The client is closed", "client.closed", requestId, false, false, e);
        } catch (RuntimeException e) {
            // HttpClient can fail this way when the watchdog aborts an exchange that is still connecting.
            if (aborted.get()) {
                throw timeout(request, requestId, "The call's deadline passed", e);
            }
            throw new TransportException("The exchange failed: " + e.getClass().getSimpleName(),
                    "transport.io", requestId, request.isIdempotent(), true, e);
        } finally {
            watchdog.cancel();
        }
    }

    /** One exchange: the request as HttpClient's, bounded by what is left of the deadline. */
    private KetnoiResponse execute(KetnoiRequest request, Instant deadline,
                                   java.util.concurrent.atomic.AtomicReference<HttpUriRequestBase> current)
            throws IOException {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            throw new java.io.InterruptedIOException("deadline passed");
        }
        HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.uri());
        for (Map.Entry<String, String> h : request.headers().toList()) {
            http.addHeader(h.getKey(), h.getValue());
        }
        if (!request.headers().contains("Accept-Encoding")) {
            http.addHeader("Accept-Encoding", Bodies.ACCEPT_ENCODING);
        }
        if (request.bodyLength() > 0) {
            String ct = request.headers().first("Content-Type").orElse(JSON_TYPE);
            http.setEntity(new ByteArrayEntity(request.body(), ct.equals(JSON_TYPE) ? JSON : ContentType.parse(ct)));
        }
        Duration perRead = min(options.responseTimeout(), remaining);
        http.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout(min(options.connectionRequestTimeout(), remaining)))
                .setResponseTimeout(timeout(perRead))
                .build());
        current.set(http);
        return client.execute(http, HttpClientContext.create(), response -> read(request, response));
    }

    /** A TLS failure or a breach of the header limits, or null for an ordinary I/O failure. */
    static RuntimeException classify(KetnoiRequest request, String requestId, Throwable e, TlsSetup tlsSetup) {
        if (TlsFailures.isHeaderLimit(e)) {
            return new ResponseVerificationException("The response headers exceed the configured limits", 0,
                    "response.limits", requestId, e);
        }
        String tls = TlsFailures.code(e);
        if (tls == null && isReset(e) && "https".equalsIgnoreCase(request.uri().getScheme())
                && tlsSetup.peerWantedClientCertificate(request.uri().getHost(), port(request))) {
            // TLS 1.3 servers refuse a client certificate after the handshake; the client often sees
            // only the closed connection. Possibly a passing reset too, so it stays retryable.
            return new TransportException("The server " + request.uri().getHost() + " closed the connection after"
                    + " asking for a client certificate: it probably refused it", "transport.tls-client-certificate",
                    requestId, request.isIdempotent(), false, e);
        }
        if (tls != null) {
            // A configuration or trust problem, not a passing fault: repeating the call would fail the same way.
            return new TransportException("The TLS connection to " + request.uri().getHost() + " failed ("
                    + tls.substring("transport.".length()) + ")", tls, requestId, false, false, e);
        }
        return null;
    }

    private static boolean isReset(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketException || c instanceof org.apache.hc.core5.http.ConnectionClosedException
                    || c instanceof org.apache.hc.core5.http.NoHttpResponseException) {
                return true;
            }
        }
        return false;
    }

    private static int port(KetnoiRequest request) {
        return request.uri().getPort() > 0 ? request.uri().getPort() : 443;
    }

    static Http1Config http1Config(HttpOptions options) {
        return Http1Config.custom()
                .setMaxHeaderCount(options.limits().maxHeaderCount())
                .setMaxLineLength(options.limits().maxHeaderLineLength())
                .build();
    }

    private TransportException timeout(KetnoiRequest request, String requestId, String message, Exception e) {
        return new TransportException(message, "transport.timeout", requestId, request.isIdempotent(), true, e);
    }

    private KetnoiResponse read(KetnoiRequest request, ClassicHttpResponse response) throws IOException {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (Header h : response.getHeaders()) {
            headers.add(h.getName(), h.getValue());
        }
        byte[] body = new byte[0];
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            try (InputStream in = entity.getContent()) {
                body = readBounded(in, entity.getContentLength(), options.maxResponseBytes(), request,
                        response.getCode());
            }
        }
        return Bodies.decode(response.getCode(), headers.build(), body, request, options.limits());
    }

    /** Reads the body, refusing more than {@code max} bytes; a declared length is read into one array. */
    private static byte[] readBounded(InputStream in, long declared, long max, KetnoiRequest request, int status)
            throws IOException {
        if (declared > max) {
            throw tooLarge(max, request, status);
        }
        if (declared >= 0 && declared < Integer.MAX_VALUE) {
            // HttpClient's stream ends at the declared length, and fails if the connection ends first;
            // readNBytes grows its buffer as data arrives, so a false large length reserves nothing.
            return in.readNBytes((int) declared);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > max) {
                throw tooLarge(max, request, status);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static ResponseVerificationException tooLarge(long max, KetnoiRequest request, int status) {
        return new ResponseVerificationException("The response body is larger than the limit of " + max
                + " bytes", status, "response.too-large", request.headers().first("X-Road-Id").orElse(null), null);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close(CloseMode.GRACEFUL);
            pool.close(CloseMode.GRACEFUL);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    /** Routes through the proxy every host it applies to; shared by the classic and async transports. */
    static org.apache.hc.client5.http.routing.HttpRoutePlanner routePlanner(ProxyOptions proxy) {
        HttpHost proxyHost = new HttpHost(proxy.host().orElseThrow(), proxy.port());
        return new DefaultRoutePlanner(null) {
            @Override
            protected HttpHost determineProxy(HttpHost target, HttpContext context) {
                return proxy.appliesTo(target.getHostName()) ? proxyHost : null;
            }
        };
    }

    /** Basic credentials for the proxy, when it has them. */
    static java.util.Optional<org.apache.hc.client5.http.auth.CredentialsProvider> proxyCredentials(ProxyOptions proxy) {
        if (proxy.username().isEmpty()) {
            return java.util.Optional.empty();
        }
        BasicCredentialsProvider creds = new BasicCredentialsProvider();
        creds.setCredentials(new AuthScope(new HttpHost(proxy.host().orElseThrow(), proxy.port())),
                new UsernamePasswordCredentials(proxy.username().get(), proxy.password().orElse("").toCharArray()));
        return java.util.Optional.of(creds);
    }
}
