package vn.ketnoi.testkit.internal.vneid;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.internal.ProviderKeys;

/**
 * The sandbox's VNeID OpenID Provider (protocol section 9) at {@code {base}/vneid}: the route
 * table and the control surface {@code SandboxIdentityProvider} drives. Each concept lives in its
 * own class: {@link ProviderConfiguration} (discovery and the test switches),
 * {@link ClientAuthentication} ({@code private_key_jwt}, the only method), {@link Authorization}
 * (authorize, PAR, the login page), {@link Tokens} (codes, sessions, access and ID tokens),
 * {@link UserInfo}, {@link Ciba} (back-channel sign-in and its control page) and {@link Logout}.
 * Codes, request URIs and approved CIBA requests are good once.
 */
public final class VneidProvider implements HttpRequestHandler {
    public static final String PREFIX = ProviderConfiguration.PREFIX;

    private final ProviderKeys keys = new ProviderKeys();
    private final Map<String, RelyingParty> clients = new ConcurrentHashMap<>();
    private final ProviderConfiguration config;
    private final ClientAuthentication clientAuthentication;
    private final Tokens tokens;
    private final Authorization authorization;
    private final UserInfo userInfo;
    private final Ciba ciba;
    private final Logout logout;

    public VneidProvider(Supplier<String> baseIssuer, Supplier<SandboxPopulation> population, Clock clock) {
        this.config = new ProviderConfiguration(baseIssuer);
        this.clientAuthentication = new ClientAuthentication(clients, config, clock);
        this.tokens = new Tokens(config, population, keys, clock);
        this.authorization = new Authorization(clients, config, clientAuthentication, tokens, population, clock);
        this.userInfo = new UserInfo(clients, config, tokens, population, keys);
        this.ciba = new Ciba(config, clientAuthentication, tokens, population, clock, this::forgetExpired);
        this.logout = new Logout(clients, tokens, keys);
    }

    // ---- control (used by SandboxIdentityProvider) ----

    public String issuer() {
        return config.issuer();
    }

    public void registerClient(String clientId, String keyId, PublicKey key, Collection<URI> redirectUris,
                               boolean anyLoopback) {
        clients.put(clientId, new RelyingParty(clientId, keyId, key, Set.copyOf(redirectUris), anyLoopback, null, null,
                false, false, false));
    }

    public boolean hasClient(String clientId) {
        return clients.containsKey(clientId);
    }

    public void setEncryptionKey(String clientId, String keyId, PublicKey key) {
        clients.computeIfPresent(clientId, (k, rp) -> rp.withEncryptionKey(keyId, key));
    }

    public void setSignedUserInfo(String clientId, boolean on) {
        clients.computeIfPresent(clientId, (k, rp) -> rp.withSignedUserInfo(on));
    }

    public void setPortalClaims(String clientId, boolean on) {
        clients.computeIfPresent(clientId, (k, rp) -> rp.withPortalClaims(on));
    }

    public void setClientParRequired(String clientId, boolean on) {
        clients.computeIfPresent(clientId, (k, rp) -> rp.withParRequired(on));
    }

    public void setParRequired(boolean required) {
        config.setParRequired(required);
    }

    public void setThirdPartyMode(boolean on) {
        config.setThirdParty(on);
    }

    public boolean thirdPartyMode() {
        return config.thirdParty();
    }

    public void setAcrValuesSupported(List<String> values) {
        config.setAcrValuesSupported(values);
    }

    public void setCibaInterval(Duration interval) {
        ciba.setInterval(interval);
    }

    public void setCibaExpiry(Duration expiry) {
        ciba.setExpiry(expiry);
    }

    public String rotateKey() {
        return keys.rotate();
    }

    public String currentKid() {
        return keys.currentKid();
    }

    public String rekey() {
        return keys.rekey();
    }

    public PrivateKey withdrawKey(String kid) {
        return keys.withdraw(kid);
    }

    public void setKeySetMaxAge(Duration maxAge) {
        keys.setMaxAge(maxAge);
    }

    public String jwksJson() {
        return keys.jwksJson();
    }

    public String sign(Map<String, Object> claims) {
        return keys.sign("JWT", claims);
    }

