package vn.ketnoi.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import vn.ketnoi.testkit.internal.Keys;
import vn.ketnoi.testkit.internal.RevocationResponder;
import vn.ketnoi.testkit.internal.SandboxHandler;
import vn.ketnoi.testkit.internal.SandboxServer;
import vn.ketnoi.testkit.internal.SandboxServices;
import vn.ketnoi.testkit.internal.TlsMaterial;
import vn.ketnoi.testkit.internal.chip.ChipVerificationService;
import vn.ketnoi.testkit.internal.population.ConsentService;

/**
 * An in-process provider that speaks the Ketnoi wire protocol ({@code docs/protocol.md},
 * sections 1 to 8 and 11) over plain HTTP on loopback: the token endpoint, the JWKS document
 * and the population lookup, with the exchange-layer, token and request-signature checks and
 * signed responses.
 *
 * <pre>{@code
 * try (KetnoiSandbox sandbox = KetnoiSandbox.builder().build().start()) {
 *     URI base = sandbox.baseUri();
 *     SandboxAgency agency = sandbox.defaultAgency();
 *     SyntheticCitizen citizen = sandbox.population().anyLiving();
 *     ...
 * }
 * }</pre>
 *
 * <p>Keys are generated when the sandbox is built and live only in memory.
 */
public final class KetnoiSandbox implements AutoCloseable {

    /** The id of the default agency: every field and every scope granted. */
    public static final String DEFAULT_AGENCY_ID = "VN:GOV:000.00.15.H29";
    /** The id of the limited agency: scope population, fields fullName, birthDate, sex, permanentResidence. */
    public static final String LIMITED_AGENCY_ID = "VN:GOV:000.00.19.H45";
    /** The seed used when none is given, so the default population is always the same. */
    public static final long DEFAULT_SEED = 20250701L;
    /** The port {@link SandboxMain} uses by default. */
    public static final int DEFAULT_MAIN_PORT = 8787;

    private final String host;
    private final int requestedPort;
    private final Clock clock;
    private final FutureTask<SandboxPopulation> population;
    private final Map<String, SandboxAgency> agencies;
    private final SandboxStats stats = new SandboxStats();
    /** Every service and the route table: the protocol lives there, this class is its control surface. */
    private final SandboxServices services;
    private final SandboxWallet wallet;
    /** Made on first use: key generation is not free, and most tests never touch a chip. */
    private SandboxChips chips;
    private final SandboxIdentityProvider vneid;
    private final SandboxGatewayJson gatewayJson;
    private final SandboxCivilStatus civilStatus;
    private final Object lock = new Object();
    private SandboxServer server;
    private final TlsMaterial tls;
    private final RevocationResponder revocation;
    private final boolean requireClientCertificates;
    private volatile String issuer;
    private boolean closed;
    private final TopologyGateways gateways = new TopologyGateways(this, lock, () -> server != null && !closed);

    private KetnoiSandbox(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.clock = b.clock;
        // Bound on first use (an https() sandbox, the document CA): plain sandboxes open no second port.
        this.revocation = new RevocationResponder(b.clock);
        this.tls = b.tlsNames == null ? null : new TlsMaterial(
                b.tlsNames.isEmpty() ? List.of(b.host, "localhost") : b.tlsNames, b.clock.instant(), revocation);
        this.requireClientCertificates = b.requireClientCertificates;
        int size = b.populationSize;
        long seed = b.seed;
        // Generated on a second thread while the keys are made and the port is bound; the
        // first caller that needs it waits for it.
        this.population = new FutureTask<>(() -> SandboxPopulation.generate(size, seed));
        Thread generator = new Thread(population, "ketnoi-sandbox-population");
        generator.setDaemon(true);
        generator.start();
        this.agencies = SandboxAgencies.create(b.extra, clock);
        this.services = new SandboxServices(new SandboxServices.Context(agencies::get, agencies.values(),
                this::population, clock, this::issuer, b.tokenLifetime, seed, new SandboxHandler.Counters() {
                    @Override
                    public void token() {
                        stats.countToken();
                    }

                    @Override
                    public void jwks() {
                        stats.countJwks();
                    }

                    @Override
                    public void api() {
                        stats.countApi();
                    }
                }, stats::countPushApplied, revocation,
                () -> new ChipVerificationService.Trust(chips().csca(), chips().crl())));
        this.wallet = new SandboxWallet(services.wallet(), clock);
        this.vneid = new SandboxIdentityProvider(services.vneid());
        this.gatewayJson = new SandboxGatewayJson(services.gatewayJson(), this::baseUri);
        this.civilStatus = new SandboxCivilStatus(services.civilStatus());
    }

