package vn.ketnoi.core.internal.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.TlsOptions;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.exception.CallRejectedException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.RevocationOptions;
import vn.ketnoi.core.spi.CertificateStatus;
import vn.ketnoi.core.internal.crypto.CredentialCheck;
import vn.ketnoi.core.internal.crypto.JwksCache;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.internal.exchange.GatewayStep;
import vn.ketnoi.core.internal.exchange.GatewayTokens;
import vn.ketnoi.core.spi.ProviderJws;
import vn.ketnoi.core.internal.http.ApacheAsyncTransport;
import vn.ketnoi.core.internal.http.ApacheTransport;
import vn.ketnoi.core.internal.http.AsyncTransport;
import vn.ketnoi.core.internal.http.Transport;
import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.internal.pipeline.LoggingInterceptor;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * What the clients built on one {@link ClientConfig} share: the synchronous transport and its
 * connection pool, the asynchronous transport (made on the first asynchronous call), a bounded
 * worker pool for the blocking parts of asynchronous calls, and the provider's key cache. The
 * public handle is {@link KetnoiRuntime}; a client built from a bare {@code ClientConfig} makes a
 * runtime of its own and closes it with itself, a client built on a shared runtime never closes it.
 *
 * <p><b>Bounded workers.</b> At most {@link #workerLimit} threads, and no queue: an application
 * interceptor holds its worker for the whole call, so queued work could wait on itself until the
 * deadline. Work handed over by a worker runs on that worker; an asynchronous call that needs a
 * worker before its request is sent while all are busy fails at once with
 * {@code client.workers-busy} (nothing sent); work on an answer runs on the thread that has it
 * ({@link CallContext#afterSend()}). Thread-safe.
 */
public final class ClientRuntime implements AutoCloseable {
    private static volatile Function<KetnoiRuntime, ClientRuntime> unwrap;

    private final ClientConfig config; // null in a bare runtime
    private final HttpOptions http;
    private final ProxyOptions proxy;
    private final TlsOptions tls;
    private final Clock clock;
    private final Transport transport;
    private final List<Pipeline.Step> plainSteps;
    private final Pipeline plainPipeline;
    private final JwksCache providerKeys;
    private final ProviderJws providerJws;
    private final int workerLimit;
    private final Object asyncLock = new Object();
    private volatile AsyncParts async; // made on the first asynchronous call
    private volatile boolean closed;

    private record AsyncParts(AsyncTransport transport, ExecutorService workers) {
    }

    public ClientRuntime(ClientConfig config) {
        this(config, transportFor(config));
    }

    private static Transport transportFor(ClientConfig config) {
        // Before any connection pool exists: an expired certificate or a key that is not the certificate's stops here.
        CredentialCheck.atStartup(config);
        return new ApacheTransport(config.httpOptions(), config.proxy(), config.tls(),
                new CertificateStatus(config.revocation(), config.clock()), config.clock());
    }

    /** A runtime over a given synchronous transport (tests with a fake transport). */
    public ClientRuntime(ClientConfig config, Transport transport) {
        this(config, config.httpOptions(), config.proxy(), config.tls(), config.clock(), config.networkInterceptors(),
                config.gateways(), transport);
    }

    /**
     * A runtime for a client that has transport settings but no agency configuration (a VNeID
     * relying party): no provider key set. {@code gateways}: the exchange layer's gateways whose
     * credential goes to the requests under their URLs (a relying party whose back channel is routed
     * through one), or none.
     */
    public static ClientRuntime bare(HttpOptions http, ProxyOptions proxy, TlsOptions tls, Clock clock,
                                     List<Interceptor> networkInterceptors, List<Gateway> gateways) {
        return new ClientRuntime(null, http, proxy, tls, clock, networkInterceptors, gateways,
                new ApacheTransport(http, proxy, tls, clock));
    }

    private ClientRuntime(ClientConfig config, HttpOptions http, ProxyOptions proxy, TlsOptions tls, Clock clock,
                          List<Interceptor> networkInterceptors, List<Gateway> gateways, Transport transport) {
        this.config = config;
        this.http = http;
        this.proxy = proxy;
        this.tls = tls;
        this.clock = clock;
        this.transport = transport;
        List<Pipeline.Step> wire = new ArrayList<>();
        networkInterceptors.forEach(i -> wire.add(Pipeline.of(i)));
        wire.add(new LoggingInterceptor());
        List<Pipeline.Step> plain = new ArrayList<>();
        if (!gateways.isEmpty()) {
            // First of the network steps, after the request signature: the gateway credential is
            // hop-by-hop and never signed. Gateway tokens are fetched without it.
            Pipeline tokenPipeline = new Pipeline(wire, this::sendSync);
            List<GatewayTokens> tokens = new ArrayList<>();
            gateways.forEach(g -> tokens.add(new GatewayTokens(g, tokenPipeline::executeSync, clock)));
            plain.add(new GatewayStep(tokens));
        }
        plain.addAll(wire);
        this.plainSteps = List.copyOf(plain);
        this.plainPipeline = new Pipeline(plainSteps, this::sendSync);
        this.providerKeys = config == null ? null : new JwksCache(config.jwksUri(), plainPipeline::executeSync, clock,
                http.callTimeout());
        this.providerJws = providerKeys == null ? null : new vn.ketnoi.core.internal.crypto.ProviderJwsVerifier(providerKeys, clock, http.callTimeout());
        // An async call holds at most two workers at a time (an application and a network interceptor),
        // and at most maxConnections calls exchange at once: room for all of them, and a floor for small pools.
        this.workerLimit = Math.max(16, 4 * http.maxConnections());
    }

    /** The runtime behind a public handle. */
    public static ClientRuntime of(KetnoiRuntime runtime) {
        Function<KetnoiRuntime, ClientRuntime> u = unwrap;
        if (u == null) {
            throw new IllegalStateException("KetnoiRuntime is not initialised");
        }
        return u.apply(runtime);
    }

    /** Called once, by {@link KetnoiRuntime}'s static initialiser. */
    public static void unwrapWith(Function<KetnoiRuntime, ClientRuntime> f) {
        if (unwrap != null) {
            throw new IllegalStateException("already set");
        }
        unwrap = f;
    }

    /** The agency configuration; a bare runtime has none. */
    public ClientConfig config() {
        if (config == null) {
            throw new IllegalStateException("a bare runtime has no agency configuration");
        }
        return config;
    }

    public HttpOptions httpOptions() {
        return http;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The gateway credential (when gateways are configured), network interceptors, then logging:
     * the steps every exchange ends with, signed or plain.
     */
    public List<Pipeline.Step> networkSteps() {
        return plainSteps;
    }

    /**
     * Network interceptors and logging over the synchronous transport: for the runtime's own
     * fetches (provider keys, tokens).
     */
    public Pipeline networkPipeline() {
        return plainPipeline;
    }

    /** The provider's key set, fetched and cached once for every client of this runtime. */
    public JwksCache providerKeys() {
        if (providerKeys == null) {
            throw new IllegalStateException("a bare runtime has no provider key set");
        }
        return providerKeys;
    }

    /** The one verifier of provider-signed objects (notifications, callbacks, status lists), on {@link #providerKeys()}. */
    public ProviderJws providerJws() {
        if (providerJws == null) {
            throw new IllegalStateException("a bare runtime has no provider key set");
        }
        return providerJws;
    }

    /** The terminal of synchronous pipelines: sends on the calling thread. */
    public CompletableFuture<KetnoiResponse> sendSync(KetnoiRequest request, Instant deadline, CallContext context) {
        try {
            checkOpen();
            return CompletableFuture.completedFuture(transport.send(request, deadline));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The terminal of asynchronous pipelines: the asynchronous transport, made on first use. */
    public CompletableFuture<KetnoiResponse> sendAsync(KetnoiRequest request, Instant deadline, CallContext context) {
        try {
            return asyncParts().transport().send(request, deadline, context);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A context for one asynchronous call, whose blocking work runs on the bounded worker pool. */
    public CallContext asyncContext() {
        ExecutorService workers = asyncParts().workers();
        return CallContext.async(task -> {
            if (Thread.currentThread() instanceof Worker w && w.owner == this) {
                task.run(); // already on a worker, where blocking is allowed: taking a second one could starve
                return;
            }
            try {
                workers.execute(task);
            } catch (RejectedExecutionException e) {
                if (closed) {
                    throw closedException();
                }
                throw new CallRejectedException("All " + workerLimit + " asynchronous workers are busy;"
                        + " the call was not sent", "client.workers-busy");
            }
        });
    }

    /** The most threads asynchronous calls may hold at once. */
    public int workerLimit() {
        return workerLimit;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Throws {@code client.closed} once the runtime is closed. */
    public void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    public static TransportException closedException() {
        return new TransportException("The client is closed", "client.closed", null, false, false, null);
    }

    private AsyncParts asyncParts() {
        AsyncParts p = async;
        if (p != null) {
            return p;
        }
        synchronized (asyncLock) {
            checkOpen();
            if (async == null) {
                async = new AsyncParts(new ApacheAsyncTransport(http, proxy, tls, new CertificateStatus(
                        config == null ? RevocationOptions.defaults() : config.revocation(), clock), clock), workers());
            }
            return async;
        }
    }

    /** Closes the transports and stops the workers. Idempotent. */
    @Override
    public void close() {
        AsyncParts p;
        synchronized (asyncLock) {
            if (closed) {
                return;
            }
            closed = true;
            p = async;
        }
        transport.close();
        if (p != null) {
            p.transport().close();
            p.workers().shutdown();
        }
    }

    private ExecutorService workers() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, workerLimit, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> new Worker(r, "ketnoi-async-worker-" + n.incrementAndGet(), this));
    }

    /** A thread of this runtime's worker pool: work it hands to the pool runs on it instead. */
    private static final class Worker extends Thread {
        final ClientRuntime owner;

        Worker(Runnable r, String name, ClientRuntime owner) {
            super(r, name);
            this.owner = owner;
            setDaemon(true);
        }
    }
}