    public void forgeNextIdToken(Function<Map<String, Object>, String> forger) {
        tokens.forgeNextIdToken(forger);
    }

    /**
     * Test hook: serves the endpoints of the discovery document under {@code {issuer}/moved/...}
     * and answers 404 at their usual paths, so that only a relying party that reads them from
     * discovery (section 9.1) finds them.
     */
    public void moveEndpoints(boolean moved) {
        config.moveEndpoints(moved);
    }

    /** Test hook: the form of the last pushed authorization request, as received. */
    public Map<String, String> lastPushedRequest() {
        return authorization.lastPushedRequest();
    }

    /** Test hook: the next userinfo answer carries the claims {@code forger} makes of the honest ones. */
    public void forgeNextUserInfo(UnaryOperator<Map<String, Object>> forger) {
        userInfo.forgeNext(forger);
    }

    /** The pending back-channel requests: id, citizen ID number, binding message. */
    public List<String[]> pendingCiba() {
        return ciba.pending();
    }

    /** Approves or denies the newest pending request for this citizen; false when none is pending. */
    public boolean decideCiba(String idNumber, boolean approve) {
        return ciba.decide(idNumber, approve, null);
    }

    /**
     * Approves or denies the newest pending request for this citizen; an approval with
     * {@code answeredBy} issues tokens for that other citizen (a test of the relying party's
     * binding). False when none is pending.
     */
    public boolean decideCiba(String idNumber, boolean approve, String answeredBy) {
        return ciba.decide(idNumber, approve, answeredBy);
    }

    // ---- HTTP ----

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws IOException {
        String uri = request.getRequestUri();
        int q = uri.indexOf('?');
        String path = config.route(q < 0 ? uri : uri.substring(0, q));
        Map<String, String> query = q < 0 ? new LinkedHashMap<>() : Wire.parseForm(uri.substring(q + 1));
        response.setHeader("Cache-Control", "no-store");
        if (path == null) {
            Wire.oauthError(response, 404, "invalid_request", "no such endpoint");
            return;
        }
        switch (path) {
            case PREFIX + "/.well-known/openid-configuration" -> Wire.json(response, 200, config.discovery());
            case PREFIX + "/jwks" -> {
                response.setCode(200);
                response.setHeader("Cache-Control", keys.cacheControl());
                response.setEntity(new ByteArrayEntity(keys.jwksJson().getBytes(StandardCharsets.UTF_8),
                        ContentType.APPLICATION_JSON));
            }
            case PREFIX + "/authorize" -> authorization.authorize(request, response, query);
            case PREFIX + "/login" -> authorization.login(request, response);
            case PREFIX + "/par" -> authorization.par(request, response);
            case PREFIX + "/token" -> token(request, response);
            case PREFIX + "/userinfo" -> userInfo.handle(request, response);
            case PREFIX + "/bc-authorize" -> ciba.backchannel(request, response);
            case PREFIX + "/logout" -> logout.handle(response, query);
            case PREFIX + "/sandbox/ciba" -> ciba.controlPage(request, response);
            default -> Wire.oauthError(response, 404, "invalid_request", "no such endpoint");
        }
    }

    /** The token endpoint: one client authentication, then the grant its type names. */
    private void token(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        response.setHeader("Pragma", "no-cache");
        Map<String, String> f = Wire.postForm(request, response);
        if (f == null) {
            return;
        }
        RelyingParty rp = clientAuthentication.authenticate(f, response, config.endpoint("/token"));
        if (rp == null) {
            return;
        }
        String grant = f.get("grant_type");
        if ("authorization_code".equals(grant)) {
            tokens.codeGrant(f, rp, response);
        } else if (ProviderConfiguration.CIBA_GRANT.equals(grant)) {
            ciba.grant(f, rp, response);
        } else {
            Wire.oauthError(response, 400, "unsupported_grant_type", "authorization_code or the CIBA grant");
        }
    }

    /** Forgets used assertion ids, CIBA requests and codes long expired. */
    private void forgetExpired(Instant now) {
        clientAuthentication.forgetExpired(now);
        ciba.forgetExpired(now);
        tokens.forgetExpired(now);
    }
}
