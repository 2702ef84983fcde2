package vn.ketnoi.core;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.audit.AuditSink;
import vn.ketnoi.core.audit.SubjectHasher;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.internal.crypto.CanonicalUrl;
import vn.ketnoi.core.internal.http.SecureUrls;
import vn.ketnoi.core.pipeline.Interceptor;

/**
 * Everything a Ketnoi client needs to reach a provider: where it is, who the agency is, how the
 * agency signs, and how patient to be. Immutable and thread-safe; one instance can configure any
 * number of clients of any service.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         .endpoint(URI.create("https://api.dancu.example.vn"))
 *         .agencyId("VN:GOV:000.00.15.H29")
 *         .credentials(AgencyCredentials.fromPkcs12(Path.of("agency.p12"), password, null, null))
 *         .build();
 * }</pre>
 *
 * <p>Required: {@code endpoint}, {@code agencyId}, {@code credentials}. The token endpoint, the
 * provider's issuer id and its JWKS address default to the addresses {@code docs/protocol.md}
 * gives relative to the endpoint.
 */
public final class ClientConfig {
    private final URI endpoint;
    private final String agencyId;
    private final AgencyCredentials credentials;
    private final URI tokenEndpoint;
    private final String providerIssuer;
    private final URI jwksUri;
    // What the user set, null where the value is derived from the endpoint: toBuilder() carries
    // these, so a new endpoint gets its own token endpoint, issuer and key set.
    private final URI explicitTokenEndpoint;
    private final String explicitProviderIssuer;
    private final URI explicitJwksUri;
    private final HttpOptions httpOptions;
    private final ProxyOptions proxy;
    private final List<Interceptor> interceptors;
    private final List<Interceptor> networkInterceptors;
    private final Clock clock;
    private final Duration clockSkew;
    private final ResilienceOptions resilience;
    private final Map<String, ResilienceOptions> serviceResilience;
    private final List<ResilienceListener> resilienceListeners;
    private final TlsOptions tls;
    private final RevocationOptions revocation;
    private final Duration certificateExpiryWarning;
    private final @Nullable AuditSink auditSink;
    private final @Nullable SubjectHasher auditSubjectHasher;
    private final Map<ServiceId, URI> routes;
    private final Map<String, ServiceId> serviceIds;
    private final List<Gateway> gateways;

