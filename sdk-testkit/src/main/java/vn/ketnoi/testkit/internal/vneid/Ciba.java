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
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Client-initiated back-channel authentication (OpenID CIBA Core, poll mode; section 9.5): the
 * back-channel endpoint, the CIBA grant with {@code slow_down}, the control page standing in for
 * the citizen's app, and the decisions a test makes. An approved request is good once.
 */
final class Ciba {
    /** A back-channel authentication; mutable fields guarded by the object. */
    private static final class Request {
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

        Request(String id, String clientId, String idNumber, String bindingMessage, int level, Instant expiresAt,
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

    private final ProviderConfiguration config;
    private final ClientAuthentication clientAuthentication;
    private final Tokens tokens;
    private final Supplier<SandboxPopulation> population;
    private final Clock clock;
    /** Run before a new request is stored: forgets what expired across the provider. */
    private final Consumer<Instant> housekeeping;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private volatile Duration interval = Duration.ofSeconds(5);
    private volatile Duration expiry = Duration.ofSeconds(120);

    Ciba(ProviderConfiguration config, ClientAuthentication clientAuthentication, Tokens tokens,
         Supplier<SandboxPopulation> population, Clock clock, Consumer<Instant> housekeeping) {
        this.config = config;
        this.clientAuthentication = clientAuthentication;
        this.tokens = tokens;
        this.population = population;
        this.clock = clock;
        this.housekeeping = housekeeping;
    }

    void setInterval(Duration interval) {
        this.interval = interval;
    }

    void setExpiry(Duration expiry) {
        this.expiry = expiry;
    }

    /** Forgets requests expired for more than ten minutes. */
    void forgetExpired(Instant now) {
        requests.values().removeIf(c -> c.expiresAt.isBefore(now.minusSeconds(600)));
    }

    /** The pending back-channel requests: id, citizen ID number, binding message. */
    List<String[]> pending() {
        List<String[]> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Request c : requests.values()) {
            synchronized (c) {
                if (c.decision == null && now.isBefore(c.expiresAt)) {
                    out.add(new String[] {c.id, c.idNumber, c.bindingMessage});
                }
            }
        }
        return out;
    }

    /**
     * Approves or denies the newest pending request for this citizen; an approval with
     * {@code answeredBy} issues tokens for that other citizen (a test of the relying party's
     * binding). False when none is pending.
     */
    boolean decide(String idNumber, boolean approve, String answeredBy) {
        Instant now = clock.instant();
        Request found = null;
        for (Request c : requests.values()) {
            synchronized (c) {
                if (c.idNumber.equals(idNumber) && c.decision == null && now.isBefore(c.expiresAt)
                        && (found == null || c.expiresAt.isAfter(found.expiresAt))) {
                    found = c;
                }
            }
        }
        return found != null && decide(found, approve, answeredBy);
    }

    private static boolean decide(Request c, boolean approve, String answeredBy) {
        synchronized (c) {
            if (c.decision != null) {
                return false;
            }
            c.decision = approve ? "approved" : "denied";
            c.answeredBy = answeredBy;
            return true;
        }
    }

    /** The back-channel authentication endpoint. */
    void backchannel(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        Map<String, String> f = Wire.postForm(request, response);
        if (f == null) {
            return;
        }
        RelyingParty rp = clientAuthentication.authenticate(f, response, config.endpoint("/bc-authorize"));
        if (rp == null) {
            return;
        }
        if (!Arrays.asList(f.getOrDefault("scope", "").split(" ")).contains("openid")) {
            Wire.oauthError(response, 400, "invalid_scope", "scope must include openid");
            return;
        }
        if (f.containsKey("login_hint_token") || f.containsKey("id_token_hint")) {
            Wire.oauthError(response, 400, "invalid_request", "use login_hint with the citizen's ID number");
            return;
        }
        String hint = f.get("login_hint");
        if (hint == null) {
            Wire.oauthError(response, 400, "invalid_request", "login_hint is required");
            return;
        }
        SandboxPopulation pop = population.get();
        Optional<SyntheticCitizen> c = hint.matches("\\d{12}") ? pop.byIdNumber(hint) : Optional.empty();
        if (c.isEmpty() || c.get().isDeceased() || pop.vneidLevel(c.get()) == 0) {
            Wire.oauthError(response, 400, "unknown_user_id", "no VNeID account has this ID number");
            return;
        }
        String message = f.get("binding_message");
        if (message != null && (message.length() > 64 || message.chars().anyMatch(Character::isISOControl))) {
            Wire.oauthError(response, 400, "invalid_binding_message", "at most 64 characters, no control characters");
            return;
        }
        Duration expiry = this.expiry;
        String requested = f.get("requested_expiry");
        if (requested != null) {
            try {
                long s = Long.parseLong(requested);
                if (s <= 0) {
                    throw new NumberFormatException();
                }
                expiry = Duration.ofSeconds(Math.min(s, expiry.getSeconds()));
            } catch (NumberFormatException e) {
                Wire.oauthError(response, 400, "invalid_request", "requested_expiry must be a positive integer");
                return;
            }
        }
        Instant now = clock.instant();
        housekeeping.accept(now);
        Request entry = new Request(Wire.randomId(), rp.clientId(), hint, message == null ? "" : message,
                ProviderConfiguration.requestedLevel(f.get("acr_values")), now.plus(expiry), interval, f.get("scope"));
        requests.put(entry.id, entry);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("auth_req_id", entry.id);
        body.put("expires_in", expiry.getSeconds());
        body.put("interval", entry.interval.getSeconds());
        Wire.json(response, 200, body);
    }