    /** {@return a builder with the defaults: free loopback port, 10,000 citizens, fixed seed, 300 s tokens} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts serving.
     *
     * @return this sandbox
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public KetnoiSandbox start() {
        synchronized (lock) {
            if (server != null || closed) {
                throw new IllegalStateException("the sandbox can be started once");
            }
            try {
                server = SandboxServer.start(host, requestedPort, tls, requireClientCertificates,
                        stats::countConnection, stats::countHeaders, services.entry());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the sandbox on " + host + ":" + requestedPort, e);
            }
            issuer = server.issuer();
            return this;
        }
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            gateways.close();
            services.close();
            revocation.close();
            if (server != null) {
                server.close();
            }
        }
    }

    /** {@return the base URL, for example {@code http://127.0.0.1:41234}, without a trailing slash} */
    public URI baseUri() {
        return URI.create(issuer());
    }

    /** {@return whether the sandbox serves HTTPS (see {@link Builder#https()})} */
    public boolean isHttps() {
        return tls != null;
    }

    /** {@return whether the sandbox requires a client certificate issued by its CA} */
    public boolean requiresClientCertificates() {
        return requireClientCertificates;
    }

    /**
     * The CA the sandbox's server certificate chains to: the trust anchor for
     * {@code TlsOptions.builder().trustAnchors(List.of(sandbox.tlsCertificateAuthority()))}.
     *
     * @return the CA certificate
     * @throws IllegalStateException when the sandbox serves plain HTTP
     */
    public java.security.cert.X509Certificate tlsCertificateAuthority() {
        if (tls == null) {
            throw new IllegalStateException("the sandbox serves plain HTTP: build it with https()");
        }
        return tls.ca();
    }

    /**
     * A TLS client certificate issued by the sandbox's CA, on a new key, for mutual TLS.
     *
     * @param commonName the certificate's CN, for example the agency id
     * @return credentials for {@code TlsOptions.Builder.clientCertificate}
     */
    public vn.ketnoi.core.credential.AgencyCredentials issueClientCertificate(String commonName) {
        KeyPair pair = Keys.newEcP256();
        java.security.cert.X509Certificate cert = tlsMaterial().issueClient(commonName, pair.getPublic(), clock.instant());
        return vn.ketnoi.core.credential.AgencyCredentials.of("tls-" + commonName, pair.getPrivate(),
                List.of(cert, tls.ca()));
    }

    /**
     * The sandbox's TLS server certificate, issued by {@link #tlsCertificateAuthority()}; it names
     * the sandbox's OCSP responder and CRL (see {@link #revocation()}).
     *
     * @return the certificate
     * @throws IllegalStateException when the sandbox serves plain HTTP
     */
    public java.security.cert.X509Certificate tlsServerCertificate() {
        return tlsMaterial().server();
    }

    /**
     * Revokes the sandbox's TLS server certificate: from now on its OCSP answer says revoked and
     * its CRL lists it. Shorthand for {@code revocation().revokeTlsCertificate()}.
     *
     * @throws IllegalStateException when the sandbox serves plain HTTP
     */
    public void revokeTlsCertificate() {
        revocation().revokeTlsCertificate();
    }

    /** {@return the OCSP responder and CRLs of the sandbox's CAs: revocation and faults on command} */
    public SandboxRevocation revocation() {
        return new SandboxRevocation(revocation, this);
    }

    private TlsMaterial tlsMaterial() {
        if (tls == null) {
            throw new IllegalStateException("the sandbox serves plain HTTP: build it with https()");
        }
        return tls;
    }

