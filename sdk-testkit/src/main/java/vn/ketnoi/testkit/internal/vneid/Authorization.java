package vn.ketnoi.testkit.internal.vneid;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The front channel of a sign-in (section 9.2): the authorization endpoint, pushed authorization
 * requests (RFC 9126; a request URI is good once, for 60 seconds), the login page where a tester
 * picks a synthetic citizen, and the redirect back with a code. Thread-safe.
 */
final class Authorization {
    private static final Duration PAR_LIFETIME = Duration.ofSeconds(60);

    /** A sign-in waiting on the login page. */
    record Pending(String clientId, String redirectUri, String state, String nonce, String challenge,
                   int level, String scope) {
    }

    private final Map<String, RelyingParty> clients;
    private final ProviderConfiguration config;
    private final ClientAuthentication clientAuthentication;
    private final Tokens tokens;
    private final Supplier<SandboxPopulation> population;
    private final Clock clock;
    private final Map<String, Pending> transactions = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<Pending, Instant>> pushed = new ConcurrentHashMap<>();
    private volatile Map<String, String> lastPushedRequest = Map.of();

    Authorization(Map<String, RelyingParty> clients, ProviderConfiguration config,
                  ClientAuthentication clientAuthentication, Tokens tokens, Supplier<SandboxPopulation> population,
                  Clock clock) {
        this.clients = clients;
        this.config = config;
        this.clientAuthentication = clientAuthentication;
        this.tokens = tokens;
        this.population = population;
        this.clock = clock;
    }

    /** Test hook: the form of the last pushed authorization request, as received. */
    Map<String, String> lastPushedRequest() {
        return lastPushedRequest;
    }

    void authorize(ClassicHttpRequest request, ClassicHttpResponse response, Map<String, String> query)
            throws IOException {
        Map<String, String> p = query;
        if ("POST".equals(request.getMethod())) {
            p = Wire.form(request);
            if (p == null) {
                Wire.page(response, 400, "Bad request", "<p>The form body is not valid.</p>");
                return;
            }
        }
        String clientId = p.get("client_id");
        RelyingParty rp = clientId == null ? null : clients.get(clientId);
        if (rp == null) {
            Wire.page(response, 400, "Unknown client", "<p>client_id is missing or not registered.</p>");
            return;
        }
        Pending pending;
        String requestUri = p.get("request_uri");
        if (requestUri != null) {
            Map.Entry<Pending, Instant> e = pushed.remove(requestUri);
            if (e == null || !e.getKey().clientId().equals(clientId) || !clock.instant().isBefore(e.getValue())) {
                Wire.page(response, 400, "Invalid request_uri", "<p>The request_uri is unknown, used or expired.</p>");
                return;
            }
            pending = e.getKey();
        } else {
            String redirect = p.get("redirect_uri");
            if (redirect == null || !rp.allowsRedirect(redirect)) {
                Wire.page(response, 400, "Invalid redirect_uri", "<p>redirect_uri is missing or not registered.</p>");
                return;
            }
            if (config.parRequired() || rp.parRequired()) {
                Wire.redirectError(response, config.issuer(), redirect, p.get("state"), "invalid_request",
                        "pushed authorization requests are required");
                return;
            }
            Object checked = check(p, rp);
            if (checked instanceof String[] err) {
                Wire.redirectError(response, config.issuer(), redirect, p.get("state"), err[0], err[1]);
                return;
            }
            pending = (Pending) checked;
        }
        String txn = Wire.randomId();
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
                ProviderConfiguration.requestedLevel(p.get("acr_values")), scope);
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
        b.append("<p>Sandbox VNeID sign-in for <code>").append(Wire.esc(pending.clientId())).append("</code>. ")
                .append("The service asks for level ").append(pending.level()).append(".</p>");
        if (error != null) {
            b.append("<p id=\"error\" role=\"alert\" style=\"color:#b00\">").append(Wire.esc(error)).append("</p>");
        }
        b.append("<form method=\"post\" action=\"").append(ProviderConfiguration.PREFIX).append("/login\">")
                .append("<input type=\"hidden\" name=\"txn\" value=\"").append(Wire.esc(txn)).append("\">")
                .append("<fieldset><legend>Synthetic citizens</legend>");
        for (SyntheticCitizen c : shown) {
            String id = c.idNumber();
            b.append("<label><input type=\"radio\" name=\"citizen\" id=\"citizen-").append(id).append("\" value=\"")
                    .append(id).append("\"> ").append(id).append(" &middot; ").append(Wire.esc(c.fullName()))
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
        Wire.page(response, error == null ? 200 : 400, "VNeID (sandbox)", b.toString());
    }

    void login(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            Wire.page(response, 405, "Method not allowed", "<p>POST the login form.</p>");
            return;
        }
        Map<String, String> f = Wire.form(request);
        String txn = f == null ? null : f.get("txn");
        Pending pending = txn == null ? null : transactions.get(txn);
        if (pending == null) {
            Wire.page(response, 400, "Unknown sign-in", "<p>This sign-in is unknown or already finished.</p>");
            return;
        }
        if ("cancel".equals(f.get("action"))) {
            transactions.remove(txn);
            Wire.redirectError(response, config.issuer(), pending.redirectUri(), pending.state(), "access_denied",
                    "the citizen cancelled");
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
            Wire.page(response, 400, "Unknown sign-in", "<p>This sign-in is already finished.</p>");
            return;
        }
        String sid = tokens.startSession();
        String code = tokens.newCode(pending, idNumber, level, sid);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("code", code);
        q.put("state", pending.state());
        q.put("iss", config.issuer());
        Wire.redirect(response, pending.redirectUri(), q);
    }

    /** The pushed authorization request endpoint: client authentication, then the same checks as authorize. */
    void par(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        Map<String, String> f = Wire.postForm(request, response);
        if (f == null) {
            return;
        }
        lastPushedRequest = Map.copyOf(f);
        RelyingParty rp = clientAuthentication.authenticate(f, response, config.endpoint("/par"));
        if (rp == null) {
            return;
        }
        if (f.containsKey("request_uri")) {
            Wire.oauthError(response, 400, "invalid_request", "request_uri is not allowed in a pushed request");
            return;
        }
        String redirect = f.get("redirect_uri");
        if (redirect == null || !rp.allowsRedirect(redirect)) {
            Wire.oauthError(response, 400, "invalid_redirect_uri", "redirect_uri is missing or not registered");
            return;
        }
        Object checked = check(f, rp);
        if (checked instanceof String[] err) {
            Wire.oauthError(response, 400, err[0], err[1]);
            return;
        }
        String requestUri = "urn:ietf:params:oauth:request_uri:" + Wire.randomId();
        pushed.put(requestUri, Map.entry((Pending) checked, clock.instant().plus(PAR_LIFETIME)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_uri", requestUri);
        body.put("expires_in", PAR_LIFETIME.getSeconds());
        Wire.json(response, 201, body);
    }
}
