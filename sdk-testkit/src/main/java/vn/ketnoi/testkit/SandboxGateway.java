package vn.ketnoi.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ExceptionListener;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.internal.gateway.AccessTokens;
import vn.ketnoi.testkit.internal.gateway.Application;
import vn.ketnoi.testkit.internal.gateway.Counters;
import vn.ketnoi.testkit.internal.gateway.FaultPlan;
import vn.ketnoi.testkit.internal.gateway.GatewayHandler;
import vn.ketnoi.testkit.internal.gateway.Quota;
import vn.ketnoi.testkit.internal.gateway.Upstream;

/**
 * An exchange-layer gateway in front of the sandbox, as a province's LGSP or the national NDXP
 * stands in front of a real provider: an HTTP reverse proxy on loopback, on its own port, with its
 * own credentials, routes by service id, quotas, and failures on command. Two can be chained
 * (agency → LGSP → NDXP → provider).
 *
 * <pre>{@code
 * try (KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start();
 *      SandboxGateway lgsp = SandboxGateway.builder().name("lgsp").inFrontOf(sandbox)
 *              .pathPrefix("/lgsp/r1")
 *              .application("app-key", "app-secret", KetnoiSandbox.DEFAULT_AGENCY_ID)
 *              .start()) {
 *     URI population = lgsp.serviceUrl(PopulationClient.SERVICE);  // route the client's calls here
 *     URI tokenUrl = lgsp.tokenUrl();                               // where the key and secret are exchanged
 * }
 * }</pre>
 *
 * <p>What it does to a request, as a real gateway does:
 * <ul>
 * <li><b>Its own credential.</b> {@code POST {url}/token} with HTTP Basic {@code key:secret} and
 *     {@code grant_type=client_credentials} gives an opaque bearer token with {@code expires_in};
 *     every other request must carry {@code Gateway-Authorization: Bearer <token>} (the header name
 *     is configurable), else 401 {@code {"error":"invalid_token","message":...}}. The provider's
 *     access token ({@code Authorization}) is not what it checks, and its own token never reaches
 *     the provider.</li>
 * <li><b>Routes.</b> {@code {url}{pathPrefix}/{serviceId}{path within the service}} is forwarded
 *     to {@code {upstream}{upstreamPath}{path within the service}}, query kept; a path where no
 *     service is published gets 404, an application not allowed that service 403. Pass-through
 *     paths ({@link Builder#passThrough}) carry the provider's token endpoint and key set.</li>
 * <li><b>Hop by hop.</b> It drops Connection and the headers it names, Keep-Alive, Proxy-*, TE,
 *     Trailer, Transfer-Encoding, Upgrade and the incoming gateway credential; sets Host to the
 *     next hop; adds Via, X-Forwarded-For/Host/Proto, Forwarded, its own {@code X-Gateway-Request-Id}
 *     and, when chained, its own credential for the next gateway. The status, body and every
 *     end-to-end header of the answer pass unchanged.</li>
 * <li><b>Quota.</b> A token bucket per application; over it, 429 with {@code Retry-After}.</li>
 * <li><b>Failures and tampering on command</b> ({@link #faults()}), counted in {@link #stats()}.</li>
 * </ul>
 * What the gateway answers itself never carries {@code Ketnoi-Signature} or {@code X-Road-Error}.
 * Plain HTTP only; thread-safe. For tests and local development, never production.
 */
public final class SandboxGateway implements AutoCloseable {

    /** The header the gateway's token is expected in unless {@link Builder#credentialHeader} says otherwise. */
    public static final String DEFAULT_CREDENTIAL_HEADER = GatewayCredentials.DEFAULT_HEADER;
    /** The header the gateway puts its own request id in, towards the next hop and in its answers. */
    public static final String REQUEST_ID_HEADER = "X-Gateway-Request-Id";
    /** The pass-through path {@link Builder#inFrontOf} publishes the provider's token endpoint at. */
    public static final String PROVIDER_TOKEN_PATH = "/provider/oauth2/token";
    /** The pass-through path {@link Builder#inFrontOf} publishes the provider's key set at. */
    public static final String PROVIDER_JWKS_PATH = "/provider/.well-known/jwks.json";

