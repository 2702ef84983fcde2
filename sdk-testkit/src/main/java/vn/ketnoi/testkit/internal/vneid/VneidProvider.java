package vn.ketnoi.testkit.internal.vneid;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.ProviderKeys;

/**
 * The sandbox's VNeID OpenID Provider (protocol section 9) at {@code {base}/vneid}: discovery,
 * JWKS, authorization with a login page, PAR, token (authorization code with PKCE, CIBA grant),
 * userinfo, CIBA back-channel authentication with a control page, and RP-initiated logout.
 * Clients authenticate with {@code private_key_jwt} only. Codes, request URIs and approved CIBA
 * requests are good once.
 */
public final class VneidProvider implements HttpRequestHandler {
    public static final String PREFIX = "/vneid";
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    private static final String ACR_PREFIX = "urn:vn:vneid:loa:";
    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    private static final ContentType HTML = ContentType.TEXT_HTML.withCharset(StandardCharsets.UTF_8);
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Duration PAR_LIFETIME = Duration.ofSeconds(60);
    private static final int MAX_BODY = 64 * 1024;

    /** A sign-in waiting on the login page. */
    private record Pending(String clientId, String redirectUri, String state, String nonce, String challenge,
                           int level, String scope) {
    }

    private record Code(Pending request, String idNumber, int level, String sid, Instant authTime, Instant expiresAt) {
    }

    private record Access(String clientId, String idNumber, int level, String sid, Instant expiresAt, String scope) {
    }

    /** A back-channel authentication; mutable fields guarded by the object. */
    private static final class Ciba {
        final String id;
        final String clientId;
        final String idNumber;
        final String bindingMessage;
        final int level;
        final Instant expiresAt;
        final String scope;
        Duration interval;
        Instant lastPoll;
        String decision; // null pending, "approved", "denied", "issued"
        String answeredBy; // the citizen whose identity the tokens carry; null for the one asked

        Ciba(String id, String clientId, String idNumber, String bindingMessage, int level, Instant expiresAt,
             Duration interval, String scope) {
            this.id = id;
            this.scope = scope;
            this.clientId = clientId;
            this.idNumber = idNumber;
            this.bindingMessage = bindingMessage;
            this.level = level;
            this.expiresAt = expiresAt;
            this.interval = interval;
        }
    }

    private final Supplier<String> baseIssuer;
    private final Supplier<SandboxPopulation> population;
    private final Clock clock;
    private final ProviderKeys keys = new ProviderKeys();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, RelyingParty> clients = new ConcurrentHashMap<>();
    private final Map<String, Pending> transactions = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<Pending, Instant>> pushed = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> accessTokensByCode = new ConcurrentHashMap<>();
    private final Map<String, Ciba> ciba = new ConcurrentHashMap<>();
    private final Set<String> liveSessions = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> assertionIds = new ConcurrentHashMap<>();
    private volatile boolean parRequired;
    /**
     * Behaves like an independent, certified OpenID Provider configured like a national IdP: the
     * ID token carries sub, acr, amr and auth_time only (no acr at all from a level-1 login),
     * identity claims come from userinfo by scope ({@code profile}: name and birth date;
     * {@code citizen}: ID number and account level), userinfo is never encrypted (OpenID
     * registers ID-token and userinfo encryption separately, and this provider encrypts ID tokens
     * only), and {@code acr_values_supported} lists {@code LoA1} and {@code LoA2}.
     */
    private volatile boolean thirdParty;
    /** {@code acr_values_supported} as a test sets it; null for the mode's own. */
    private volatile List<String> acrValuesSupported;
    private volatile Duration cibaInterval = Duration.ofSeconds(5);
    private volatile Duration cibaExpiry = Duration.ofSeconds(120);
    private volatile Function<Map<String, Object>, String> idTokenForger;
    private volatile java.util.function.UnaryOperator<Map<String, Object>> userInfoForger;
    /** Inserted before each endpoint's path, for a relying party that must read them from discovery. */
    private volatile String endpointSegment = "";
    private volatile Map<String, String> lastPushedRequest = Map.of();
    private static final java.util.Set<String> MOVABLE =
            java.util.Set.of("/authorize", "/par", "/token", "/userinfo", "/bc-authorize", "/logout", "/jwks");

    public VneidProvider(Supplier<String> baseIssuer, Supplier<SandboxPopulation> population, Clock clock) {
        this.baseIssuer = baseIssuer;
        this.population = population;
        this.clock = clock;
    }

    // ---- control (used by SandboxIdentityProvider) ----

    public String issuer() {
        return baseIssuer.get() + PREFIX;
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
        this.parRequired = required;
    }

    public void setThirdPartyMode(boolean on) {
        this.thirdParty = on;
    }

    public boolean thirdPartyMode() {
        return thirdParty;
    }

    public void setAcrValuesSupported(List<String> values) {
        this.acrValuesSupported = values == null ? null : List.copyOf(values);
    }

    public void setCibaInterval(Duration interval) {
        this.cibaInterval = interval;
    }