    private ClientConfig(Builder b) {
        this.endpoint = httpUri("endpoint", b.endpoint, true);
        if (b.agencyId == null || b.agencyId.isBlank()) {
            throw new InvalidInputException("agencyId", "is required");
        }
        if (b.agencyId.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new InvalidInputException("agencyId", "must be printable ASCII without spaces");
        }
        this.agencyId = b.agencyId;
        if (b.credentials == null) {
            throw new InvalidInputException("credentials", "are required");
        }
        this.credentials = b.credentials;
        String base = stripSlash(endpoint.toString());
        this.tokenEndpoint = b.tokenEndpoint == null ? URI.create(base + "/oauth2/token")
                : httpUri("tokenEndpoint", b.tokenEndpoint, true);
        // Compared as a string with the provider's iss, which the provider writes in canonical form (section 5).
        this.providerIssuer = CanonicalUrl.issuer(b.providerIssuer == null ? base : b.providerIssuer);
        this.jwksUri = b.jwksUri == null ? URI.create(base + "/.well-known/jwks.json")
                : httpUri("jwksUri", b.jwksUri, true);
        this.explicitTokenEndpoint = b.tokenEndpoint;
        this.explicitProviderIssuer = b.providerIssuer;
        this.explicitJwksUri = b.jwksUri;
        this.httpOptions = b.httpOptions == null ? HttpOptions.defaults() : b.httpOptions;
        this.proxy = b.proxy == null ? ProxyOptions.fromEnvironment() : b.proxy;
        this.interceptors = List.copyOf(b.interceptors);
        this.networkInterceptors = List.copyOf(b.networkInterceptors);
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        if (b.clockSkew == null || b.clockSkew.isNegative() || b.clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidInputException("clockSkew", "must be between 0 and 5 minutes");
        }
        this.clockSkew = b.clockSkew;
        this.resilience = b.resilience == null ? ResilienceOptions.defaults() : b.resilience;
        this.serviceResilience = Map.copyOf(b.serviceResilience);
        this.resilienceListeners = List.copyOf(b.resilienceListeners);
        this.tls = b.tls == null ? TlsOptions.defaults() : b.tls;
        this.revocation = b.revocation == null ? RevocationOptions.defaults() : b.revocation;
        if (b.certificateExpiryWarning == null || b.certificateExpiryWarning.isNegative()) {
            throw new InvalidInputException("certificateExpiryWarning", "must be zero or positive");
        }
        this.certificateExpiryWarning = b.certificateExpiryWarning;
        if (b.auditSink != null && b.auditSubjectHasher == null) {
            throw new InvalidInputException("auditSubjectHasher",
                    "is required with an audit sink: whose data is recorded by a keyed hash, never in clear");
        }
        this.auditSink = b.auditSink;
        this.auditSubjectHasher = b.auditSubjectHasher;
        Map<ServiceId, URI> r = new LinkedHashMap<>();
        b.routes.forEach((id, url) -> r.put(id, httpUri("routes." + id, url, true)));
        this.routes = java.util.Collections.unmodifiableMap(r);
        this.serviceIds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.serviceIds));
        this.gateways = List.copyOf(b.gateways.values());
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding what was set on this configuration. The token endpoint, issuer and JWKS
     * address are carried only when they were set explicitly; otherwise {@link Builder#build()}
     * derives them again from the endpoint, so changing the endpoint moves them with it.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.endpoint = endpoint;
        b.agencyId = agencyId;
        b.credentials = credentials;
        b.tokenEndpoint = explicitTokenEndpoint;
        b.providerIssuer = explicitProviderIssuer;
        b.jwksUri = explicitJwksUri;
        b.httpOptions = httpOptions;
        b.proxy = proxy;
        b.interceptors.addAll(interceptors);
        b.networkInterceptors.addAll(networkInterceptors);
        b.clock = clock;
        b.clockSkew = clockSkew;
        b.resilience = resilience;
        b.serviceResilience.putAll(serviceResilience);
        b.resilienceListeners.addAll(resilienceListeners);
        b.tls = tls;
        b.revocation = revocation;
        b.certificateExpiryWarning = certificateExpiryWarning;
        b.auditSink = auditSink;
        b.auditSubjectHasher = auditSubjectHasher;
        b.routes.putAll(routes);
        b.serviceIds.putAll(serviceIds);
        gateways.forEach(g -> b.gateways.put(g.name(), g));
        return b;
    }

    /** {@return base URL of the provider; service paths are appended to it} */
    public URI endpoint() {
        return endpoint;
    }

    /** {@return the agency id issued by the exchange platform; sent as {@code X-Road-Client} and as the OAuth client id} */
    public String agencyId() {
        return agencyId;
    }

    /** {@return the agency's signing key and certificate chain} */
    public AgencyCredentials credentials() {
        return credentials;
    }

    /** {@return the provider's token endpoint} */
    public URI tokenEndpoint() {
        return tokenEndpoint;
    }

    /** {@return the {@code iss} every provider response signature must carry: the issuer in the canonical form of protocol section 4} */
    public String providerIssuer() {
        return providerIssuer;
    }

    /** {@return where the provider publishes its response-signing keys} */
    public URI jwksUri() {
        return jwksUri;
    }

    /** {@return timeouts, pool sizes and response limits} */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    /** {@return the outbound proxy; {@link ProxyOptions#none()} when calls go direct} */
    public ProxyOptions proxy() {
        return proxy;
    }

    /** {@return application interceptors, outermost first} */
    public List<Interceptor> interceptors() {
        return interceptors;
    }

    /** {@return network interceptors, outermost first; they see each signed HTTP exchange} */
    public List<Interceptor> networkInterceptors() {
        return networkInterceptors;
    }

    /** {@return the clock used to sign and to check freshness} */
    public Clock clock() {
        return clock;
    }

    /** {@return largest difference allowed between the provider's clock and ours} */
    public Duration clockSkew() {
        return clockSkew;
    }

    /**
     * The resilience options of a service: those set for it with
     * {@link Builder#resilience(String, ResilienceOptions)}, else those set for all services,
     * else {@link ResilienceOptions#defaults()}.
     *
     * @param service {@code population}, {@code vneid} or {@code edocuments}
     * @return the options
     */
    public ResilienceOptions resilience(String service) {
        return serviceResilience.getOrDefault(service, resilience);
    }

    /** {@return listeners of resilience events, in registration order} */
    public List<ResilienceListener> resilienceListeners() {
        return resilienceListeners;
    }

    /** {@return trust anchors, TLS versions and the client certificate for mutual TLS} */
    public TlsOptions tls() {
        return tls;
    }

    /**
     * {@return how the status of the provider's TLS certificate and of the agency's own certificates
     * is checked (OCSP or CRL); {@link RevocationOptions#defaults()} unless set}
     */
    public RevocationOptions revocation() {
        return revocation;
    }

    /**
     * How long before the agency's certificates expire the SDK starts warning (once per
     * certificate, at WARN, when a client is built); 30 days by default. An expired or not yet
     * valid certificate is refused when a client is built.
     *
     * @return how long ahead
     */
    public Duration certificateExpiryWarning() {
        return certificateExpiryWarning;
    }

    /** {@return where each call's audit event goes; {@code null} when the agency keeps no audit trail through the SDK} */
    public @Nullable AuditSink auditSink() {
        return auditSink;
    }

    /** {@return the keyed hash that stands for a citizen's ID number in audit events; {@code null} without a sink} */
    public @Nullable SubjectHasher auditSubjectHasher() {
        return auditSubjectHasher;
    }

    /**
     * Where a service's paths are appended: the URL of the route set for {@code service} with
     * {@link Builder#route}, or without one {@link #endpoint()} followed by {@code defaultPath}
     * (straight to the provider). Without a trailing {@code /}.
     *
     * @param service     the service's id, as {@link #serviceId} gives it
     * @param defaultPath the path the provider mounts the service at, such as {@code /population/v1}
     * @return the service's base URL
     */
    public URI serviceUrl(ServiceId service, String defaultPath) {
        URI route = routes.get(service);
        if (route != null) {
            return URI.create(stripSlash(route.toString()));
        }
        return URI.create(stripSlash(endpoint.toString()) + defaultPath);
    }

    /**
     * The id a client addresses its service by: the one set with {@link Builder#serviceId} for
     * {@code scope}, else {@code defaultId}.
     *
     * @param scope     {@code population} or {@code edocuments}
     * @param defaultId the service's default id, such as {@code PopulationClient.SERVICE}
     * @return the id to address and sign
     */
    public ServiceId serviceId(String scope, ServiceId defaultId) {
        return serviceIds.getOrDefault(scope, defaultId);
    }

    /** {@return the routes set, service id to base URL, in the order they were set} */
    public Map<ServiceId, URI> routes() {
        return routes;
    }

    /** {@return the gateways of the exchange layer, whose credentials go to the requests under their URLs} */
    public List<Gateway> gateways() {
        return gateways;
    }

    private static URI httpUri(String field, URI u, boolean required) {
        if (u == null && !required) {
            return null;
        }
        return SecureUrls.configured(field, u);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "ClientConfig[endpoint=" + endpoint + ", agencyId=" + agencyId + ", credentials=" + credentials
                + ", httpOptions=" + httpOptions + ", proxy=" + proxy + ", tls=" + tls + ", revocation=" + revocation
                + (routes.isEmpty() ? "" : ", routes=" + routes.keySet())
                + (gateways.isEmpty() ? "" : ", gateways=" + gateways) + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private URI endpoint;
        private String agencyId;
        private AgencyCredentials credentials;
        private URI tokenEndpoint;
        private String providerIssuer;
        private URI jwksUri;
        private HttpOptions httpOptions;
        private ProxyOptions proxy;
        private final List<Interceptor> interceptors = new ArrayList<>();
        private final List<Interceptor> networkInterceptors = new ArrayList<>();
        private Clock clock;
        private Duration clockSkew = Duration.ofSeconds(60);
        private ResilienceOptions resilience;
        private final Map<String, ResilienceOptions> serviceResilience = new LinkedHashMap<>();
        private final List<ResilienceListener> resilienceListeners = new ArrayList<>();
        private TlsOptions tls;
        private RevocationOptions revocation;
        private Duration certificateExpiryWarning = Duration.ofDays(30);
        private AuditSink auditSink;
        private SubjectHasher auditSubjectHasher;
        private final Map<ServiceId, URI> routes = new LinkedHashMap<>();
        private final Map<String, ServiceId> serviceIds = new LinkedHashMap<>();
        private final Map<String, Gateway> gateways = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Sends a service's calls to {@code url} instead of the endpoint: the URL the exchange
         * layer serves that service at (such as {@code https://lgsp.tinh.gov.vn/r1/VN/GOV/.../population/v1}),
         * to which the service's paths are appended. One route per service; setting it again replaces it.
         * The request signature binds the service id and the path within the service, never this URL.
         *
         * @param service the service's id
         * @param url where the exchange layer serves it
         * @return this builder
         */
        public Builder route(ServiceId service, URI url) {
            if (service == null) {
                throw new InvalidInputException("route.service", "must not be null");
            }
            routes.put(service, httpUri("routes." + service, url, true));
            return this;
        }

        /**
         * Addresses the service a client of {@code scope} calls by {@code id} instead of its default
         * id (the provider's real id, once it has issued one).
         *
         * @param scope {@code population} or {@code edocuments}
         * @param id the id to address
         * @return this builder
         */
        public Builder serviceId(String scope, ServiceId id) {
            if (scope == null || !List.of("population", "edocuments").contains(scope)) {
                throw new InvalidInputException("serviceId.scope", "must be population or edocuments");
            }
            if (id == null) {
                throw new InvalidInputException("serviceId", "must not be null");
            }
            serviceIds.put(scope, id);
            return this;
        }

        /**
         * Adds a gateway of the exchange layer: its credential is added to every request under
         * its URL. One gateway per name; adding another of the same name replaces it.
         *
         * @param gateway the gateway
         * @return this builder
         */
        public Builder gateway(Gateway gateway) {
            if (gateway == null) {
                throw new InvalidInputException("gateway", "must not be null");
            }
            gateways.put(gateway.name(), gateway);
            return this;
        }

        /**
         * TLS trust anchors and client certificate; {@link TlsOptions#defaults()} if unset.
         *
         * @param tls the options
         * @return this builder
         */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * How certificates' revocation status is checked (the provider's TLS certificate, the
         * agency's own at start-up); {@link RevocationOptions#defaults()} (soft-fail) if unset.
         *
         * @param revocation the options
         * @return this builder
         */
        public Builder revocation(RevocationOptions revocation) {
            if (revocation == null) {
                throw new InvalidInputException("revocation", "must not be null");
            }
            this.revocation = revocation;
            return this;
        }

        /**
         * How long before a certificate expires the SDK starts warning; 30 days by default.
         *
         * @param ahead how long ahead
         * @return this builder
         */
        public Builder certificateExpiryWarning(Duration ahead) {
            this.certificateExpiryWarning = ahead;
            return this;
        }

        /**
         * Records every call to the population database and VNeID as an {@link vn.ketnoi.core.audit.AuditEvent}
         * (who, whose data by keyed hash, which purpose, fields and operation, the outcome).
         *
         * @param sink where events go, for example a {@link vn.ketnoi.core.audit.FileAuditSink}
         * @param subjectHasher the agency-keyed hash standing for ID numbers in the events
         * @return this builder
         */
        public Builder audit(AuditSink sink, SubjectHasher subjectHasher) {
            if (sink == null) {
                throw new InvalidInputException("auditSink", "must not be null");
            }
            if (subjectHasher == null) {
                throw new InvalidInputException("auditSubjectHasher", "must not be null");
            }
            this.auditSink = sink;
            this.auditSubjectHasher = subjectHasher;
            return this;
        }

        /**
         * Resilience options for every service that has none of its own; {@link ResilienceOptions#defaults()} if unset.
         *
         * @param options the options
         * @return this builder
         */
        public Builder resilience(ResilienceOptions options) {
            if (options == null) {
                throw new InvalidInputException("resilience", "must not be null");
            }
            this.resilience = options;
            return this;
        }

        /**
         * Resilience options for one service.
         *
         * @param service {@code population}, {@code vneid} or {@code edocuments}
         * @param options the options
         * @return this builder
         */
        public Builder resilience(String service, ResilienceOptions options) {
            if (service == null || !List.of("population", "vneid", "edocuments").contains(service)) {
                throw new InvalidInputException("resilience.service", "must be population, vneid or edocuments");
            }
            if (options == null) {
                throw new InvalidInputException("resilience", "must not be null");
            }
            serviceResilience.put(service, options);
            return this;
        }

        /**
         * Subscribes to retries, circuit-breaker state changes and rejections of every client built from this config.
         *
         * @param listener called on each event; must return quickly
         * @return this builder
         */
        public Builder addResilienceListener(ResilienceListener listener) {
            if (listener == null) {
                throw new InvalidInputException("resilienceListener", "must not be null");
            }
            resilienceListeners.add(listener);
            return this;
        }

        /**
         * The provider's base URL (required); the token, issuer and key-set addresses derive from it unless set.
         *
         * @param endpoint an https URL (http only for loopback)
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * The agency id the exchange platform issued (required).
         *
         * @param agencyId the id
         * @return this builder
         */
        public Builder agencyId(String agencyId) {
            this.agencyId = agencyId;
            return this;
        }

        /**
         * The agency's signing key and certificate chain (required).
         *
         * @param credentials the credentials
         * @return this builder
         */
        public Builder credentials(AgencyCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * The provider's token endpoint; derived from the endpoint if unset.
         *
         * @param tokenEndpoint the URL
         * @return this builder
         */
        public Builder tokenEndpoint(URI tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
            return this;
        }

        /**
         * The issuer the provider signs as; derived from the endpoint if unset.
         *
         * @param providerIssuer the issuer identifier
         * @return this builder
         */
        public Builder providerIssuer(String providerIssuer) {
            this.providerIssuer = providerIssuer;
            return this;
        }

        /**
         * Where the provider publishes its keys; derived from the endpoint if unset.
         *
         * @param jwksUri the URL
         * @return this builder
         */
        public Builder jwksUri(URI jwksUri) {
            this.jwksUri = jwksUri;
            return this;
        }

        /**
         * Timeouts, pool sizes and response limits; {@link HttpOptions#defaults()} if unset.
         *
         * @param httpOptions the options
         * @return this builder
         */
        public Builder httpOptions(HttpOptions httpOptions) {
            this.httpOptions = httpOptions;
            return this;
        }

        /**
         * The outbound proxy; none if unset.
         *
         * @param proxy the proxy
         * @return this builder
         */
        public Builder proxy(ProxyOptions proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * Adds an application interceptor; it runs once per call, before the SDK's own steps.
         *
         * @param interceptor the interceptor; thread-safe
         * @return this builder
         */
        public Builder addInterceptor(Interceptor interceptor) {
            if (interceptor == null) {
                throw new InvalidInputException("interceptor", "must not be null");
            }
            interceptors.add(interceptor);
            return this;
        }

        /**
         * Adds a network interceptor; it sees every signed HTTP exchange as it goes on the wire.
         *
         * @param interceptor the interceptor; thread-safe
         * @return this builder
         */
        public Builder addNetworkInterceptor(Interceptor interceptor) {
            if (interceptor == null) {
                throw new InvalidInputException("networkInterceptor", "must not be null");
            }
            networkInterceptors.add(interceptor);
            return this;
        }

        /**
         * The clock used to sign and to check freshness; the system UTC clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * The clock skew allowed when checking the provider's timestamps.
         *
         * @param clockSkew a small positive duration
         * @return this builder
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /** {@return the configuration} */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