    /** {@return the provider's issuer identifier: the base URL as a string, without a trailing slash} */
    public String issuer() {
        String i = issuer;
        if (i == null) {
            throw new IllegalStateException("the sandbox is not started");
        }
        return i;
    }

    /** {@return the token endpoint, {@code {base}/oauth2/token}: the exact {@code aud} of a client assertion} */
    public URI tokenEndpoint() {
        return URI.create(issuer() + "/oauth2/token");
    }

    /** {@return the JWKS document of the provider's response-signing keys} */
    public URI jwksUri() {
        return URI.create(issuer() + "/.well-known/jwks.json");
    }

    /** {@return the default agency: ES256, every scope, every field} */
    public SandboxAgency defaultAgency() {
        return agencies.get(DEFAULT_AGENCY_ID);
    }

    /** {@return the limited agency: ES256, scope population, fields fullName, birthDate, sex, permanentResidence} */
    public SandboxAgency limitedAgency() {
        return agencies.get(LIMITED_AGENCY_ID);
    }

    /**
     * A registered agency.
     *
     * @param id the agency id
     * @return the agency
     * @throws IllegalArgumentException when no agency has this id
     */
    public SandboxAgency agency(String id) {
        SandboxAgency a = agencies.get(id);
        if (a == null) {
            throw new IllegalArgumentException("no agency with id " + id);
        }
        return a;
    }

    /** {@return all registered agencies, the default first} */
    public List<SandboxAgency> agencies() {
        return List.copyOf(new ArrayList<>(agencies.values()));
    }

    /** {@return the synthetic population the lookup answers from (waits for its generation to finish)} */
    public SandboxPopulation population() {
        try {
            return population.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the population", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("population generation failed", e.getCause());
        }
    }

    /** {@return the gateway-json profile of the population service, at {@code {base}/gw-json} ({@code docs/wire-profiles.md})} */
    public SandboxGatewayJson gatewayJson() {
        return gatewayJson;
    }

    /** {@return the VNeID wallet behind the e-documents API (protocol section 10)} */
    public SandboxWallet wallet() {
        return wallet;
    }

    /**
     * The chips of the synthetic citizens' ID cards, their test CSCA, CRL and master list (made on
     * first use).
     *
     * @return the sandbox's chips
     */
    public SandboxChips chips() {
        synchronized (this) {
            if (chips == null) {
                chips = new SandboxChips(clock);
            }
            return chips;
        }
    }

    /** {@return the civil-status register at {@code {base}/civil-status/v1} (docs/civil-status.md)} */
    public SandboxCivilStatus civilStatus() {
        return civilStatus;
    }

    /** {@return the VNeID identity provider at {@code {base}/vneid}: keys, relying parties, PAR, CIBA} */
    public SandboxIdentityProvider vneid() {
        return vneid;
    }