    // The sandbox's services and where it mounts them (DESIGN: the SDK modules' default ids).
    private static final Map<String, String> SANDBOX_SERVICES = Map.of(
            "VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1", "/population/v1",
            "VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1", "/edocuments/v1",
            "VN/GOV/SANDBOX.BCA/VNEID/auth/v1", "/vneid",
            "VN/GOV/SANDBOX.BTP/HOTICH/civil-status/v1", "/civil-status/v1",
            "VN/GOV/SANDBOX.NDXP/CATALOGUE/catalogue/v1", "/catalogue/v1",
            "VN/GOV/SANDBOX.BCA/CSDLQGDC/chip-verification/v1", "/chip-verification/v1");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    private final String name;
    private final String advertisedHost;
    private final HttpServer server;
    private final Upstream upstream;
    private final vn.ketnoi.testkit.internal.OpenConnections connections =
            new vn.ketnoi.testkit.internal.OpenConnections(false, () -> { });
    private final AccessTokens tokens;
    private final FaultPlan faultPlan = new FaultPlan();
    private final Counters counters = new Counters();
    private final GatewayHandler.Config config;
    private final Object lock = new Object();
    private boolean closed;

    private SandboxGateway(Builder b) {
        this.name = b.name;
        this.advertisedHost = b.advertisedHost != null ? b.advertisedHost
                : b.host.equals("127.0.0.1") ? "localhost" : b.host;
        Map<String, Application> apps = new LinkedHashMap<>();
        b.applications.forEach((k, a) -> {
            Set<String> allowed = b.allowed.get(k);
            apps.put(k, new Application(a.key(), a.secret(), a.agencyId(),
                    allowed == null ? null : Collections.unmodifiableSet(allowed)));
        });
        // Longest ids first, so that an id that is a prefix of another cannot take its requests.
        Map<String, String> routes = new LinkedHashMap<>();
        b.routes.entrySet().stream()
                .sorted((x, y) -> y.getKey().length() - x.getKey().length())
                .forEach(e -> routes.put(e.getKey(), e.getValue()));
        this.config = new GatewayHandler.Config(b.name, b.pathPrefix, Collections.unmodifiableMap(routes),
                Collections.unmodifiableMap(new LinkedHashMap<>(b.passThrough)), Collections.unmodifiableMap(apps),
                b.credentialHeader, REQUEST_ID_HEADER);
        this.tokens = new AccessTokens(b.clock, b.tokenLifetime);
        GatewayCredentials up = b.upstreamCredentials;
        this.upstream = new Upstream(b.upstream, up == null ? null
                : new Upstream.Credential(up.tokenUrl(), up.basicAuthorization(), up.header()), b.upstreamTimeout);
        GatewayHandler handler = new GatewayHandler(config, tokens, new Quota(b.quota, System::nanoTime), faultPlan,
                counters, upstream);
        try {
            HttpServer s = ServerBootstrap.bootstrap()
                    .setLocalAddress(InetAddress.getByName(b.host))
                    .setListenerPort(b.port)
                    .setSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.ofSeconds(30)).build())
                    .setExceptionListener(new Quiet())
                    .setConnectionFactory(connections)
                    .setRequestRouter((request, context) -> handler)
                    .create();
            s.start();
            this.server = s;
        } catch (IOException e) {
            upstream.close();
            throw new UncheckedIOException("cannot start the sandbox gateway " + b.name + " on " + b.host + ":" + b.port, e);
        }
    }

    /** {@return a builder; {@link Builder#upstream} or {@link Builder#inFrontOf} is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the gateway's name, as in its {@code Via} header} */
    public String name() {
        return name;
    }

    /** {@return the gateway's base URL, for example {@code http://localhost:41234}, without a trailing slash} */
    public URI url() {
        return URI.create("http://" + advertisedHost + ":" + server.getLocalPort());
    }

    /** {@return the path prefix services are published under, {@code ""} for none} */
    public String pathPrefix() {
        return config.pathPrefix();
    }

    /**
     * The URL a client routes a service to: {@code url() + pathPrefix() + "/" + service}.
     *
     * @param service a service published by this gateway
     * @return the URL
     * @throws IllegalArgumentException when the gateway publishes no such service
     */
    public URI serviceUrl(ServiceId service) {
        Objects.requireNonNull(service, "service");
        if (!config.routes().containsKey(service.toString())) {
            throw new IllegalArgumentException("the gateway " + name + " publishes no service " + service);
        }
        return URI.create(url() + config.pathPrefix() + "/" + service);
    }

    /** {@return the services this gateway publishes} */
    public Set<ServiceId> services() {
        Set<ServiceId> out = new LinkedHashSet<>();
        config.routes().keySet().forEach(id -> out.add(ServiceId.parse(id)));
        return Collections.unmodifiableSet(out);
    }

    /** {@return the gateway's token endpoint, {@code url() + "/token"}} */
    public URI tokenUrl() {
        return URI.create(url() + GatewayHandler.TOKEN_PATH);
    }

    /**
     * {@return the URL of a pass-through path, {@code url() + path}}
     *
     * @param path a path given to {@link Builder#passThrough}, such as {@link #PROVIDER_TOKEN_PATH}
     * @throws IllegalArgumentException when no such pass-through path is configured
     */
    public URI passThroughUrl(String path) {
        if (!config.passThrough().containsKey(path)) {
            throw new IllegalArgumentException("the gateway " + name + " has no pass-through path " + path);
        }
        return URI.create(url() + path);
    }

    /**
     * The agency's credential towards this gateway, for {@code Gateway.builder().credentials(...)}.
     *
     * @param key an application key registered with {@link Builder#application}
     * @return key and secret, exchanged at {@link #tokenUrl()}, sent in this gateway's header
     * @throws IllegalArgumentException when no application has this key
     */
    public GatewayCredentials credentialsFor(String key) {
        Application a = config.applications().get(key);
        if (a == null) {
            throw new IllegalArgumentException("no application with key " + key);
        }
        GatewayCredentials c = GatewayCredentials.keyAndSecret(tokenUrl(), a.key(), a.secret());
        return config.credentialHeader().equals(GatewayCredentials.DEFAULT_HEADER) ? c
                : c.withHeader(config.credentialHeader());
    }

    /** {@return failures and tampering on command} */
    public SandboxGatewayFaults faults() {
        return new SandboxGatewayFaults(faultPlan);
    }

    /** {@return counts of requests forwarded and refused} */
    public SandboxGatewayStats stats() {
        return new SandboxGatewayStats(counters);
    }

    /** Revokes every gateway token issued so far: the next request with one is refused with 401. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    /**
     * Sets the lifetime of gateway tokens issued from now on.
     *
     * @param lifetime at least one second
     */
    public void setTokenLifetime(Duration lifetime) {
        tokens.lifetime(Builder.seconds(lifetime, "token lifetime"));
    }

    /** Stops the gateway. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            server.close(CloseMode.IMMEDIATE);
            try {
                server.awaitTermination(TimeValue.of(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            upstream.close();
        }
    }

    /**
     * Closes every connection this gateway holds open, towards its clients and towards the next
     * hop, without a word to either: what a restart of the gateway leaves in their pools.
     */
    public void dropConnections() {
        connections.closeAll();
        upstream.dropConnections();
    }

    @Override
    public String toString() {
        return "SandboxGateway[" + name + " " + url() + config.pathPrefix() + "]";
    }

    /** Keeps routine connection ends (clients hanging up, dropped-connection faults) out of the logs. */
    private static final class Quiet implements ExceptionListener {
        @Override
        public void onError(Exception ex) {
        }

        @Override
        public void onError(HttpConnection connection, Exception ex) {
            if (!(ex instanceof ConnectionClosedException) && !(ex instanceof java.net.SocketException)
                    && !(ex instanceof java.net.SocketTimeoutException)) {
                org.slf4j.LoggerFactory.getLogger(SandboxGateway.class).debug("sandbox gateway connection error", ex);
            }
        }
    }

    /** Builder of a {@link SandboxGateway}; not thread-safe. */
    public static final class Builder {
        private String name = "gateway";
        private String host = "127.0.0.1";
        private @Nullable String advertisedHost;
        private int port;
        private @Nullable URI upstream;
        private String pathPrefix = "";
        private final Map<String, String> routes = new LinkedHashMap<>();
        private final Map<String, String> passThrough = new LinkedHashMap<>();
        private final Map<String, Application> applications = new LinkedHashMap<>();
        private final Map<String, Set<String>> allowed = new LinkedHashMap<>();
        private int quota;
        private String credentialHeader = DEFAULT_CREDENTIAL_HEADER;
        private Duration tokenLifetime = Duration.ofHours(1);
        private @Nullable GatewayCredentials upstreamCredentials;
        private Duration upstreamTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The gateway's name, in its {@code Via} header and messages; {@code gateway} by default.
         *
         * @param name letters, digits, {@code .}, {@code _} and {@code -}
         * @return this builder
         */
        public Builder name(String name) {
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,32}")) {
                throw new IllegalArgumentException("name: 1 to 32 letters, digits, '.', '_' or '-'");
            }
            this.name = name;
            return this;
        }

        /**
         * The address to listen on; {@code 127.0.0.1} by default.
         *
         * @param host an IP address or host name
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The host name {@link #url()} gives to clients; {@code localhost} when listening on
         * {@code 127.0.0.1} (so that clients address the gateway by another name than the one it
         * forwards to), else the listening host.
         *
         * @param host a host name or IP literal that reaches the listening address
         * @return this builder
         */
        public Builder advertisedHost(String host) {
            this.advertisedHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The port; 0 (the default) picks a free one.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The next hop's base URL: the provider, or the next gateway of a chain.
         *
         * @param upstreamBase an absolute http URL; its path, if any, is put before every upstream path
         * @return this builder
         */
        public Builder upstream(URI upstreamBase) {
            Objects.requireNonNull(upstreamBase, "upstreamBase");
            if (!"http".equalsIgnoreCase(upstreamBase.getScheme()) || upstreamBase.getHost() == null) {
                throw new IllegalArgumentException("upstream: an absolute http URL with a host");
            }
            this.upstream = upstreamBase;
            return this;
        }

        /**
         * The path every service is published under, such as {@code /lgsp/r1}; none by default.
         *
         * @param prefix {@code ""} or {@code /segment[/segment...]}, without a trailing slash
         * @return this builder
         */
        public Builder pathPrefix(String prefix) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("pathPrefix: \"\" or /segment[/segment...] without a trailing slash");
            }
            this.pathPrefix = prefix;
            return this;
        }

        /**
         * Publishes a service: {@code {url}{pathPrefix}/{service}{rest}} is forwarded to
         * {@code {upstream}{upstreamPath}{rest}}.
         *
         * @param service the service id
         * @param upstreamPath the service's path at the next hop, such as {@code /population/v1}
         * @return this builder
         */
        public Builder route(ServiceId service, String upstreamPath) {
            Objects.requireNonNull(service, "service");
            routes.put(service.toString(), path(upstreamPath, "upstreamPath"));
            return this;
        }

        /**
         * Forwards one non-service path (the provider's token endpoint, its key set) as it is:
         * {@code {url}{path}} to {@code {upstream}{upstreamPath}}, query kept. It still requires
         * the gateway's token, but no service right.
         *
         * @param path the path at the gateway, such as {@link #PROVIDER_TOKEN_PATH}
         * @param upstreamPath the path at the next hop, such as {@code /oauth2/token}
         * @return this builder
         */
        public Builder passThrough(String path, String upstreamPath) {
            String p = path(path, "path");
            if (p.equals(GatewayHandler.TOKEN_PATH)) {
                throw new IllegalArgumentException("path: " + p + " is the gateway's own token endpoint");
            }
            passThrough.put(p, path(upstreamPath, "upstreamPath"));
            return this;
        }

        /**
         * Publishes what a sandbox serves: its population and e-documents services at their
         * default ids, its token endpoint at {@link #PROVIDER_TOKEN_PATH} and its key set at
         * {@link #PROVIDER_JWKS_PATH}. The sandbox is addressed by its base URL
         * ({@code 127.0.0.1}), where clients address the gateway as {@code localhost}: host, port
         * and path all change on the way.
         *
         * @param sandbox a started plain-HTTP sandbox
         * @return this builder
         */
        public Builder inFrontOf(KetnoiSandbox sandbox) {
            if (sandbox.isHttps()) {
                throw new IllegalArgumentException("the sandbox gateway forwards to plain-HTTP sandboxes only");
            }
            // The sandbox as it names itself (127.0.0.1), while clients address the gateway as localhost.
            upstream(sandbox.baseUri());
            SANDBOX_SERVICES.forEach((id, p) -> route(ServiceId.parse(id), p));
            passThrough(PROVIDER_TOKEN_PATH, "/oauth2/token");
            passThrough(PROVIDER_JWKS_PATH, "/.well-known/jwks.json");
            return this;
        }

        /**
         * Chains this gateway to {@code next}: forwards every service and pass-through path
         * {@code next} publishes, to it, with this gateway's own credential there (an application
         * {@code next} knows, by its key).
         *
         * @param next the next gateway (the NDXP when this is an LGSP)
         * @param key this gateway's application key at {@code next}
         * @return this builder
         */
        public Builder chainTo(SandboxGateway next, String key) {
            // Addressed by IP where the clients use the name: the host changes at each hop.
            URI u = next.url();
            upstream("localhost".equals(u.getHost()) ? URI.create("http://127.0.0.1:" + u.getPort()) : u);
            for (String id : next.config.routes().keySet()) {
                route(ServiceId.parse(id), next.pathPrefix() + "/" + id);
            }
            next.config.passThrough().keySet().forEach(p -> passThrough(p, p));
            upstreamCredentials(next.credentialsFor(key));
            return this;
        }

        /**
         * Registers an application, as a province registers an agency's software. It may call
         * every service unless {@link #allow} restricts it.
         *
         * @param key the application key
         * @param secret its secret
         * @param agencyId the agency it belongs to
         * @return this builder
         */
        public Builder application(String key, String secret, String agencyId) {
            if (key == null || key.isEmpty() || key.indexOf(':') >= 0) {
                throw new IllegalArgumentException("key: non-empty, without ':'");
            }
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("secret: non-empty");
            }
            applications.put(key, new Application(key, secret, Objects.requireNonNull(agencyId, "agencyId"), null));
            return this;
        }

        /**
         * Restricts an application to these services; a request to another one gets 403.
         *
         * @param key a registered application key
         * @param services the services it is subscribed to (none: it may call nothing)
         * @return this builder
         */
        public Builder allow(String key, ServiceId... services) {
            if (!applications.containsKey(key)) {
                throw new IllegalArgumentException("no application with key " + key);
            }
            Set<String> s = new LinkedHashSet<>();
            Arrays.stream(services).forEach(id -> s.add(id.toString()));
            allowed.put(key, s);
            return this;
        }

        /**
         * Requests per second each application may make on average (bursts of as many); over it,
         * 429 with {@code Retry-After}. 0 (the default) for no quota.
         *
         * @param perSecond 0 or more
         * @return this builder
         */
        public Builder quota(int perSecond) {
            if (perSecond < 0) {
                throw new IllegalArgumentException("quota: 0 or more");
            }
            this.quota = perSecond;
            return this;
        }

        /**
         * The header the gateway's token is expected in; {@code Gateway-Authorization} by default.
         *
         * @param name an HTTP header name
         * @return this builder
         */
        public Builder credentialHeader(String name) {
            if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")) {
                throw new IllegalArgumentException("credentialHeader: an HTTP header name");
            }
            this.credentialHeader = name;
            return this;
        }

        /**
         * Lifetime of the gateway's tokens; one hour by default.
         *
         * @param lifetime a whole number of seconds, at least one
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = seconds(lifetime, "token lifetime");
            return this;
        }

        /**
         * The gateway's own credential at the next gateway (chaining), added to every forwarded request.
         *
         * @param credentials key and secret at the next gateway's token URL
         * @return this builder
         */
        public Builder upstreamCredentials(GatewayCredentials credentials) {
            this.upstreamCredentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * How long to wait for the next hop's answer before answering 504; 60 seconds by default.
         *
         * @param timeout at least one second
         * @return this builder
         */
        public Builder upstreamTimeout(Duration timeout) {
            this.upstreamTimeout = seconds(timeout, "upstream timeout");
            return this;
        }

        /**
         * The clock token expiry is measured with; the system clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Binds the port and starts forwarding.
         *
         * @return the running gateway
         * @throws IllegalStateException when no upstream or no application is set
         * @throws UncheckedIOException when the port cannot be bound
         */
        public SandboxGateway start() {
            if (upstream == null) {
                throw new IllegalStateException("set the upstream (upstream(...) or inFrontOf(sandbox))");
            }
            if (applications.isEmpty()) {
                throw new IllegalStateException("register at least one application(key, secret, agencyId)");
            }
            return new SandboxGateway(this);
        }

        private static String path(String p, String what) {
            if (p == null || !p.startsWith("/") || p.indexOf('?') >= 0 || p.indexOf('#') >= 0) {
                throw new IllegalArgumentException(what + ": a path starting with '/', without query or fragment");
            }
            return p;
        }

        static Duration seconds(Duration d, String what) {
            if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(what + ": at least one second");
            }
            return d;
        }
    }
}
