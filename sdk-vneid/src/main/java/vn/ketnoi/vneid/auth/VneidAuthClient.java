package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.core.spi.PlainClient;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.auth.internal.OidcHttp;
import vn.ketnoi.vneid.auth.internal.ProviderMetadata;

/**
 * A VNeID relying party (OpenID Connect Core 1.0): sign-in with the authorization-code flow, PKCE
 * {@code S256}, {@code state}, {@code nonce} and {@code acr_values}, pushed authorization requests
 * (RFC 9126) when the provider offers or requires them, {@code private_key_jwt} client
 * authentication (RFC 7523), userinfo, RP-initiated logout, and counter sign-in with OpenID CIBA in
 * poll mode.
 *
 * <p>The client is stateless and thread-safe: the state of each sign-in is a {@link LoginState}
 * the application keeps in its own session. It caches only the provider's discovery document and
 * its signing keys. A one-time authorization code, and a CIBA {@code auth_req_id} whose poll failed
 * in transit, are never sent again: such failures are reported as not retryable. Every request
 * that carries a one-time value (the token requests, pushed authorization and backchannel
 * requests, whose client assertions are good once) is marked non-idempotent, and no layer of the
 * SDK repeats it. Every exchange goes through the plain profile of the pipeline: application and
 * network interceptors (so sign-ins are traced), and the {@code vneid} service's rate limiter,
 * bulkhead and circuit breaker ({@code docs/resilience.md}); only idempotent requests (discovery,
 * key sets, userinfo) are retried.
 *
 * <pre>{@code
 * VneidAuthClient vneid = VneidAuthClient.builder(config)
 *         .redirectUri(URI.create("https://dichvu.example.gov.vn/callback"))
 *         .build();
 * LoginRequest start = vneid.startLogin(LoginOptions.builder().level(AssuranceLevel.LEVEL_2).build());
 * session.put("vneid", start.state().serialize());       // then redirect to start.authorizationUri()
 * // ... on the callback:
 * VneidLogin login = vneid.completeLogin(LoginState.deserialize(session.get("vneid")), callbackUri);
 * }</pre>
 *
 * <p><b>Building it.</b> The same words as every Ketnoi client: {@link #builder(ClientConfig)} or
 * {@link #builder(KetnoiRuntime)}, the relying party's own options on the {@link Builder}, then
 * {@code build()}; {@link #create(ClientConfig)} and {@link #create(KetnoiRuntime)} when the defaults
 * do. The relying-party options sit on the client's builder, as {@code EdocumentsClient}'s signing
 * key and operator id sit on its own, so that an application never writes a second configuration
 * for the agency it has already configured: the key, HTTP, TLS, interceptors and resilience come
 * from the {@link ClientConfig}. {@link VneidAuthConfig} remains for a relying party that has no
 * Ketnoi agency configuration ({@link #builder(VneidAuthConfig)}, {@link #create(VneidAuthConfig)}).
 */
public final class VneidAuthClient implements AutoCloseable {
    /**
     * The service id of the provider's sign-in back channel (the sandbox's; the real one comes from
     * the provider). A route set for it in the agency configuration ({@code ClientConfig.Builder#route})
     * sends the back channel through the exchange layer: {@link VneidAuthConfig.Builder#backChannel}.
     */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.BCA/VNEID/auth/v1");
    /** The name of the service's resilience options: {@code ClientConfig.resilience("vneid", ...)}. */
    private static final String SCOPE = "vneid";

    private final VneidAuthConfig config;
    private final OidcHttp http;
    // Two keys from one secret: one seals login states, the other hashes the citizen a CIBA request names.
    private final byte[] loginStateKey;
    private final Discovery discovery;
    private final Claims claims;
    private final TokenRequests tokens;
    private final Ciba ciba;