    public void setCibaExpiry(Duration expiry) {
        this.cibaExpiry = expiry;
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
        this.idTokenForger = forger;
    }

    /**
     * Test hook: serves the endpoints of the discovery document under {@code {issuer}/moved/...}
     * and answers 404 at their usual paths, so that only a relying party that reads them from
     * discovery (section 9.1) finds them.
     */
    public void moveEndpoints(boolean moved) {
        this.endpointSegment = moved ? "/moved" : "";
    }

    /** Test hook: the form of the last pushed authorization request, as received. */
    public Map<String, String> lastPushedRequest() {
        return lastPushedRequest;
    }

    private String endpoint(String name) {
        return issuer() + endpointSegment + name;
    }

    /** Test hook: the next userinfo answer carries the claims {@code forger} makes of the honest ones. */
    public void forgeNextUserInfo(java.util.function.UnaryOperator<Map<String, Object>> forger) {
        this.userInfoForger = forger;
    }

    /** The pending back-channel requests: id, citizen ID number, binding message. */
    public List<String[]> pendingCiba() {
        List<String[]> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Ciba c : ciba.values()) {
            synchronized (c) {
                if (c.decision == null && now.isBefore(c.expiresAt)) {
                    out.add(new String[] {c.id, c.idNumber, c.bindingMessage});
                }
            }
        }
        return out;
    }

    /** Approves or denies the newest pending request for this citizen; false when none is pending. */
    public boolean decideCiba(String idNumber, boolean approve) {
        return decideCiba(idNumber, approve, null);
    }

    /**
     * Approves or denies the newest pending request for this citizen; an approval with
     * {@code answeredBy} issues tokens for that other citizen (a test of the relying party's
     * binding). False when none is pending.
     */
    public boolean decideCiba(String idNumber, boolean approve, String answeredBy) {
        Instant now = clock.instant();
        Ciba found = null;
        for (Ciba c : ciba.values()) {
            synchronized (c) {
                if (c.idNumber.equals(idNumber) && c.decision == null && now.isBefore(c.expiresAt)
                        && (found == null || c.expiresAt.isAfter(found.expiresAt))) {
                    found = c;
                }
            }
        }
        return found != null && decide(found, approve, answeredBy);
    }

    private static boolean decide(Ciba c, boolean approve, String answeredBy) {
        synchronized (c) {
            if (c.decision != null) {
                return false;
            }
            c.decision = approve ? "approved" : "denied";
            c.answeredBy = answeredBy;
            return true;
        }
    }

    // ---- HTTP ----

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws IOException {
        String uri = request.getRequestUri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = q < 0 ? new LinkedHashMap<>() : parseForm(uri.substring(q + 1));
        response.setHeader("Cache-Control", "no-store");
        String segment = endpointSegment;
        if (!segment.isEmpty()) {
            if (path.startsWith(PREFIX + segment + "/") && MOVABLE.contains(path.substring((PREFIX + segment).length()))) {
                path = PREFIX + path.substring((PREFIX + segment).length());
            } else if (path.startsWith(PREFIX) && MOVABLE.contains(path.substring(PREFIX.length()))) {
                oauthError(response, 404, "invalid_request", "no such endpoint");
                return;
            }
        }
        switch (path) {
            case PREFIX + "/.well-known/openid-configuration" -> json(response, 200, discovery());
            case PREFIX + "/jwks" -> {
                response.setCode(200);
                response.setHeader("Cache-Control", keys.cacheControl());
                response.setEntity(new ByteArrayEntity(keys.jwksJson().getBytes(StandardCharsets.UTF_8), JSON));
            }
            case PREFIX + "/authorize" -> authorize(request, response, query);
            case PREFIX + "/login" -> login(request, response);
            case PREFIX + "/par" -> par(request, response);
            case PREFIX + "/token" -> token(request, response);
            case PREFIX + "/userinfo" -> userinfo(request, response);
            case PREFIX + "/bc-authorize" -> backchannel(request, response);
            case PREFIX + "/logout" -> logout(response, query);
            case PREFIX + "/sandbox/ciba" -> cibaControl(request, response);
            default -> oauthError(response, 404, "invalid_request", "no such endpoint");
        }
    }

    private Map<String, Object> discovery() {
        String i = issuer();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", i);
        m.put("authorization_endpoint", endpoint("/authorize"));
        m.put("token_endpoint", endpoint("/token"));
        m.put("userinfo_endpoint", endpoint("/userinfo"));
        m.put("jwks_uri", endpoint("/jwks"));
        m.put("end_session_endpoint", endpoint("/logout"));
        m.put("pushed_authorization_request_endpoint", endpoint("/par"));
        m.put("require_pushed_authorization_requests", parRequired);
        m.put("backchannel_authentication_endpoint", endpoint("/bc-authorize"));
        m.put("backchannel_token_delivery_modes_supported", List.of("poll"));
        m.put("backchannel_user_code_parameter_supported", false);
        m.put("scopes_supported", List.of("openid", "profile", "citizen"));
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", CIBA_GRANT));
        m.put("subject_types_supported", List.of("pairwise"));
        List<String> acr = acrValuesSupported;
        m.put("acr_values_supported", acr != null ? acr
                : thirdParty ? List.of("LoA1", "LoA2") : List.of(ACR_PREFIX + "1", ACR_PREFIX + "2"));
        m.put("id_token_signing_alg_values_supported", List.of("ES256"));
        m.put("id_token_encryption_alg_values_supported", List.of("RSA-OAEP-256", "ECDH-ES+A256KW"));
        m.put("id_token_encryption_enc_values_supported", List.of("A256GCM"));
        m.put("userinfo_signing_alg_values_supported", List.of("ES256"));
        m.put("userinfo_encryption_alg_values_supported", List.of("RSA-OAEP-256", "ECDH-ES+A256KW"));
        m.put("userinfo_encryption_enc_values_supported", List.of("A256GCM"));
        m.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        m.put("token_endpoint_auth_signing_alg_values_supported", List.of("ES256", "PS256", "RS256"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("claims_supported", List.of("sub", "acr", "auth_time", "sid", "citizenPid", "fullName", "birthDate",
                "accountLevel", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "LoaiTaiKhoan"));
        m.put("claims_parameter_supported", false);
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("authorization_response_iss_parameter_supported", true);
        return m;
    }

    // ---- authorization ----

    private void authorize(ClassicHttpRequest request, ClassicHttpResponse response, Map<String, String> query)
            throws IOException {
        Map<String, String> p = query;
        if ("POST".equals(request.getMethod())) {
            p = form(request);
            if (p == null) {
                page(response, 400, "Bad request", "<p>The form body is not valid.</p>");
                return;
            }
        }
        String clientId = p.get("client_id");
        RelyingParty rp = clientId == null ? null : clients.get(clientId);
        if (rp == null) {
            page(response, 400, "Unknown client", "<p>client_id is missing or not registered.</p>");
            return;
        }
        Pending pending;
        String requestUri = p.get("request_uri");
        if (requestUri != null) {
            Map.Entry<Pending, Instant> e = pushed.remove(requestUri);
            if (e == null || !e.getKey().clientId().equals(clientId) || !clock.instant().isBefore(e.getValue())) {
                page(response, 400, "Invalid request_uri", "<p>The request_uri is unknown, used or expired.</p>");
                return;
            }
            pending = e.getKey();
        } else {
            String redirect = p.get("redirect_uri");
            if (redirect == null || !rp.allowsRedirect(redirect)) {
                page(response, 400, "Invalid redirect_uri", "<p>redirect_uri is missing or not registered.</p>");
                return;
            }
            if (parRequired || rp.parRequired()) {
                redirectError(response, redirect, p.get("state"), "invalid_request",
                        "pushed authorization requests are required");
                return;
            }
            Object checked = check(p, rp);
            if (checked instanceof String[] err) {
                redirectError(response, redirect, p.get("state"), err[0], err[1]);
                return;
            }
            pending = (Pending) checked;
        }
        String txn = randomId();
        transactions.put(txn, pending);
        loginPage(response, txn, pending, null);
    }

    /** The checks an authorization request passes once client and redirect URI are known: a Pending or {error, description}. */
    private Object check(Map<String, String> p, RelyingParty rp) {
        if (!"code".equals(p.get("response_type"))) {
            return new String[] {"unsupported_response_type", "response_type must be code"};
        }
        String scope = p.getOrDefault("scope", "");
        if (!Arrays.asList(scope.split(" ")).contains("openid")) {
            return new String[] {"invalid_scope", "scope must include openid"};
        }
        String challenge = p.get("code_challenge");
        if (challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            return new String[] {"invalid_request", "code_challenge (S256, 43 characters) is required"};
        }
        if (!"S256".equals(p.get("code_challenge_method"))) {
            return new String[] {"invalid_request", "code_challenge_method must be S256"};
        }
        if (p.get("request") != null) {
            return new String[] {"request_not_supported", "request objects are not supported"};
        }
        return new Pending(rp.clientId(), p.get("redirect_uri"), p.get("state"), p.get("nonce"), challenge,
                requestedLevel(p.get("acr_values")), scope);
    }

    private static int requestedLevel(String acrValues) {
        if (acrValues == null) {
            return 1;
        }
        for (String a : acrValues.split(" ")) {
            if (a.equals(ACR_PREFIX + "2") || a.equalsIgnoreCase("LoA2")) {
                return 2;
            }
            if (a.equals(ACR_PREFIX + "1") || a.equalsIgnoreCase("LoA1")) {
                return 1;
            }
        }
        return 1;
    }

    private void loginPage(ClassicHttpResponse response, String txn, Pending pending, String error) {
        SandboxPopulation pop = population.get();
        List<SyntheticCitizen> shown = new ArrayList<>();
        shown.add(pop.demoCitizen());
        shown.add(pop.withVneidLevel(1));
        for (SyntheticCitizen c : pop.citizens()) {
            if (shown.size() >= 8) {
                break;
            }
            if (!c.isDeceased() && pop.vneidLevel(c) > 0 && !shown.contains(c)) {
                shown.add(c);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<p>Sandbox VNeID sign-in for <code>").append(esc(pending.clientId())).append("</code>. ")
                .append("The service asks for level ").append(pending.level()).append(".</p>");
        if (error != null) {
            b.append("<p id=\"error\" role=\"alert\" style=\"color:#b00\">").append(esc(error)).append("</p>");
        }
        b.append("<form method=\"post\" action=\"").append(PREFIX).append("/login\">")
                .append("<input type=\"hidden\" name=\"txn\" value=\"").append(esc(txn)).append("\">")
                .append("<fieldset><legend>Synthetic citizens</legend>");
        for (SyntheticCitizen c : shown) {
            String id = c.idNumber();
            b.append("<label><input type=\"radio\" name=\"citizen\" id=\"citizen-").append(id).append("\" value=\"")
                    .append(id).append("\"> ").append(id).append(" &middot; ").append(esc(c.fullName()))
                    .append(" &middot; account level ").append(pop.vneidLevel(c)).append("</label><br>");
        }
        b.append("</fieldset><p><label>Or type an ID number: <input type=\"text\" name=\"idNumber\" id=\"id-number\" ")
                .append("maxlength=\"12\" inputmode=\"numeric\"></label></p>")
                .append("<p><label>Level: <select name=\"level\" id=\"level\">")
                .append("<option value=\"1\"").append(pending.level() == 1 ? " selected" : "").append(">1</option>")
                .append("<option value=\"2\"").append(pending.level() == 2 ? " selected" : "").append(">2</option>")
                .append("</select></label></p>")
                .append("<button type=\"submit\" name=\"action\" value=\"approve\" id=\"sign-in\">Sign in</button> ")
                .append("<button type=\"submit\" name=\"action\" value=\"cancel\" id=\"cancel\">Cancel</button>")
                .append("</form>");
        page(response, error == null ? 200 : 400, "VNeID (sandbox)", b.toString());
    }

    private void login(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            page(response, 405, "Method not allowed", "<p>POST the login form.</p>");
            return;
        }
        Map<String, String> f = form(request);
        String txn = f == null ? null : f.get("txn");
        Pending pending = txn == null ? null : transactions.get(txn);
        if (pending == null) {
            page(response, 400, "Unknown sign-in", "<p>This sign-in is unknown or already finished.</p>");
            return;
        }
        if ("cancel".equals(f.get("action"))) {
            transactions.remove(txn);
            redirectError(response, pending.redirectUri(), pending.state(), "access_denied", "the citizen cancelled");
            return;
        }
        String typed = f.getOrDefault("idNumber", "").strip();
        String idNumber = typed.isEmpty() ? f.getOrDefault("citizen", "") : typed;
        SandboxPopulation pop = population.get();
        Optional<SyntheticCitizen> citizen = idNumber.matches("\\d{12}") ? pop.byIdNumber(idNumber) : Optional.empty();
        int level = "2".equals(f.get("level")) ? 2 : 1;
        if (citizen.isEmpty()) {
            loginPage(response, txn, pending, "No citizen has this ID number.");
            return;
        }
        int accountLevel = citizen.get().isDeceased() ? 0 : pop.vneidLevel(citizen.get());
        if (accountLevel == 0) {
            loginPage(response, txn, pending, "This citizen has no VNeID account.");
            return;
        }
        if (level > accountLevel) {
            loginPage(response, txn, pending, "Level 2 refused: this account is level " + accountLevel + ".");
            return;
        }
        if (transactions.remove(txn) == null) {
            page(response, 400, "Unknown sign-in", "<p>This sign-in is already finished.</p>");
            return;
        }
        String sid = randomId();
        liveSessions.add(sid);
        String code = randomId();
        Instant now = clock.instant();
        codes.put(code, new Code(pending, idNumber, level, sid, now, now.plus(CODE_LIFETIME)));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("code", code);
        q.put("state", pending.state());
        q.put("iss", issuer());
        redirect(response, pending.redirectUri(), q);
    }

    // ---- PAR ----

    private void par(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        Map<String, String> f = postForm(request, response);
        if (f == null) {
            return;
        }
        lastPushedRequest = Map.copyOf(f);
        RelyingParty rp = authenticate(f, response, endpoint("/par"));
        if (rp == null) {
            return;
        }
        if (f.containsKey("request_uri")) {
            oauthError(response, 400, "invalid_request", "request_uri is not allowed in a pushed request");
            return;
        }
        String redirect = f.get("redirect_uri");
        if (redirect == null || !rp.allowsRedirect(redirect)) {
            oauthError(response, 400, "invalid_redirect_uri", "redirect_uri is missing or not registered");
            return;
        }
        Object checked = check(f, rp);
        if (checked instanceof String[] err) {
            oauthError(response, 400, err[0], err[1]);
            return;
        }
        String requestUri = "urn:ietf:params:oauth:request_uri:" + randomId();
        pushed.put(requestUri, Map.entry((Pending) checked, clock.instant().plus(PAR_LIFETIME)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_uri", requestUri);
        body.put("expires_in", PAR_LIFETIME.getSeconds());
        json(response, 201, body);
    }

    // ---- token ----

    private void token(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        response.setHeader("Pragma", "no-cache");
        Map<String, String> f = postForm(request, response);
        if (f == null) {
            return;
        }
        RelyingParty rp = authenticate(f, response, endpoint("/token"));
        if (rp == null) {
            return;
        }
        String grant = f.get("grant_type");
        if ("authorization_code".equals(grant)) {
            codeGrant(f, rp, response);
        } else if (CIBA_GRANT.equals(grant)) {
            cibaGrant(f, rp, response);
        } else {
            oauthError(response, 400, "unsupported_grant_type", "authorization_code or the CIBA grant");
        }
    }

    private void codeGrant(Map<String, String> f, RelyingParty rp, ClassicHttpResponse response) {
        String value = f.getOrDefault("code", "");
        Code code = codes.remove(value);
        if (code == null) {
            if (usedCodes.contains(value)) {
                // RFC 6749 4.1.2: a code used twice revokes what it gave.
                String token = accessTokensByCode.remove(value);
                if (token != null) {
                    accessTokens.remove(token);
                }
                oauthError(response, 400, "invalid_grant", "the code was already used");
            } else {
                oauthError(response, 400, "invalid_grant", "the code is unknown");
            }
            return;
        }
        usedCodes.add(value);
        Pending p = code.request();
        if (!p.clientId().equals(rp.clientId())) {
            oauthError(response, 400, "invalid_grant", "the code was issued to another client");
            return;
        }
        if (!clock.instant().isBefore(code.expiresAt())) {
            oauthError(response, 400, "invalid_grant", "the code has expired");
            return;
        }
        if (!p.redirectUri().equals(f.get("redirect_uri"))) {
            oauthError(response, 400, "invalid_grant", "redirect_uri differs from the authorization request's");
            return;
        }
        String verifier = f.get("code_verifier");
        if (verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}") || !sha256(verifier).equals(p.challenge())) {
            oauthError(response, 400, "invalid_grant", "code_verifier does not match the code_challenge");
            return;
        }
        String accessToken = randomId();
        accessTokensByCode.put(value, accessToken);
        json(response, 200, issue(rp, code.idNumber(), code.level(), code.sid(), code.authTime(), p.nonce(),
                accessToken, p.scope()));
    }

    private void cibaGrant(Map<String, String> f, RelyingParty rp, ClassicHttpResponse response) {
        Ciba c = ciba.get(f.getOrDefault("auth_req_id", ""));
        if (c == null || !c.clientId.equals(rp.clientId())) {
            oauthError(response, 400, "invalid_grant", "the auth_req_id is unknown");
            return;
        }
        Instant now = clock.instant();
        synchronized (c) {
            if ("issued".equals(c.decision)) {
                oauthError(response, 400, "invalid_grant", "the tokens of this auth_req_id were already issued");
                return;
            }
            if ("denied".equals(c.decision)) {
                oauthError(response, 400, "access_denied", "the citizen refused");
                return;
            }
            if (c.decision == null && !now.isBefore(c.expiresAt)) {
                oauthError(response, 400, "expired_token", "the request expired");
                return;
            }
            if (c.decision == null) {
                boolean tooFast = c.lastPoll != null && now.isBefore(c.lastPoll.plus(c.interval));
                c.lastPoll = now;
                if (tooFast) {
                    c.interval = c.interval.plusSeconds(5);
                    oauthError(response, 400, "slow_down", "poll at most every " + c.interval.getSeconds() + " s");
                } else {
                    oauthError(response, 400, "authorization_pending", "the citizen has not answered yet");
                }
                return;
            }
            c.decision = "issued";
        }
        String citizen = c.answeredBy != null ? c.answeredBy : c.idNumber;
        String sid = randomId();
        liveSessions.add(sid);
        int accountLevel = population.get().byIdNumber(citizen).map(x -> population.get().vneidLevel(x)).orElse(1);
        json(response, 200, issue(rp, citizen, Math.min(c.level, accountLevel), sid, now, null, randomId(), c.scope));
    }

    private Map<String, Object> issue(RelyingParty rp, String idNumber, int level, String sid, Instant authTime,
                                      String nonce, String accessToken, String scope) {
        Instant now = clock.instant();
        boolean thirdParty = this.thirdParty;
        accessTokens.put(accessToken, new Access(rp.clientId(), idNumber, level, sid, now.plus(TOKEN_LIFETIME), scope));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("sub", subject(rp.clientId(), idNumber));
        claims.put("aud", rp.clientId());
        claims.put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("auth_time", authTime.getEpochSecond());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        if (!thirdParty) {
            claims.put("acr", ACR_PREFIX + level);
        } else if (level > 1) {
            // A third-party provider states no acr from a level-1 login: the level is in userinfo.
            claims.put("acr", "LoA" + level);
        }
        if (thirdParty) {
            claims.put("amr", level > 1 ? List.of("face", "pin") : List.of("pin"));
        }
        claims.put("sid", sid);
        claims.put("at_hash", atHash(accessToken));
        if (!rp.portalClaims() && !thirdParty) {
            claims.putAll(identityClaims(idNumber, false));
        }
        Function<Map<String, Object>, String> forger = idTokenForger;
        idTokenForger = null;
        String idToken = forger != null ? forger.apply(claims) : sign(claims);
        if (rp.encryptionKey() != null && forger == null) {
            idToken = encrypt(idToken, rp);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", TOKEN_LIFETIME.getSeconds());
        body.put("scope", thirdParty ? scope : "openid");
        body.put("id_token", idToken);
        return body;
    }

    private Map<String, Object> identityClaims(String idNumber, boolean portal) {
        SandboxPopulation pop = population.get();
        SyntheticCitizen c = pop.byIdNumber(idNumber).orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        String level = String.valueOf(pop.vneidLevel(c));
        if (portal) {
            m.put("SoDinhDanh", c.idNumber());
            m.put("HoVaTen", c.fullName());
            m.put("NgayThangNamSinh", c.birthDate().replace("-", ""));
            m.put("LoaiTaiKhoan", level);
        } else {
            m.put("citizenPid", c.idNumber());
            m.put("fullName", c.fullName());
            m.put("birthDate", c.birthDate());
            m.put("accountLevel", level);
        }
        return m;
    }

    // ---- userinfo ----

    private void userinfo(ClassicHttpRequest request, ClassicHttpResponse response) {
        Header h = request.getFirstHeader("Authorization");
        String token = h != null && h.getValue().regionMatches(true, 0, "Bearer ", 0, 7) ? h.getValue().substring(7).strip()
                : null;
        Access a = token == null ? null : accessTokens.get(token);
        if (a == null || !clock.instant().isBefore(a.expiresAt()) || !liveSessions.contains(a.sid())) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            oauthError(response, 401, "invalid_token", "the access token is unknown, expired or its session ended");
            return;
        }
        RelyingParty rp = clients.get(a.clientId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject(a.clientId(), a.idNumber()));
        Map<String, Object> identity = identityClaims(a.idNumber(), rp.portalClaims());
        boolean thirdParty = this.thirdParty;
        if (thirdParty) {
            // Released by scope, as a standard provider does: nothing beyond sub without them.
            List<String> scopes = Arrays.asList(a.scope() == null ? new String[0] : a.scope().split(" "));
            List<String> released = new ArrayList<>();
            if (scopes.contains("profile")) {
                released.addAll(rp.portalClaims() ? List.of("HoVaTen", "NgayThangNamSinh") : List.of("fullName", "birthDate"));
            }
            if (scopes.contains("citizen")) {
                released.addAll(rp.portalClaims() ? List.of("SoDinhDanh", "LoaiTaiKhoan") : List.of("citizenPid", "accountLevel"));
            }
            identity.keySet().retainAll(released);
        }
        claims.putAll(identity);
        java.util.function.UnaryOperator<Map<String, Object>> forger = userInfoForger;
        userInfoForger = null;
        if (forger != null) {
            claims = new LinkedHashMap<>(forger.apply(claims));
        }
        boolean encrypt = rp.encryptionKey() != null && !thirdParty;
        if (!rp.signedUserInfo() && !encrypt) {
            json(response, 200, claims);
            return;
        }
        claims.put("iss", issuer());
        claims.put("aud", rp.clientId());
        String jwt = sign(claims);
        if (encrypt) {
            jwt = encrypt(jwt, rp);
        }
        response.setCode(200);
        response.setEntity(new ByteArrayEntity(jwt.getBytes(StandardCharsets.US_ASCII),
                ContentType.create("application/jwt")));
    }

    // ---- CIBA ----

    private void backchannel(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        Map<String, String> f = postForm(request, response);
        if (f == null) {
            return;
        }
        RelyingParty rp = authenticate(f, response, endpoint("/bc-authorize"));
        if (rp == null) {
            return;
        }
        if (!Arrays.asList(f.getOrDefault("scope", "").split(" ")).contains("openid")) {
            oauthError(response, 400, "invalid_scope", "scope must include openid");
            return;
        }
        if (f.containsKey("login_hint_token") || f.containsKey("id_token_hint")) {
            oauthError(response, 400, "invalid_request", "use login_hint with the citizen's ID number");
            return;
        }
        String hint = f.get("login_hint");
        if (hint == null) {
            oauthError(response, 400, "invalid_request", "login_hint is required");
            return;
        }
        SandboxPopulation pop = population.get();
        Optional<SyntheticCitizen> c = hint.matches("\\d{12}") ? pop.byIdNumber(hint) : Optional.empty();
        if (c.isEmpty() || c.get().isDeceased() || pop.vneidLevel(c.get()) == 0) {
            oauthError(response, 400, "unknown_user_id", "no VNeID account has this ID number");
            return;
        }
        String message = f.get("binding_message");
        if (message != null && (message.length() > 64 || message.chars().anyMatch(Character::isISOControl))) {
            oauthError(response, 400, "invalid_binding_message", "at most 64 characters, no control characters");
            return;
        }
        Duration expiry = cibaExpiry;
        String requested = f.get("requested_expiry");
        if (requested != null) {
            try {
                long s = Long.parseLong(requested);
                if (s <= 0) {
                    throw new NumberFormatException();
                }
                expiry = Duration.ofSeconds(Math.min(s, expiry.getSeconds()));
            } catch (NumberFormatException e) {
                oauthError(response, 400, "invalid_request", "requested_expiry must be a positive integer");
                return;
            }
        }
        Instant now = clock.instant();
        cleanUp(now);
        Ciba entry = new Ciba(randomId(), rp.clientId(), hint, message == null ? "" : message,
                requestedLevel(f.get("acr_values")), now.plus(expiry), cibaInterval, f.get("scope"));
        ciba.put(entry.id, entry);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auth_req_id", entry.id);
        body.put("expires_in", expiry.getSeconds());
        body.put("interval", entry.interval.getSeconds());
        json(response, 200, body);
    }

    private void cibaControl(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if ("POST".equals(request.getMethod())) {
            Map<String, String> f = form(request);
            Ciba c = f == null ? null : ciba.get(f.getOrDefault("id", ""));
            boolean ok = c != null && decide(c, "approve".equals(f.get("decision")), null);
            page(response, ok ? 200 : 400, ok ? "Recorded" : "Not pending",
                    "<p id=\"result\">" + (ok ? "Recorded." : "No such pending request.") + "</p><p><a href=\""
                            + PREFIX + "/sandbox/ciba\">Back</a></p>");
            return;
        }
        StringBuilder b = new StringBuilder("<p>Pending back-channel sign-ins (the citizen's app):</p><ul>");
        for (String[] p : pendingCiba()) {
            b.append("<li>").append(esc(p[1])).append(": &ldquo;").append(esc(p[2])).append("&rdquo; ");
            for (String d : List.of("approve", "deny")) {
                b.append("<form method=\"post\" style=\"display:inline\"><input type=\"hidden\" name=\"id\" value=\"")
                        .append(esc(p[0])).append("\"><button name=\"decision\" value=\"").append(d).append("\">")
                        .append(d).append("</button></form> ");
            }
            b.append("</li>");
        }
        page(response, 200, "VNeID app (sandbox)", b.append("</ul>").toString());
    }

    // ---- logout ----

    /** The claims of a token this provider signed with a key it still publishes (expired or not); null otherwise. */
    private Map<String, Object> signedByUs(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            PublicKey key = JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                    ? keys.publicKey(jwt.getHeader().getKeyID()) : null;
            return key != null && jwt.verify(new ECDSAVerifier((ECPublicKey) key))
                    ? jwt.getJWTClaimsSet().toJSONObject() : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    private void logout(ClassicHttpResponse response, Map<String, String> q) {
        String hint = q.get("id_token_hint");
        Map<String, Object> claims = hint == null ? null : signedByUs(hint);
        String post = q.get("post_logout_redirect_uri");
        if (post != null) {
            Object aud = claims == null ? null : claims.get("aud");
            String clientId = aud instanceof String s ? s : aud instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0))
                    : q.get("client_id");
            RelyingParty rp = clientId == null ? null : clients.get(clientId);
            if (claims == null || rp == null || !rp.allowsRedirect(post)) {
                page(response, 400, "Logout refused",
                        "<p>post_logout_redirect_uri needs a valid id_token_hint and a registered URI.</p>");
                return;
            }
        }
        if (claims != null && claims.get("sid") instanceof String sid) {
            liveSessions.remove(sid);
        }
        if (post != null) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("state", q.get("state"));
            redirect(response, post, p);
        } else {
            page(response, 200, "Signed out", "<p id=\"signed-out\">You are signed out of VNeID.</p>");
        }
    }

    // ---- client authentication (private_key_jwt, RFC 7523) ----

    private RelyingParty authenticate(Map<String, String> f, ClassicHttpResponse response, String endpoint) {
        if (!ASSERTION_TYPE.equals(f.get("client_assertion_type")) || f.get("client_assertion") == null) {
            oauthError(response, 401, "invalid_client", "private_key_jwt client authentication is required");
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(f.get("client_assertion"));
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            RelyingParty rp = c.getIssuer() == null ? null : clients.get(c.getIssuer());
            String problem = null;
            if (rp == null) {
                problem = "unknown client";
            } else if (!rp.clientId().equals(c.getSubject())) {
                problem = "sub must equal iss";
            } else if (f.get("client_id") != null && !f.get("client_id").equals(rp.clientId())) {
                problem = "client_id differs from the assertion's iss";
            } else if (rp.keyId() != null && !rp.keyId().equals(jwt.getHeader().getKeyID())) {
                problem = "the kid is not registered for this client: "
                        + vn.ketnoi.testkit.internal.TokenService.kidForMessage(jwt.getHeader().getKeyID());
            } else if (!verify(jwt, rp.key())) {
                problem = "the assertion signature does not verify";
            } else if (c.getAudience() == null || c.getAudience().stream()
                    .noneMatch(a -> a.equals(issuer()) || a.equals(endpoint) || a.equals(endpoint("/token")))) {
                problem = "aud must be the issuer or this endpoint's URL";
            } else if (c.getExpirationTime() == null || c.getJWTID() == null) {
                problem = "exp and jti are required";
            } else if (!clock.instant().isBefore(c.getExpirationTime().toInstant())) {
                problem = "the assertion has expired";
            } else if (assertionIds.putIfAbsent(rp.clientId() + " " + c.getJWTID(),
                    c.getExpirationTime().toInstant()) != null) {
                problem = "the assertion was already used";
            }
            if (problem != null) {
                oauthError(response, 401, "invalid_client", problem);
                return null;
            }
            return rp;
        } catch (ParseException e) {
            oauthError(response, 401, "invalid_client", "the client assertion is not a signed JWT");
            return null;
        }
    }

    private static boolean verify(SignedJWT jwt, PublicKey key) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        try {
            JWSVerifier v;
            if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECPublicKey ec) {
                v = new ECDSAVerifier(ec);
            } else if ((JWSAlgorithm.PS256.equals(alg) || JWSAlgorithm.RS256.equals(alg)) && key instanceof RSAPublicKey r) {
                v = new RSASSAVerifier(r);
            } else {
                return false;
            }
            return jwt.verify(v);
        } catch (JOSEException e) {
            return false;
        }
    }

    // ---- helpers ----

    private String encrypt(String jws, RelyingParty rp) {
        try {
            PublicKey k = rp.encryptionKey();
            JWEAlgorithm alg = k instanceof RSAPublicKey ? JWEAlgorithm.RSA_OAEP_256 : JWEAlgorithm.ECDH_ES_A256KW;
            JWEObject o = new JWEObject(new JWEHeader.Builder(alg, EncryptionMethod.A256GCM).keyID(rp.encryptionKeyId())
                    .contentType("JWT").build(), new Payload(jws));
            o.encrypt(k instanceof RSAPublicKey r ? new RSAEncrypter(r) : new ECDHEncrypter((ECPublicKey) k));
            return o.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt to the client's key", e);
        }
    }

    private void cleanUp(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = assertionIds.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isBefore(now.minusSeconds(60))) {
                it.remove();
            }
        }
        ciba.values().removeIf(c -> c.expiresAt.isBefore(now.minusSeconds(600)));
        codes.values().removeIf(c -> c.expiresAt().isBefore(now.minusSeconds(600)));
    }

    private static String subject(String clientId, String idNumber) {
        // Pairwise: the same citizen has a different sub at each client.
        return sha256("vneid-sandbox|" + clientId + "|" + idNumber).substring(0, 32);
    }

    private static String atHash(String accessToken) {
        byte[] h = digest(accessToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
    }

    private static String sha256(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(s));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomId() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private Map<String, String> postForm(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            oauthError(response, 405, "invalid_request", "POST only");
            return null;
        }
        Map<String, String> f = form(request);
        if (f == null) {
            oauthError(response, 400, "invalid_request",
                    "the body must be application/x-www-form-urlencoded, each parameter once");
        }
        return f;
    }

    private static Map<String, String> form(ClassicHttpRequest request) throws IOException {
        HttpEntity e = request.getEntity();
        if (e == null) {
            return new LinkedHashMap<>();
        }
        String type = e.getContentType() == null ? "" : e.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        byte[] body;
        try (java.io.InputStream in = e.getContent()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return null;
        }
        return parseForm(new String(body, StandardCharsets.UTF_8));
    }

    private static Map<String, String> parseForm(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String pair : s.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (out.putIfAbsent(k, v) != null) {
                    return null;
                }
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out;
    }

    private void redirectError(ClassicHttpResponse response, String redirectUri, String state, String error,
                               String description) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("error", error);
        q.put("error_description", description);
        q.put("state", state);
        q.put("iss", issuer());
        redirect(response, redirectUri, q);
    }

    private static void redirect(ClassicHttpResponse response, String target, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(target);
        char sep = target.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        response.setCode(302);
        response.setHeader("Location", sb.toString());
    }

    private static void json(ClassicHttpResponse response, int status, Map<String, Object> body) {
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(Json.bytes(body), JSON));
    }

    private static void oauthError(ClassicHttpResponse response, int status, String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        json(response, status, m);
    }

    private static void page(ClassicHttpResponse response, int status, String title, String body) {
        String html = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
        response.setCode(status);
        response.setHeader("X-Frame-Options", "DENY");
        response.setEntity(new ByteArrayEntity(html.getBytes(StandardCharsets.UTF_8), HTML));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
