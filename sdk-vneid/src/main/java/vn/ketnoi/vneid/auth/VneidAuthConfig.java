package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.logging.Masking;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link VneidAuthClient}: the provider's issuer, this relying party's client id
 * and signing key (for {@code private_key_jwt}), and the policy choices. Immutable.
 */
public final class VneidAuthConfig {
    /** When to push authorization requests (RFC 9126). */
    public enum ParMode {
        /** Push when the provider advertises a PAR endpoint (and always when it requires PAR). */
        AUTO,
        /** Always push; fail when the provider has no PAR endpoint. */
        ALWAYS,
        /** Never push, unless the provider requires it. */
        NEVER
    }

    /**
     * The scopes asked for by default: {@code openid}, {@code profile} (name and birth date) and
     * {@code citizen} (the VNeID ID number and account level). A standard provider releases
     * identity claims by scope: with {@code openid} alone a sign-in names no one. When left at
     * this default, the scopes the provider's discovery document does not list are not sent
     * ({@code openid} always is).
     */
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "citizen");
    /** The shortest and longest client-assertion lifetime {@link Builder#clientAssertionLifetime} takes. */
    public static final Duration MIN_ASSERTION_LIFETIME = Duration.ofSeconds(10);
    /** The algorithms accepted by default: RSA and EC signatures only. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("ES256", "PS256", "RS256");
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of("ES256", "ES384", "ES512", "PS256", "PS384",
            "PS512", "RS256", "RS384", "RS512", "EdDSA");

    private final String issuer;
    private final String clientId;
    private final AgencyCredentials credentials;
    private final URI redirectUri;
    private final URI postLogoutRedirectUri;
    private final ClaimMapping claimMapping;
    private final AssuranceLevel minimumLevel;
    private final ParMode parMode;
    private final PrivateKey decryptionKey;
    private final String decryptionKeyId;
    private final boolean requireEncryptedUserInfo;
    private final List<String> scopes;
    private final boolean scopesConfigured;
    private final Duration clientAssertionLifetime;
    private final Set<String> allowedAlgorithms;
    private final Duration clockSkew;
    private final Duration metadataTtl;
    private final HttpOptions httpOptions;
    private final ProxyOptions proxy;
    private final Clock clock;
    private final vn.ketnoi.core.TlsOptions tls;
    private final Duration certificateExpiryWarning;
    private final vn.ketnoi.core.audit.AuditSink auditSink;
    private final vn.ketnoi.core.audit.SubjectHasher auditSubjectHasher;
    private final Duration loginStateMaxAge;
    private final byte[] loginStateKey;
    private final ClientConfig base; // from(base): its interceptors and resilience options; else null
    private final @Nullable URI backChannel;

    private VneidAuthConfig(Builder b) {
        this.base = b.base;
        this.backChannel = b.backChannel;
        this.issuer = b.issuer;
        this.clientId = b.clientId;
        this.credentials = b.credentials;
        this.redirectUri = b.redirectUri;
        this.postLogoutRedirectUri = b.postLogoutRedirectUri;
        this.claimMapping = b.claimMapping;
        this.minimumLevel = b.minimumLevel;
        this.parMode = b.parMode;
        this.decryptionKey = b.decryptionKey;
        this.decryptionKeyId = b.decryptionKeyId;
        this.requireEncryptedUserInfo = b.requireEncryptedUserInfo;
        this.scopes = List.copyOf(b.scopes);
        this.scopesConfigured = b.scopesConfigured;
        this.clientAssertionLifetime = b.clientAssertionLifetime;
        this.allowedAlgorithms = Set.copyOf(b.allowedAlgorithms);
        this.clockSkew = b.clockSkew;
        this.metadataTtl = b.metadataTtl;
        this.httpOptions = b.httpOptions;
        this.proxy = b.proxy;
        this.clock = b.clock;
        this.tls = b.tls;
        this.certificateExpiryWarning = b.certificateExpiryWarning;
        this.auditSink = b.auditSink;
        this.auditSubjectHasher = b.auditSubjectHasher;
        this.loginStateMaxAge = b.loginStateMaxAge;
        this.loginStateKey = b.loginStateKey == null ? null : b.loginStateKey.clone();
    }

    /** {@return an empty builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every value of this configuration, for {@link VneidAuthClient#builder(VneidAuthConfig)}.
     * Not public: derived values (the issuer from an endpoint, the back channel from a route) would
     * be carried over as if set, which is why {@code docs/security.md} says it has no {@code toBuilder}.
     */
    Builder toBuilder() {
        Builder b = new Builder();
        b.base = base;
        b.backChannel = backChannel;
        b.issuer = issuer;
        b.clientId = clientId;
        b.credentials = credentials;
        b.redirectUri = redirectUri;
        b.postLogoutRedirectUri = postLogoutRedirectUri;
        b.claimMapping = claimMapping;
        b.minimumLevel = minimumLevel;
        b.parMode = parMode;
        b.decryptionKey = decryptionKey;
        b.decryptionKeyId = decryptionKeyId;
        b.requireEncryptedUserInfo = requireEncryptedUserInfo;
        b.scopes = scopes;
        b.scopesConfigured = scopesConfigured;
        b.clientAssertionLifetime = clientAssertionLifetime;
        b.allowedAlgorithms = new LinkedHashSet<>(allowedAlgorithms);
        b.clockSkew = clockSkew;
        b.metadataTtl = metadataTtl;
        b.httpOptions = httpOptions;
        b.proxy = proxy;
        b.clock = clock;
        b.tls = tls;
        b.certificateExpiryWarning = certificateExpiryWarning;
        b.auditSink = auditSink;
        b.auditSubjectHasher = auditSubjectHasher;
        b.loginStateMaxAge = loginStateMaxAge;
        b.loginStateKey = loginStateKey == null ? null : loginStateKey.clone();
        return b;
    }

    /**
     * A builder filled from a Ketnoi client configuration: the issuer {@code {endpoint}/vneid},
     * the agency id as client id, its credentials, HTTP and proxy options, clock and skew; and, for
     * the client's every exchange, its application and network interceptors and its resilience
     * options for the service {@code vneid} ({@code ClientConfig.resilience("vneid", ...)}).
     *
     * @param base the agency's configuration
     * @return a builder
     */
    public static Builder from(ClientConfig base) {
        if (base == null) {
            throw new InvalidInputException("base", "is required");
        }
        String endpoint = base.endpoint().toString();
        if (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        Builder b = new Builder();
        b.base = base;
        URI route = base.routes().get(base.serviceId("vneid", VneidAuthClient.SERVICE));
        if (route != null) {
            b.backChannel(route);
        }
        return b.issuer(endpoint + "/vneid").clientId(base.agencyId()).credentials(base.credentials())
                .httpOptions(base.httpOptions()).proxy(base.proxy()).clock(base.clock()).clockSkew(base.clockSkew())
                .tls(base.tls()).certificateExpiryWarning(base.certificateExpiryWarning())
                .audit(base.auditSink(), base.auditSubjectHasher());
    }

    /**
     * {@return where the provider's back channel is reached, or {@code null} for at the issuer}
     * See {@link Builder#backChannel}.
     */
    public @Nullable URI backChannel() {
        return backChannel;
    }

    /** The agency configuration this one was made from, whose interceptors and resilience apply; or null. */
    @Nullable ClientConfig base() {
        return base;
    }

    /** {@return the provider's issuer identifier; discovery is at {@code {issuer}/.well-known/openid-configuration}} */
    public String issuer() {
        return issuer;
    }

    /** {@return this relying party's {@code client_id}} */
    public String clientId() {
        return clientId;
    }

    /** {@return the key client assertions are signed with ({@code private_key_jwt})} */
    public AgencyCredentials credentials() {
        return credentials;
    }

    /** {@return the default redirect URI, or {@code null}} */
    public URI redirectUri() {
        return redirectUri;
    }

    /** {@return the default post-logout redirect URI, or {@code null}} */
    public URI postLogoutRedirectUri() {
        return postLogoutRedirectUri;
    }

    /** {@return which claim names carry the identity} */
    public ClaimMapping claimMapping() {
        return claimMapping;
    }

    /** {@return the lowest level any sign-in may reach; {@link AssuranceLevel#LEVEL_2} is the "require level 2" policy} */
    public AssuranceLevel minimumLevel() {
        return minimumLevel;
    }

    /** {@return when to push authorization requests} */
    public ParMode parMode() {
        return parMode;
    }

    /**
     * {@return the private key registered for encryption, or {@code null} when none was}: ID
     * tokens must then come encrypted; userinfo is decrypted when it comes encrypted, and must
     * only when {@link #requireEncryptedUserInfo()}
     */
    public PrivateKey decryptionKey() {
        return decryptionKey;
    }

    /** {@return whether userinfo must come encrypted (plain JSON and plain JWTs are then refused)} */
    public boolean requireEncryptedUserInfo() {
        return requireEncryptedUserInfo;
    }

    /** {@return the scopes asked for at sign-in and in CIBA, {@code openid} first} */
    public List<String> scopes() {
        return scopes;
    }

    /** Whether the scopes were set (sent as they are) rather than left at {@link #DEFAULT_SCOPES}. */
    boolean scopesConfigured() {
        return scopesConfigured;
    }

    /**
     * {@return {@code exp - iat} of the client assertions ({@code private_key_jwt})}: 60 s plus
     * the clock skew, at most 300 s, unless {@link Builder#clientAssertionLifetime set}
     */
    public Duration clientAssertionLifetime() {
        return clientAssertionLifetime != null ? clientAssertionLifetime
                : vn.ketnoi.core.spi.ClientAssertions.lifetime(clockSkew);
    }

    /** {@return the {@code kid} of the decryption key, or {@code null}} */
    public String decryptionKeyId() {
        return decryptionKeyId;
    }

    /** {@return the JWS algorithms accepted on ID tokens and signed userinfo} */
    public Set<String> allowedAlgorithms() {
        return allowedAlgorithms;
    }

    /** {@return the clock skew tolerated on {@code exp}, {@code iat} and {@code nbf}} */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@return how long the discovery document is cached} */
    public Duration metadataTtl() {
        return metadataTtl;
    }

    /** {@return timeouts and limits of HTTP calls} */
    public HttpOptions httpOptions() {
        return httpOptions;
    }

    /** {@return the proxy} */
    public ProxyOptions proxy() {
        return proxy;
    }

    /** {@return the clock token times are checked against} */
    public Clock clock() {
        return clock;
    }

    /** {@return TLS trust anchors and client certificate; the defaults unless set} */
    public vn.ketnoi.core.TlsOptions tls() {
        return tls;
    }

    /** {@return how long before the agency's certificates expire the client starts warning} */
    public Duration certificateExpiryWarning() {
        return certificateExpiryWarning;
    }

    /** {@return where sign-in audit events go; {@code null} for none} */
    public vn.ketnoi.core.audit.AuditSink auditSink() {
        return auditSink;
    }

    /** {@return the keyed hash standing for citizens in audit events; {@code null} without a sink} */
    public vn.ketnoi.core.audit.SubjectHasher auditSubjectHasher() {
        return auditSubjectHasher;
    }

    /**
     * How long a sign-in may take, from {@link VneidAuthClient#startLogin(LoginOptions)} to
     * {@link VneidAuthClient#completeLogin(LoginState, URI)}; ten minutes by default. An older
     * state is refused with {@link LoginStateException} ({@code vneid.login-state.expired}).
     *
     * @return the longest a sign-in may take
     */
    public Duration loginStateMaxAge() {
        return loginStateMaxAge;
    }

    /** {@return whether a login-state key was configured (the key itself is never shown)} */
    public boolean hasLoginStateKey() {
        return loginStateKey != null;
    }

    /** The configured login-state key, a copy; {@code null} for a random key per client. */
    byte[] loginStateKey() {
        return loginStateKey == null ? null : loginStateKey.clone();
    }

    @Override
    public String toString() {
        return "VneidAuthConfig[issuer=" + issuer + ", clientId=" + clientId + ", claimMapping=" + claimMapping
                + ", minimumLevel=" + minimumLevel + ", par=" + parMode + ", loginStateMaxAge=" + loginStateMaxAge
                + ", loginStateKey=" + (loginStateKey == null ? "per-client" : Masking.secret("key")) + ", encryption="
                + (decryptionKey == null ? "none" : requireEncryptedUserInfo ? "id-token+userinfo" : "id-token")
                + ", scopes=" + scopes + ", algorithms=" + allowedAlgorithms + ", credentials="
                + Masking.secret("key") + "]";
    }

    /** Builds {@link VneidAuthConfig}; {@link #build()} checks every field and names the one refused. */
    public static final class Builder {
        private ClientConfig base;
        private URI backChannel;
        private String issuer;
        private String clientId;
        private AgencyCredentials credentials;
        private URI redirectUri;
        private URI postLogoutRedirectUri;
        private ClaimMapping claimMapping = ClaimMapping.VNEID;
        private AssuranceLevel minimumLevel = AssuranceLevel.LEVEL_1;
        private ParMode parMode = ParMode.AUTO;
        private PrivateKey decryptionKey;
        private String decryptionKeyId;
        private boolean requireEncryptedUserInfo;
        private List<String> scopes = DEFAULT_SCOPES;
        private boolean scopesConfigured;
        private Duration clientAssertionLifetime;
        private Set<String> allowedAlgorithms = new LinkedHashSet<>(DEFAULT_ALGORITHMS);
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration metadataTtl = Duration.ofHours(1);
        private HttpOptions httpOptions = HttpOptions.defaults();
        private ProxyOptions proxy = ProxyOptions.fromEnvironment();
        private Clock clock = Clock.systemUTC();
        private vn.ketnoi.core.TlsOptions tls = vn.ketnoi.core.TlsOptions.defaults();
        private Duration certificateExpiryWarning = Duration.ofDays(30);
        private vn.ketnoi.core.audit.AuditSink auditSink;
        private vn.ketnoi.core.audit.SubjectHasher auditSubjectHasher;
        private Duration loginStateMaxAge = Duration.ofMinutes(10);
        private byte[] loginStateKey;

        private Builder() {
        }

        /**
         * @param maxAge how long a sign-in may take from start to callback, at most one hour; ten
         *               minutes by default
         * @return this builder
         */
        public Builder loginStateMaxAge(Duration maxAge) {
            this.loginStateMaxAge = maxAge;
            return this;
        }

        /**
         * The key {@link LoginState}s are sealed with (HMAC-SHA256), at least 32 bytes. Set the
         * same secret key on every instance when the callback may reach another instance than the
         * one that started the sign-in; without it each client draws a random key, and a state
         * only completes on the client that started it.
         *
         * @param key the secret key, copied
         * @return this builder
         */
        public Builder loginStateKey(byte[] key) {
            this.loginStateKey = key == null ? null : key.clone();
            return this;
        }

        /**
         * @param tls trust anchors, TLS versions and client certificate
         * @return this builder
         */
        public Builder tls(vn.ketnoi.core.TlsOptions tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * @param ahead how long before a certificate expires to start warning
         * @return this builder
         */
        public Builder certificateExpiryWarning(Duration ahead) {
            this.certificateExpiryWarning = Objects.requireNonNull(ahead, "certificateExpiryWarning");
            return this;
        }

        /**
         * Records each sign-in (code exchange, CIBA) as an audit event; both null for none.
         *
         * @param sink where events go
         * @param subjectHasher the agency-keyed hash standing for the citizen
         * @return this builder
         */
        public Builder audit(vn.ketnoi.core.audit.AuditSink sink, vn.ketnoi.core.audit.SubjectHasher subjectHasher) {
            if ((sink == null) != (subjectHasher == null)) {
                throw new InvalidInputException("auditSubjectHasher", "an audit sink needs a subject hasher, and only then");
            }
            this.auditSink = sink;
            this.auditSubjectHasher = subjectHasher;
            return this;
        }

        /**
         * Reaches the provider's back channel (discovery, key set, token, PAR, CIBA, userinfo) at
         * {@code url} instead of at the issuer: every back-channel URL under the issuer is sent to
         * the same path under {@code url}, the route an exchange-layer gateway publishes the
         * provider at. The issuer stays the identifier tokens are checked against, and the
         * citizen's browser still goes to the authorization endpoint the provider publishes.
         * {@link #from(ClientConfig)} sets it from the agency configuration's route for
         * {@link VneidAuthClient#SERVICE}, when there is one.
         *
         * @param url the back channel's base URL (https; http only on loopback), or null for the issuer
         * @return this builder
         */
        public Builder backChannel(URI url) {
            this.backChannel = url == null ? null : vn.ketnoi.core.internal.http.SecureUrls.configured("backChannel", url);
            return this;
        }

        /**
         * @param issuer the provider's issuer identifier (an https URL; http only for loopback)
         * @return this builder
         */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /**
         * @param clientId this relying party's {@code client_id}
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * @param credentials the key for {@code private_key_jwt} client assertions
         * @return this builder
         */
        public Builder credentials(AgencyCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * @param redirectUri the default redirect URI
         * @return this builder
         */
        public Builder redirectUri(URI redirectUri) {
            this.redirectUri = redirectUri;
            return this;
        }

        /**
         * @param uri the default post-logout redirect URI
         * @return this builder
         */
        public Builder postLogoutRedirectUri(URI uri) {
            this.postLogoutRedirectUri = uri;
            return this;
        }

        /**
         * @param mapping which claim names carry the identity
         * @return this builder
         */
        public Builder claimMapping(ClaimMapping mapping) {
            this.claimMapping = mapping;
            return this;
        }

        /**
         * The "require level" policy: every sign-in reaching a lower level is refused with
         * {@link InsufficientLevelException}.
         *
         * @param level the lowest level accepted
         * @return this builder
         */
        public Builder minimumLevel(AssuranceLevel level) {
            this.minimumLevel = level;
            return this;
        }

        /**
         * @param mode when to push authorization requests
         * @return this builder
         */
        public Builder pushedAuthorizationRequests(ParMode mode) {
            this.parMode = mode;
            return this;
        }

        /**
         * The private key registered for encryption ({@code RSA-OAEP-256} for an RSA key,
         * {@code ECDH-ES+A256KW} for a P-256 key). ID tokens must then come encrypted (a plain one
         * is refused); userinfo is decrypted when it comes encrypted and accepted as plain JSON
         * otherwise, since OpenID Connect registers the two separately
         * ({@code id_token_encrypted_response_alg}, {@code userinfo_encrypted_response_alg}):
         * {@link #requireEncryptedUserInfo(boolean)} when the registration covers userinfo too.
         *
         * @param keyId the {@code kid} registered with the provider
         * @param key   the private key
         * @return this builder
         */
        public Builder decryptionKey(String keyId, PrivateKey key) {
            this.decryptionKeyId = keyId;
            this.decryptionKey = key;
            return this;
        }

        /**
         * The key registered for encryption, as {@link DecryptionKey} read it from a JWK or a PEM
         * file; see {@link #decryptionKey(String, PrivateKey)}.
         *
         * @param key the key and its {@code kid}
         * @return this builder
         */
        public Builder decryptionKey(DecryptionKey key) {
            if (key == null) {
                throw new InvalidInputException("decryptionKey", "is required");
            }
            return decryptionKey(key.keyId(), key.privateKey());
        }

        /**
         * Whether userinfo must come encrypted to the {@link #decryptionKey(String, PrivateKey)
         * decryption key}, for a registration with {@code userinfo_encrypted_response_alg}: plain
         * JSON, or a JWT that is only signed, is then refused ({@link TokenCheck#ENCRYPTION}).
         * Off by default.
         *
         * @param required true to refuse userinfo that is not encrypted
         * @return this builder
         */
        public Builder requireEncryptedUserInfo(boolean required) {
            this.requireEncryptedUserInfo = required;
            return this;
        }

        /**
         * The scopes asked for at sign-in and in CIBA, sent as given ({@code openid} is added
         * first when missing); {@link #DEFAULT_SCOPES} unless set. A standard provider releases
         * claims by scope: without {@code profile} and the provider's identity scope a sign-in
         * carries no name or ID number.
         *
         * @param scopes the scopes
         * @return this builder
         */
        public Builder scopes(List<String> scopes) {
            if (scopes == null) {
                throw new InvalidInputException("scopes", "are required");
            }
            List<String> out = new java.util.ArrayList<>();
            out.add("openid");
            for (String s : scopes) {
                if (s == null || !s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}")) {
                    throw new InvalidInputException("scopes", "each scope is 1 to 64 printable characters without"
                            + " spaces, quotes or backslashes (RFC 6749 section 3.3)");
                }
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
            this.scopes = List.copyOf(out);
            this.scopesConfigured = true;
            return this;
        }

        /**
         * {@code exp - iat} of client assertions, from 10 to 300 seconds; by default 60 s plus the
         * clock skew, at most 300 s. Longer serves a host whose clock runs behind the provider's
         * (fix its clock first: a refused assertion says when the clocks differ); an assertion is
         * still used once.
         *
         * @param lifetime the lifetime
         * @return this builder
         */
        public Builder clientAssertionLifetime(Duration lifetime) {
            this.clientAssertionLifetime = lifetime;
            return this;
        }

        /**
         * @param algorithms the JWS algorithms accepted; {@code none} and {@code HS*} are refused
         * @return this builder
         */
        public Builder allowedAlgorithms(Set<String> algorithms) {
            this.allowedAlgorithms = algorithms == null ? null : new LinkedHashSet<>(algorithms);
            return this;
        }

        /**
         * @param skew the clock skew tolerated, 0 to 5 minutes
         * @return this builder
         */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = skew;
            return this;
        }

        /**
         * @param ttl how long the discovery document is cached
         * @return this builder
         */
        public Builder metadataTtl(Duration ttl) {
            this.metadataTtl = ttl;
            return this;
        }

        /**
         * @param options timeouts and limits
         * @return this builder
         */
        public Builder httpOptions(HttpOptions options) {
            this.httpOptions = options;
            return this;
        }

        /**
         * @param proxy the proxy
         * @return this builder
         */
        public Builder proxy(ProxyOptions proxy) {
            this.proxy = proxy;
            return this;
        }

        /**
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * @return the configuration
         * @throws InvalidInputException naming the first field refused
         */
        public VneidAuthConfig build() {
            if (issuer == null || issuer.isBlank()) {
                throw new InvalidInputException("issuer", "is required");
            }
            URI u;
            try {
                u = URI.create(issuer);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("issuer", "is not a URL", e);
            }
            if (!vn.ketnoi.core.internal.http.SecureUrls.isAllowed(u)) {
                throw new InvalidInputException("issuer", "must be an https URL (http only on loopback)");
            }
            if (u.getQuery() != null || u.getFragment() != null) {
                throw new InvalidInputException("issuer", "must have no query or fragment");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new InvalidInputException("clientId", "is required");
            }
            if (credentials == null) {
                throw new InvalidInputException("credentials", "are required for private_key_jwt");
            }
            for (String f : List.of("redirectUri", "postLogoutRedirectUri")) {
                URI r = f.equals("redirectUri") ? redirectUri : postLogoutRedirectUri;
                if (r != null && (!r.isAbsolute() || r.getFragment() != null)) {
                    throw new InvalidInputException(f, "must be an absolute URI without a fragment");
                }
            }
            if (claimMapping == null) {
                throw new InvalidInputException("claimMapping", "is required");
            }
            if (minimumLevel == null) {
                throw new InvalidInputException("minimumLevel", "is required");
            }
            if (parMode == null) {
                throw new InvalidInputException("pushedAuthorizationRequests", "is required");
            }
            if (requireEncryptedUserInfo && decryptionKey == null) {
                throw new InvalidInputException("requireEncryptedUserInfo", "needs a decryptionKey");
            }
            if (clientAssertionLifetime != null && (clientAssertionLifetime.compareTo(MIN_ASSERTION_LIFETIME) < 0
                    || clientAssertionLifetime.compareTo(vn.ketnoi.core.spi.ClientAssertions.MAX_LIFETIME) > 0)) {
                throw new InvalidInputException("clientAssertionLifetime", "must be between 10 and 300 seconds");
            }
            if ((decryptionKey == null) != (decryptionKeyId == null)) {
                throw new InvalidInputException("decryptionKey", "needs both a key id and a key");
            }
            if (decryptionKey != null && !"RSA".equals(decryptionKey.getAlgorithm())
                    && !"EC".equals(decryptionKey.getAlgorithm())) {
                throw new InvalidInputException("decryptionKey", "must be an RSA or EC key");
            }
            if (allowedAlgorithms == null || allowedAlgorithms.isEmpty()) {
                throw new InvalidInputException("allowedAlgorithms", "must name at least one algorithm");
            }
            for (String a : allowedAlgorithms) {
                if (a == null || !SIGNATURE_ALGORITHMS.contains(a)) {
                    throw new InvalidInputException("allowedAlgorithms",
                            "only asymmetric signature algorithms are allowed (never none or HS*): "
                                    + (a == null ? "null" : a.toUpperCase(Locale.ROOT)));
                }
            }
            if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new InvalidInputException("clockSkew", "must be between 0 and 5 minutes");
            }
            if (metadataTtl == null || metadataTtl.isNegative() || metadataTtl.isZero()) {
                throw new InvalidInputException("metadataTtl", "must be positive");
            }
            if (httpOptions == null) {
                throw new InvalidInputException("httpOptions", "is required");
            }
            if (proxy == null) {
                throw new InvalidInputException("proxy", "is required");
            }
            if (clock == null) {
                throw new InvalidInputException("clock", "is required");
            }
            if (loginStateMaxAge == null || loginStateMaxAge.isNegative() || loginStateMaxAge.isZero()
                    || loginStateMaxAge.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException("loginStateMaxAge", "must be positive and at most one hour");
            }
            if (loginStateKey != null && loginStateKey.length < 32) {
                throw new InvalidInputException("loginStateKey", "must be at least 32 bytes");
            }
            return new VneidAuthConfig(this);
        }
    }
}