    /** The fields of protocol section 8.4 that a lookup returns only with the citizen's consent token. */
    public static final Set<String> CONSENT_FIELDS =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of("religion", "bloodGroup", "phone", "email")));

    /**
     * Issues a consent token (protocol section 8.4), as the provider's consent service does when the
     * citizen approves an agency's request in VNeID.
     *
     * @param agencyId the agency the consent is given to
     * @param idNumber the citizen's ID number
     * @param fields wire names of the fields consented to
     * @param validity how long the token is valid, at most 90 days; zero or negative for one already expired
     * @return the token
     */
    public String issueConsent(String agencyId, String idNumber, Set<String> fields, Duration validity) {
        Objects.requireNonNull(agencyId, "agencyId");
        Objects.requireNonNull(idNumber, "idNumber");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(validity, "validity");
        if (validity.compareTo(ConsentService.MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("consent is granted for at most 90 days");
        }
        return services.consent().issue(agencyId, idNumber, fields, clock.instant(), validity);
    }

    /**
     * Appends an event to the change feed (protocol section 8.9), stamped now, and pushes a signed
     * notification (section 8.10) to every registered endpoint before returning. The feed already
     * holds a scripted stream of events derived from the seed.
     *
     * @param type {@code DEATH}, {@code NAME_CHANGE}, {@code NEW_ID_CARD} or {@code RESIDENCE_CHANGE}; or
     *             another name of upper-case letters and {@code _}, a type a later protocol version may
     *             add, served without data, to test a client's handling of unknown values (section 7)
     * @param citizen the citizen the event is about
     * @return the event id
     */
    public String appendChange(String type, SyntheticCitizen citizen) {
        return services.changes().append(Objects.requireNonNull(type, "type"), Objects.requireNonNull(citizen, "citizen"));
    }

    /**
     * Test hook: drops the oldest {@code count} events of the change feed from the retained
     * history, as the provider does after its retention period (section 8.9). A cursor from
     * before them then answers 410 {@code population.cursor-expired}; a read without a cursor
     * starts at the oldest event still retained.
     *
     * @param count how many of the oldest retained events to drop
     */
    public void forgetOldestChanges(int count) {
        services.changes().forgetOldest(count);
    }

    /** {@return number of events in the change feed so far, the scripted ones included} */
    public int changeCount() {
        return services.changes().size();
    }

    /**
     * Registers the URL the sandbox POSTs this agency's signed change notifications to
     * (protocol section 8.10); null removes it.
     *
     * @param agencyId the agency
     * @param endpoint an http URL the test listens on, or null
     */
    public void registerNotificationEndpoint(String agencyId, URI endpoint) {
        agency(agencyId);
        services.changes().register(agencyId, endpoint);
    }

    /**
     * Signs claims with the provider's current key, under its published {@code kid}, as the
     * provider signs responses, consent tokens, notifications and callbacks. A test hook: it lets a
     * test mint a provider-signed object with exactly one claim wrong, so that each check of a
     * verifier (or of the provider itself) is proved on its own rather than behind the signature.
     *
     * @param typ the JWS {@code typ}, e.g. {@code ketnoi-response+jwt} or {@code ketnoi-consent+jwt}
     * @param claims the claims, as they are to be signed
     * @return the JWS compact serialization
     */
    public String signAsProvider(String typ, Map<String, Object> claims) {
        return services.providerKeys().sign(Objects.requireNonNull(typ, "typ"), Objects.requireNonNull(claims, "claims"));
    }

    /**
     * The gateways in front of this sandbox for a topology, started on first use and closed with
     * the sandbox: none for {@link SandboxTopology#DIRECT}, else the agency-facing one first
     * ({@code lgsp}, then {@code ndxp} for a chain). Each agency of the sandbox has an application
     * at the {@code lgsp}. {@link SandboxClients#configFor(KetnoiSandbox, SandboxAgency, SandboxTopology)}
     * builds configurations that go through them.
     *
     * @param topology the topology
     * @return the gateways, empty for a direct topology
     * @throws IllegalStateException when the sandbox is not started, or closed
     * @throws IllegalArgumentException when the sandbox serves HTTPS (the gateways forward plain HTTP only)
     */
    public List<SandboxGateway> gateways(SandboxTopology topology) {
        return topologyGateways(topology).map(g -> g.chain).orElse(List.of());
    }

    /** The topology's gateways if they were started, without starting them. */
    java.util.Optional<SandboxTopology.Gateways> startedGateways(SandboxTopology topology) {
        return gateways.started(topology);
    }

    /** For the standalone sandbox: the topology's gateways on fixed ports (0 for any). */
    List<SandboxGateway> startGateways(SandboxTopology topology, int lgspPort, int ndxpPort) {
        return gateways.start(topology, lgspPort, ndxpPort);
    }

    java.util.Optional<SandboxTopology.Gateways> topologyGateways(SandboxTopology topology) {
        return gateways.of(topology);
    }

    /** {@return request counters} */
    public SandboxStats stats() {
        return stats;
    }

    /** {@return the provider's clock} */
    public Clock clock() {
        return clock;
    }

    /**
     * Sets the lifetime of tokens issued from now on.
     *
     * @param lifetime a positive whole number of seconds
     */
    public void setTokenLifetime(Duration lifetime) {
        services.tokens().setLifetime(Objects.requireNonNull(lifetime, "lifetime"));
    }

    /** Expires every token issued so far, so the next API call gets {@code auth.token-invalid}. */
    public void expireAllTokens() {
        services.tokens().expireAll();
    }

    /**
     * Generates a new provider key, publishes it in the JWKS beside the old ones and signs
     * every later response with it.
     *
     * @return the new key's kid
     */
    public String rotateSigningKey() {
        return services.providerKeys().rotate();
    }

    /**
     * Replaces the signing key with new material under the same kid (a provider that re-keys
     * without a new kid); every later response is signed with it.
     *
     * @return the kid, unchanged
     */
    public String rekeySigningKey() {
        return services.providerKeys().rekey();
    }

    /**
     * Stops publishing a signing key that is no longer used (rotate first) and hands its private
     * half to the test, which then plays the attacker who stole it (protocol section 5: a client
     * stops trusting a withdrawn key within the key set's max-age and grace).
     *
     * @param kid a published kid other than the current one
     * @return the withdrawn key's private half
     * @throws IllegalArgumentException when no key with this kid is published
     * @throws IllegalStateException when it is the key responses are signed with now
     */
    public java.security.PrivateKey withdrawSigningKey(String kid) {
        return services.providerKeys().withdraw(kid);
    }

    /**
     * The {@code Cache-Control: max-age} the key set is served with (5 minutes unless set).
     *
     * @param maxAge zero or more
     */
    public void setKeySetMaxAge(Duration maxAge) {
        services.providerKeys().setMaxAge(maxAge);
    }

    /** {@return fault injection per route (latency, slow drip, 5xx, 429, resets, truncation), seeded by the population seed} */
    public SandboxFaults faults() {
        return new SandboxFaults(services.entry());
    }

    /** {@return what the test-only idempotent write route has stored} */
    public SandboxTestWrites testWrites() {
        return new SandboxTestWrites(services.testWrites());
    }

    /**
     * Closes every client connection the sandbox and the gateways in front of it hold open, without
     * a word to the clients: what a restart of the provider leaves in their connection pools. The
     * servers keep running, so the next request on a new connection is served as before.
     */
    public void dropConnections() {
        SandboxServer s;
        synchronized (lock) {
            s = server;
        }
        if (s != null) {
            s.dropConnections();
        }
        // Through a gateway topology the clients see the gateways: they restart with it.
        gateways.dropConnections();
    }

    /** {@return the kid responses are signed with now} */
    public String currentSigningKeyId() {
        return services.providerKeys().currentKid();
    }

    @Override
    public String toString() {
        String i = issuer;
        return "KetnoiSandbox[" + (i == null ? "not started" : i) + "]";
    }

    /** Builder of a {@link KetnoiSandbox}. */
    public static final class Builder {
        private int port;
        private String host = "127.0.0.1";
        private int populationSize = 10_000;
        private long seed = DEFAULT_SEED;
        private Clock clock = Clock.systemUTC();
        private Duration tokenLifetime = Duration.ofSeconds(300);
        private final List<SandboxAgencies.Spec> extra = new ArrayList<>();
        private List<String> tlsNames;
        private boolean requireClientCertificates;

        private Builder() {
        }

        /**
         * Serves HTTPS (TLS 1.3 and 1.2) with a server certificate for the listening host and
         * {@code localhost}, issued by a CA generated for this sandbox
         * ({@link KetnoiSandbox#tlsCertificateAuthority()}).
         *
         * @return this builder
         */
        public Builder https() {
            this.tlsNames = List.of();
            return this;
        }

        /**
         * Serves HTTPS with a server certificate for exactly these names (DNS names or IP
         * addresses): to test what a client does when the name does not match.
         *
         * @param serverNames the subject alternative names
         * @return this builder
         */
        public Builder https(String... serverNames) {
            if (serverNames == null || serverNames.length == 0) {
                throw new IllegalArgumentException("name at least one server name");
            }
            this.tlsNames = List.of(serverNames);
            return this;
        }

        /**
         * Requires every client to present a certificate issued by the sandbox's CA (mutual
         * TLS); implies {@link #https()} if no names were given.
         *
         * @return this builder
         */
        public Builder requireClientCertificates() {
            if (tlsNames == null) {
                tlsNames = List.of();
            }
            this.requireClientCertificates = true;
            return this;
        }

        /**
         * The port to listen on; 0 (the default) picks a free one.
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
         * The address to listen on and to name in the base URL; {@code 127.0.0.1} by default.
         *
         * @param host an IP address or host name
         * @return this builder
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Number of synthetic citizens; 10,000 by default.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder populationSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("populationSize must be at least 1");
            }
            this.populationSize = size;
            return this;
        }

        /**
         * The population seed; {@link #DEFAULT_SEED} by default.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The provider's clock (token expiry, signature freshness, replay windows, response
         * {@code iat}); the system UTC clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Lifetime of issued access tokens; 300 seconds by default.
         *
         * @param lifetime a positive whole number of seconds
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.getNano() != 0) {
                throw new IllegalArgumentException("token lifetime must be a positive whole number of seconds");
            }
            this.tokenLifetime = lifetime;
            return this;
        }

        /**
         * Registers another agency with every scope.
         *
         * @param id the agency id
         * @param algorithm {@code ES256} or {@code PS256} (an RSA 2048 key is generated, slowly, only then)
         * @param grantedFields wire names of section 8.2
         * @return this builder
         */
        public Builder addAgency(String id, String algorithm, Set<String> grantedFields) {
            return addAgency(id, algorithm, SandboxAgency.ALL_SCOPES, grantedFields);
        }

        /**
         * Registers another agency.
         *
         * @param id the agency id
         * @param algorithm {@code ES256} or {@code PS256}
         * @param scopes scopes of section 2 the agency may ask for
         * @param grantedFields wire names of section 8.2
         * @return this builder
         */
        public Builder addAgency(String id, String algorithm, Set<String> scopes, Set<String> grantedFields) {
            Objects.requireNonNull(id, "id");
            if (id.equals(DEFAULT_AGENCY_ID) || id.equals(LIMITED_AGENCY_ID)
                    || extra.stream().anyMatch(s -> s.id().equals(id))) {
                throw new IllegalArgumentException("agency already registered: " + id);
            }
            if (!SandboxAgency.ES256.equals(algorithm) && !SandboxAgency.PS256.equals(algorithm)) {
                throw new IllegalArgumentException("algorithm must be ES256 or PS256");
            }
            if (!SandboxAgency.ALL_FIELDS.containsAll(grantedFields)) {
                throw new IllegalArgumentException("unknown field name in " + grantedFields);
            }
            if (!SandboxAgency.ALL_SCOPES.containsAll(scopes)) {
                throw new IllegalArgumentException("unknown scope in " + scopes);
            }
            extra.add(new SandboxAgencies.Spec(id, algorithm, new LinkedHashSet<>(scopes), new LinkedHashSet<>(grantedFields), null));
            return this;
        }

        /**
         * Registers an agency, with every scope, whose private key the sandbox never sees (a key in
         * a PKCS#11 token or an HSM): the provider knows only the public key, under its thumbprint.
         * The agency's {@link SandboxAgency#privateKey()} is {@code null}.
         *
         * @param id the agency id
         * @param publicKey an EC P-256 key (ES256) or an RSA key of 2048 bits or more (PS256)
         * @param grantedFields wire names of section 8.2
         * @return this builder
         */
        public Builder addAgency(String id, PublicKey publicKey, Set<String> grantedFields) {
            Objects.requireNonNull(publicKey, "publicKey");
            String algorithm = publicKey instanceof java.security.interfaces.ECPublicKey ? SandboxAgency.ES256
                    : publicKey instanceof java.security.interfaces.RSAPublicKey ? SandboxAgency.PS256 : null;
            if (algorithm == null) {
                throw new IllegalArgumentException("the key must be EC P-256 or RSA");
            }
            addAgency(id, algorithm, grantedFields);
            SandboxAgencies.Spec added = extra.remove(extra.size() - 1);
            extra.add(new SandboxAgencies.Spec(added.id(), algorithm, added.scopes(), added.fields(), publicKey));
            return this;
        }

        /**
         * Generates the population and keys. Call {@link KetnoiSandbox#start()} to serve.
         *
         * @return the sandbox, not yet listening
         */
        public KetnoiSandbox build() {
            return new KetnoiSandbox(this);
        }
    }
}