    /** The CIBA grant at the token endpoint, polled until the citizen answers. */
    void grant(Map<String, String> f, RelyingParty rp, ClassicHttpResponse response) {
        Request c = requests.get(f.getOrDefault("auth_req_id", ""));
        if (c == null || !c.clientId.equals(rp.clientId())) {
            Wire.oauthError(response, 400, "invalid_grant", "the auth_req_id is unknown");
            return;
        }
        Instant now = clock.instant();
        synchronized (c) {
            if ("issued".equals(c.decision)) {
                Wire.oauthError(response, 400, "invalid_grant", "the tokens of this auth_req_id were already issued");
                return;
            }
            if ("denied".equals(c.decision)) {
                Wire.oauthError(response, 400, "access_denied", "the citizen refused");
                return;
            }
            if (c.decision == null && !now.isBefore(c.expiresAt)) {
                Wire.oauthError(response, 400, "expired_token", "the request expired");
                return;
            }
            if (c.decision == null) {
                boolean tooFast = c.lastPoll != null && now.isBefore(c.lastPoll.plus(c.interval));
                c.lastPoll = now;
                if (tooFast) {
                    c.interval = c.interval.plusSeconds(5);
                    Wire.oauthError(response, 400, "slow_down", "poll at most every " + c.interval.getSeconds() + " s");
                } else {
                    Wire.oauthError(response, 400, "authorization_pending", "the citizen has not answered yet");
                }
                return;
            }
            c.decision = "issued";
        }
        String citizen = c.answeredBy != null ? c.answeredBy : c.idNumber;
        String sid = tokens.startSession();
        int accountLevel = population.get().byIdNumber(citizen).map(x -> population.get().vneidLevel(x)).orElse(1);
        Wire.json(response, 200, tokens.issue(rp, citizen, Math.min(c.level, accountLevel), sid, now, null,
                Wire.randomId(), c.scope));
    }

    /** The sandbox page standing in for the citizen's app: the pending requests, approve or deny each. */
    void controlPage(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if ("POST".equals(request.getMethod())) {
            Map<String, String> f = Wire.form(request);
            Request c = f == null ? null : requests.get(f.getOrDefault("id", ""));
            boolean ok = c != null && decide(c, "approve".equals(f.get("decision")), null);
            Wire.page(response, ok ? 200 : 400, ok ? "Recorded" : "Not pending",
                    "<p id=\"result\">" + (ok ? "Recorded." : "No such pending request.") + "</p><p><a href=\""
                            + ProviderConfiguration.PREFIX + "/sandbox/ciba\">Back</a></p>");
            return;
        }
        StringBuilder b = new StringBuilder("<p>Pending back-channel sign-ins (the citizen's app):</p><ul>");
        for (String[] p : pending()) {
            b.append("<li>").append(Wire.esc(p[1])).append(": &ldquo;").append(Wire.esc(p[2])).append("&rdquo; ");
            for (String d : List.of("approve", "deny")) {
                b.append("<form method=\"post\" style=\"display:inline\"><input type=\"hidden\" name=\"id\" value=\"")
                        .append(Wire.esc(p[0])).append("\"><button name=\"decision\" value=\"").append(d).append("\">")
                        .append(d).append("</button></form> ");
            }
            b.append("</li>");
        }
        Wire.page(response, 200, "VNeID app (sandbox)", b.append("</ul>").toString());
    }
}