    private VneidAuthClient(VneidAuthConfig config, KetnoiRuntime shared) {
        this.config = config;
        vn.ketnoi.core.internal.crypto.CredentialCheck.atStartup(config.credentials(), config.tls(), config.clock(),
                config.certificateExpiryWarning());
        this.http = new OidcHttp(plainClient(config, shared), config.issuer(), config.backChannel());
        byte[] secret = config.loginStateKey();
        if (secret == null) {
            secret = new byte[32];
            new java.security.SecureRandom().nextBytes(secret);
        }
        this.loginStateKey = hmac(secret, "ketnoi vneid login-state");
        this.discovery = new Discovery(config, http);
        this.claims = new Claims(config, http, discovery, hmac(secret, "ketnoi vneid ciba-citizen"));
        this.tokens = new TokenRequests(config, http, Jose.signer(config.credentials()),
                new vn.ketnoi.core.internal.audit.Auditor(config.auditSink(), config.auditSubjectHasher(),
                        config.clientId(), "vneid", config.clock()), claims);
        this.ciba = new Ciba(config, http, discovery, claims, tokens);
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * A builder of a client for the agency {@code config} describes, with
     * {@link VneidAuthConfig#from(ClientConfig)}'s defaults (issuer {@code {endpoint}/vneid}, client
     * id = agency id, the agency's key), on a runtime of the client's own, closed with it.
     *
     * @param config the agency configuration
     * @return the builder
     * @throws InvalidInputException when {@code config} is null
     */
    public static Builder builder(ClientConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new Builder(VneidAuthConfig.from(config), null);
    }

    /**
     * A builder of a client on a shared runtime, with {@link VneidAuthConfig#from(ClientConfig)}'s
     * defaults for the runtime's configuration: its exchanges go over the runtime's connection
     * pool, through the interceptors and the {@code vneid} resilience options of that
     * configuration. Closing the client leaves the runtime open.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the builder
     * @throws InvalidInputException when {@code runtime} is null
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(VneidAuthConfig.from(runtime.config()), runtime);
    }

    /**
     * A builder of a client for a relying party configured without an agency configuration
     * (issuer, client id, key, HTTP options all given in {@code config}); the builder's setters
     * override what {@code config} says.
     *
     * @param config the relying party's configuration
     * @return the builder
     * @throws InvalidInputException when {@code config} is null
     */
    public static Builder builder(VneidAuthConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new Builder(config.toBuilder(), null);
    }

    /**
     * A client for the agency {@code config} describes, with {@link VneidAuthConfig#from(ClientConfig)}'s
     * defaults; {@code builder(config).build()}. Nothing is fetched until the first call.
     *
     * @param config the agency configuration
     * @return the client; close it when done
     */
    public static VneidAuthClient create(ClientConfig config) {
        return builder(config).build();
    }

    /**
     * A client on a shared runtime, with the defaults of {@link #builder(KetnoiRuntime)};
     * {@code builder(runtime).build()}.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the client; close it when done (the runtime stays open)
     */
    public static VneidAuthClient create(KetnoiRuntime runtime) {
        return builder(runtime).build();
    }

    /**
     * A client for a relying party configured in full; {@code builder(config).build()}. Nothing is
     * fetched until the first call.
     *
     * @param config the configuration
     * @return the client; close it when done
     */
    public static VneidAuthClient create(VneidAuthConfig config) {
        if (config == null) {
            throw new InvalidInputException("config", "is required");
        }
        return new VneidAuthClient(config, null);
    }

    /**
     * The plain profile the client's exchanges go through: on the shared runtime when there is
     * one, else on a runtime of the client's own, with the interceptors and {@code vneid}
     * resilience of the agency configuration {@code config} was made from (defaults without one).
     */
    private static PlainClient plainClient(VneidAuthConfig config, KetnoiRuntime shared) {
        if (shared != null) {
            return new PlainClient(shared, SCOPE);
        }
        return PlainClient.standalone(SCOPE, config.httpOptions(), config.proxy(), config.tls(), config.clock(),
                config.base());
    }

    /**
     * Builder of a {@link VneidAuthClient}: the relying party's own choices (redirect URIs,
     * minimum level, login-state key, ...). What belongs to the agency (its key, HTTP, proxy and
     * TLS options, clock, interceptors, resilience, audit) comes from the {@link ClientConfig} or
     * runtime the builder was made from; for a relying party without one, start from a
     * {@link VneidAuthConfig} ({@link #builder(VneidAuthConfig)}). Mutable, not thread-safe;
     * {@link #build()} checks every field and names the one refused.
     */
    public static final class Builder {
        private final VneidAuthConfig.Builder relyingParty;
        private final KetnoiRuntime runtime;

        private Builder(VneidAuthConfig.Builder relyingParty, KetnoiRuntime runtime) {
            this.relyingParty = relyingParty;
            this.runtime = runtime;
        }

        /**
         * Applies the {@code ketnoi.vneid.*} settings ({@code docs/configuration-reference.md}):
         * issuer, client id, redirect URIs, minimum level, login-state age and key; what is not
         * set keeps its value.
         *
         * @param settings the settings {@code ConfigLoader} loaded
         * @return this builder
         */
        public Builder settings(KetnoiSettings settings) {
            if (settings == null) {
                throw new InvalidInputException("settings", "is required");
            }
            settings.vneidIssuer().ifPresent(relyingParty::issuer);
            settings.vneidClientId().ifPresent(relyingParty::clientId);
            settings.vneidRedirectUri().ifPresent(relyingParty::redirectUri);
            settings.vneidPostLogoutRedirectUri().ifPresent(relyingParty::postLogoutRedirectUri);
            settings.vneidMinimumLevel().ifPresent(n -> relyingParty.minimumLevel(
                    n == 2 ? AssuranceLevel.LEVEL_2 : AssuranceLevel.LEVEL_1));
            settings.vneidLoginStateMaxAge().ifPresent(relyingParty::loginStateMaxAge);
            settings.vneidLoginStateKey().ifPresent(relyingParty::loginStateKey);
            return this;
        }

        /**
         * @param issuer the provider's issuer identifier; {@code {endpoint}/vneid} by default
         * @return this builder
         */
        public Builder issuer(String issuer) {
            relyingParty.issuer(issuer);
            return this;
        }

        /**
         * @param clientId this relying party's {@code client_id}; the agency id by default
         * @return this builder
         */
        public Builder clientId(String clientId) {
            relyingParty.clientId(clientId);
            return this;
        }

        /**
         * @param redirectUri the default redirect URI
         * @return this builder
         */
        public Builder redirectUri(URI redirectUri) {
            relyingParty.redirectUri(redirectUri);
            return this;
        }

        /**
         * @param uri the default post-logout redirect URI
         * @return this builder
         */
        public Builder postLogoutRedirectUri(URI uri) {
            relyingParty.postLogoutRedirectUri(uri);
            return this;
        }

        /**
         * The "require level" policy ({@link VneidAuthConfig.Builder#minimumLevel}).
         *
         * @param level the lowest level accepted
         * @return this builder
         */
        public Builder minimumLevel(AssuranceLevel level) {
            relyingParty.minimumLevel(level);
            return this;
        }

        /**
         * @param mapping which claim names carry the identity
         * @return this builder
         */
        public Builder claimMapping(ClaimMapping mapping) {
            relyingParty.claimMapping(mapping);
            return this;
        }

        /**
         * @param mode when to push authorization requests
         * @return this builder
         */
        public Builder pushedAuthorizationRequests(VneidAuthConfig.ParMode mode) {
            relyingParty.pushedAuthorizationRequests(mode);
            return this;
        }

        /**
         * See {@link VneidAuthConfig.Builder#decryptionKey}.
         *
         * @param keyId the {@code kid} registered with the provider
         * @param key   the private key
         * @return this builder
         */
        public Builder decryptionKey(String keyId, java.security.PrivateKey key) {
            relyingParty.decryptionKey(keyId, key);
            return this;
        }

        /**
         * See {@link VneidAuthConfig.Builder#decryptionKey(DecryptionKey)}: a key read from a JWK or PEM.
         *
         * @param key the key and its kid
         * @return this builder
         */
        public Builder decryptionKey(DecryptionKey key) {
            relyingParty.decryptionKey(key);
            return this;
        }

        /**
         * See {@link VneidAuthConfig.Builder#requireEncryptedUserInfo(boolean)}.
         *
         * @param required true to refuse userinfo that is not encrypted
         * @return this builder
         */
        public Builder requireEncryptedUserInfo(boolean required) {
            relyingParty.requireEncryptedUserInfo(required);
            return this;
        }

        /**
         * See {@link VneidAuthConfig.Builder#scopes(java.util.List)}; {@link VneidAuthConfig#DEFAULT_SCOPES} unless set.
         *
         * @param scopes the scopes asked for at sign-in and in CIBA
         * @return this builder
         */
        public Builder scopes(java.util.List<String> scopes) {
            relyingParty.scopes(scopes);
            return this;
        }

        /**
         * See {@link VneidAuthConfig.Builder#clientAssertionLifetime(Duration)}.
         *
         * @param lifetime from 10 to 300 seconds
         * @return this builder
         */
        public Builder clientAssertionLifetime(Duration lifetime) {
            relyingParty.clientAssertionLifetime(lifetime);
            return this;
        }

        /**
         * @param algorithms the JWS algorithms accepted; {@code none} and {@code HS*} are refused
         * @return this builder
         */
        public Builder allowedAlgorithms(java.util.Set<String> algorithms) {
            relyingParty.allowedAlgorithms(algorithms);
            return this;
        }

        /**
         * @param ttl how long the discovery document is cached
         * @return this builder
         */
        public Builder metadataTtl(Duration ttl) {
            relyingParty.metadataTtl(ttl);
            return this;
        }

        /**
         * @param maxAge how long a sign-in may take from start to callback, at most one hour
         * @return this builder
         */
        public Builder loginStateMaxAge(Duration maxAge) {
            relyingParty.loginStateMaxAge(maxAge);
            return this;
        }

        /**
         * See {@link VneidAuthConfig.Builder#loginStateKey}: the same key on every instance when a
         * callback may reach another instance than the one that started the sign-in.
         *
         * @param key the secret key, at least 32 bytes, copied
         * @return this builder
         */
        public Builder loginStateKey(byte[] key) {
            relyingParty.loginStateKey(key);
            return this;
        }

        /**
         * The client. Nothing is fetched until the first call.
         *
         * @return the client; close it when done
         * @throws InvalidInputException naming the first field refused
         */
        public VneidAuthClient build() {
            return new VneidAuthClient(relyingParty.build(), runtime);
        }
    }

    /** {@return the configuration this client was built with} */
    public VneidAuthConfig config() {
        return config;
    }

    // ---- sign-in ----

    /**
     * Starts a sign-in: makes the PKCE verifier, {@code state} and {@code nonce}, pushes the request
     * when PAR applies, and returns where to send the browser and the state to keep.
     *
     * @param options the redirect URI, level and scopes
     * @return the authorization URI and the flow state
     * @throws InvalidInputException when no redirect URI is given or configured
     * @throws VneidAuthException when the provider refuses the pushed request
     */
    public LoginRequest startLogin(LoginOptions options) {
        Objects.requireNonNull(options, "options");
        URI redirect = options.redirectUri() != null ? options.redirectUri() : config.redirectUri();
        if (redirect == null) {
            throw new InvalidInputException("redirectUri", "is required (in the options or the configuration)");
        }
        AssuranceLevel level = options.level() != null && options.level().isAtLeast(config.minimumLevel())
                ? options.level() : config.minimumLevel();
        ProviderMetadata md = discovery.metadata();
        String verifierValue = Jose.nonce(32);
        LoginState state = LoginState.sealed(loginStateKey, Jose.nonce(24), Jose.nonce(24), verifierValue, redirect,
                level, config.issuer(), config.clock().instant());
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", config.clientId());
        p.put("redirect_uri", redirect.toString());
        List<String> scopes = new ArrayList<>(discovery.scopes(md));
        for (String s : options.scopes()) {
            if (!scopes.contains(s)) {
                scopes.add(s);
            }
        }
        p.put("scope", String.join(" ", scopes));
        p.put("state", state.state());
        p.put("nonce", state.nonce());
        p.put("code_challenge", Jose.sha256(verifierValue));
        p.put("code_challenge_method", "S256");
        p.put("acr_values", Discovery.acrValue(md, level));
        p.put("prompt", options.prompt());
        boolean push = md.parRequired() || config.parMode() == VneidAuthConfig.ParMode.ALWAYS
                || (config.parMode() == VneidAuthConfig.ParMode.AUTO && md.parEndpoint() != null);
        if (!push) {
            return new LoginRequest(withQuery(md.authorizationEndpoint(), p), state, false);
        }
        if (md.parEndpoint() == null) {
            throw new VneidAuthException("pushed authorization requests are configured but the provider has no PAR endpoint",
                    0, "vneid.par.unsupported", null, false, null);
        }
        Map<String, String> form = new LinkedHashMap<>(p);
        tokens.addClientAssertion(form, config.issuer());
        // Safe to repeat: a pushed request only parks the parameters for a minute, and a repeat
        // carries the same one-time assertion, so a provider that did receive the first refuses it.
        // The transport repeats it once when the pooled connection it went on was already closed.
        KetnoiResponse r = http.postForm(md.parEndpoint(), form, "vneid.par", true);
        if (r.status() != 201 && r.status() != 200) {
            throw tokens.withClockHint(OidcHttp.oauthError(r, "par"), r);
        }
        JsonNode body = OidcHttp.json(r, "par");
        String requestUri = body.path("request_uri").asText(null);
        if (requestUri == null || requestUri.isEmpty()) {
            throw new VneidAuthException("the PAR response has no request_uri", r.status(), "vneid.par.invalid-response",
                    null, false, null);
        }
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", config.clientId());
        q.put("request_uri", requestUri);
        return new LoginRequest(withQuery(md.authorizationEndpoint(), q), state, true);
    }

    /**
     * Completes a sign-in from the callback URI the browser came back to.
     *
     * @param state       the state {@link #startLogin(LoginOptions)} returned
     * @param callbackUri the full callback URI, with its query
     * @return the validated sign-in
     * @see #completeLogin(LoginState, Map)
     */
    public VneidLogin completeLogin(LoginState state, URI callbackUri) {
        if (callbackUri == null) {
            throw new InvalidInputException("callbackUri", "is required");
        }
        return completeLogin(state, parseQuery(callbackUri.getRawQuery()));
    }

    /**
     * Completes a sign-in: checks {@code state} (before anything is sent), the {@code iss}
     * response parameter (RFC 9207) when present, exchanges the code once with
     * {@code private_key_jwt} and the PKCE verifier, validates the ID token, applies the level
     * policy (the level is the ID token's {@code acr}, else the account level the provider states, in
     * the ID token or userinfo) and reads the identity (from userinfo when the ID token does not
     * carry it).
     *
     * @param state      the flow state
     * @param parameters the callback's query parameters
     * @return the validated sign-in
     * @throws LoginStateException when the state was altered, sealed by another client's key, or is
     *         older than {@link VneidAuthConfig#loginStateMaxAge()}
     * @throws StateMismatchException when {@code state} is missing or differs
     * @throws TokenValidationException naming the failed check
     * @throws InsufficientLevelException when the level reached is below the one required
     * @throws VneidAuthException when the provider returned an error or refused the code
     */
    public VneidLogin completeLogin(LoginState state, Map<String, String> parameters) {
        if (state == null) {
            throw new InvalidInputException("loginState", "is required");
        }
        if (parameters == null) {
            throw new InvalidInputException("callbackParameters", "are required");
        }
        // Before the state is trusted for anything, and before anything is sent.
        if (!state.isSealedBy(loginStateKey)) {
            throw new LoginStateException("the login state was altered, or sealed by another client's key",
                    "vneid.login-state.tampered");
        }
        if (!config.clock().instant().isBefore(state.createdAt().plus(config.loginStateMaxAge()))) {
            throw new LoginStateException("the sign-in began more than " + config.loginStateMaxAge().toSeconds()
                    + " s ago; start it again", "vneid.login-state.expired");
        }
        String returned = parameters.get("state");
        if (returned == null || !MessageDigest.isEqual(returned.getBytes(StandardCharsets.UTF_8),
                state.state().getBytes(StandardCharsets.UTF_8))) {
            throw new StateMismatchException(returned == null ? "the callback carries no state"
                    : "the callback's state is not the one of this sign-in");
        }
        if (!state.issuer().equals(config.issuer())) {
            throw new InvalidInputException("loginState", "was started with another issuer");
        }
        ProviderMetadata md = discovery.metadata();
        String iss = parameters.get("iss");
        if (iss != null ? !iss.equals(config.issuer()) : md.responseIssParameterSupported()) {
            throw new TokenValidationException(TokenCheck.RESPONSE_ISSUER,
                    iss == null ? "the provider promises an iss parameter but sent none"
                            : "the response's iss is not the provider's issuer", null);
        }
        String error = parameters.get("error");
        if (error != null) {
            String safe = error.matches("[a-z_]{1,64}") ? error : "invalid";
            throw new VneidAuthException("the provider returned an error: " + safe, 0, "vneid.authorize." + safe, safe,
                    false, null);
        }
        String code = parameters.get("code");
        if (code == null || code.isEmpty()) {
            throw new VneidAuthException("the callback carries neither a code nor an error", 0,
                    "vneid.authorize.code-missing", null, false, null);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", state.redirectUri().toString());
        form.put("code_verifier", state.codeVerifier());
        form.put("client_id", config.clientId());
        tokens.addClientAssertion(form, md.tokenEndpoint().toString());
        // A code is good once: never resend it, whatever happens in transit.
        KetnoiResponse r = tokens.sendOnce(md.tokenEndpoint(), form, "vneid.token.authorization_code");
        if (r.status() != 200) {
            throw tokens.withClockHint(OidcHttp.oauthError(r, "token"), r);
        }
        return tokens.audited("vneid.login", r, state.nonce(), state.level(), null);
    }

    // ---- userinfo ----

    /**
     * Fetches the citizen's claims from the userinfo endpoint (JSON, or a signed and perhaps
     * encrypted JWT) and checks its {@code sub} is the signed-in one.
     *
     * @param login a sign-in whose access token is still valid
     * @return the identity userinfo released
     */
    public VneidIdentity userInfo(VneidLogin login) {
        Objects.requireNonNull(login, "login");
        JsonNode released = claims.fetchUserInfo(login.accessToken());
        String sub = released.path("sub").asText(null);
        if (sub == null || !sub.equals(login.identity().subject())) {
            throw new TokenValidationException(TokenCheck.SUBJECT, "the userinfo sub is not the ID token's", null);
        }
        return claims.identity(released, sub);
    }

    // ---- logout ----

    /**
     * The URI to send the browser to for RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0).
     *
     * @param login                 the sign-in to end (its ID token is sent as {@code id_token_hint})
     * @param postLogoutRedirectUri where the provider sends the browser afterwards, or {@code null} for the configured one
     * @param state                 an opaque value echoed back, or {@code null}
     * @return the logout URI
     */
    public URI logoutUri(VneidLogin login, URI postLogoutRedirectUri, String state) {
        Objects.requireNonNull(login, "login");
        ProviderMetadata md = discovery.metadata();
        if (md.endSessionEndpoint() == null) {
            throw new VneidAuthException("the provider has no end_session_endpoint", 0, "vneid.logout.unsupported", null,
                    false, null);
        }
        URI post = postLogoutRedirectUri != null ? postLogoutRedirectUri : config.postLogoutRedirectUri();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("id_token_hint", login.idToken());
        p.put("client_id", config.clientId());
        p.put("post_logout_redirect_uri", post == null ? null : post.toString());
        p.put("state", state);
        return withQuery(md.endSessionEndpoint(), p);
    }

    // ---- CIBA ----

    /**
     * Starts a back-channel authentication with the provider's default expiry.
     *
     * @param citizen        whose VNeID app is asked
     * @param bindingMessage the short text shown both on the agency's screen and in the app
     * @param level          the assurance level required
     * @return the pending request, to poll
     * @see #startCiba(PersonalIdNumber, String, AssuranceLevel, Duration)
     */
    public CibaRequest startCiba(PersonalIdNumber citizen, String bindingMessage, AssuranceLevel level) {
        return startCiba(citizen, bindingMessage, level, null);
    }

    /**
     * Starts a back-channel authentication (OpenID CIBA Core, poll mode) for the citizen with this
     * ID number, who sees {@code bindingMessage} on the app and approves or refuses.
     *
     * @param citizen         the citizen's personal ID number ({@code login_hint})
     * @param bindingMessage  a short text shown both at the counter and on the app, at most 64 characters
     * @param level           the level asked for and required, or {@code null} for the configured minimum
     * @param requestedExpiry how long the request may wait, or {@code null} for the provider's default
     * @return the started request
     */
    public CibaRequest startCiba(PersonalIdNumber citizen, String bindingMessage, AssuranceLevel level,
                                 Duration requestedExpiry) {
        return ciba.start(citizen, bindingMessage, level, requestedExpiry);
    }

    /**
     * Polls once. The caller waits {@link CibaRequest#interval()} of the returned outcome's request
     * before polling again; {@link #awaitCiba(CibaRequest)} does that loop.
     *
     * @param request the started request
     * @return the outcome; on {@code slow_down} the request carries an interval 5 seconds longer
     */
    public CibaOutcome pollCiba(CibaRequest request) {
        return ciba.poll(request);
    }

    /**
     * Polls at the provider's interval until the citizen answers or the request expires, slowing
     * down by 5 seconds each time the provider answers {@code slow_down}. Blocks the calling thread.
     *
     * @param request the started request
     * @return the final outcome: approved, denied or expired
     */
    public CibaOutcome awaitCiba(CibaRequest request) {
        return ciba.await(request);
    }

    /**
     * A snapshot of this client's health, like the other clients': the {@code vneid} circuit
     * breaker's state, the end of the agency certificate's validity, and the last failure and the
     * failures in a row of its exchanges with the provider. Sends nothing; for health checks.
     *
     * @return the snapshot (no token: a relying party caches none)
     */
    public vn.ketnoi.core.ClientHealth health() {
        return http.health(vn.ketnoi.core.ClientHealth.of(SCOPE, null, null,
                vn.ketnoi.core.ClientHealth.certificateNotAfter(config.credentials().certificateChain()),
                config.clock().instant()));
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "VneidAuthClient[" + config.issuer() + ", clientId=" + config.clientId() + "]";
    }

    // ---- internals ----

    private static URI withQuery(URI base, Map<String, String> params) {
        String b = base.toString();
        String q = OidcHttp.query(params);
        return URI.create(b + (base.getRawQuery() == null ? "?" : "&") + q);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

}
