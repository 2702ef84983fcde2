package vn.ketnoi.vneid.auth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.auth.internal.OidcHttp;
import vn.ketnoi.vneid.auth.internal.ProviderMetadata;

/**
 * Counter sign-in with OpenID CIBA in poll mode: the back-channel request, one poll (its
 * {@code auth_req_id} sent once, like a code), and the loop that waits at the provider's interval,
 * slowing down on {@code slow_down} and giving up past the announced expiry.
 */
final class Ciba {
    private static final String CIBA_GRANT = "urn:openid:params:grant-type:ciba";
    private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    private final VneidAuthConfig config;
    private final OidcHttp http;
    private final Discovery discovery;
    private final Claims claims;
    private final TokenRequests tokens;

    Ciba(VneidAuthConfig config, OidcHttp http, Discovery discovery, Claims claims, TokenRequests tokens) {
        this.config = config;
        this.http = http;
        this.discovery = discovery;
        this.claims = claims;
        this.tokens = tokens;
    }

    /** Starts a request: see {@link VneidAuthClient#startCiba(PersonalIdNumber, String, AssuranceLevel, Duration)}. */
    CibaRequest start(PersonalIdNumber citizen, String bindingMessage, AssuranceLevel level,
                      Duration requestedExpiry) {
        if (citizen == null) {
            throw new InvalidInputException("citizen", "is required");
        }
        if (bindingMessage == null || bindingMessage.isBlank()) {
            throw new InvalidInputException("bindingMessage", "is required");
        }
        if (bindingMessage.length() > 64 || bindingMessage.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("bindingMessage", "must be at most 64 characters without control characters");
        }
        if (requestedExpiry != null && (requestedExpiry.isNegative() || requestedExpiry.isZero())) {
            throw new InvalidInputException("requestedExpiry", "must be positive");
        }
        AssuranceLevel lvl = level != null && level.isAtLeast(config.minimumLevel()) ? level : config.minimumLevel();
        ProviderMetadata md = discovery.metadata();
        if (md.backchannelAuthenticationEndpoint() == null) {
            throw new VneidAuthException("the provider has no backchannel_authentication_endpoint", 0,
                    "vneid.ciba.unsupported", null, false, null);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", String.join(" ", discovery.scopes(md)));
        form.put("login_hint", citizen.value());
        form.put("binding_message", bindingMessage);
        form.put("acr_values", Discovery.acrValue(md, lvl));
        form.put("requested_expiry", requestedExpiry == null ? null : String.valueOf(Math.max(1,
                requestedExpiry.getSeconds())));
        form.put("client_id", config.clientId());
        tokens.addClientAssertion(form, config.issuer());
        KetnoiResponse r = http.postForm(md.backchannelAuthenticationEndpoint(), form, "vneid.bc-authorize", false);
        if (r.status() != 200) {
            throw tokens.withClockHint(OidcHttp.oauthError(r, "bc-authorize"), r);
        }
        JsonNode body = OidcHttp.json(r, "bc-authorize");
        String id = body.path("auth_req_id").asText(null);
        long expiresIn = body.path("expires_in").asLong(0);
        if (id == null || id.isEmpty() || expiresIn <= 0) {
            throw new VneidAuthException("the bc-authorize response lacks auth_req_id or expires_in", r.status(),
                    "vneid.bc-authorize.invalid-response", null, false, null);
        }
        // CIBA Core 7.3: without an interval the client waits 5 seconds.
        long interval = body.path("interval").asLong(5);
        return new CibaRequest(id, config.clock().instant().plusSeconds(expiresIn),
                Duration.ofSeconds(Math.max(1, interval)), lvl, claims.citizenBinding(citizen.value()));
    }

    /** Polls once: see {@link VneidAuthClient#pollCiba(CibaRequest)}. */
    CibaOutcome poll(CibaRequest request) {
        Objects.requireNonNull(request, "request");
        ProviderMetadata md = discovery.metadata();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", CIBA_GRANT);
        form.put("auth_req_id", request.authReqId());
        form.put("client_id", config.clientId());
        tokens.addClientAssertion(form, md.tokenEndpoint().toString());
        KetnoiResponse r = tokens.sendOnce(md.tokenEndpoint(), form, "vneid.token.ciba");
        if (r.status() == 200) {
            return new CibaOutcome(CibaOutcome.Status.APPROVED, request, tokens.audited("vneid.ciba", r, null, request.level(),
                    request.citizenBinding()));
        }
        VneidAuthException e = tokens.withClockHint(OidcHttp.oauthError(r, "token"), r);
        String error = e.oauthError() == null ? "" : e.oauthError();
        switch (error) {
            case "authorization_pending":
                return new CibaOutcome(CibaOutcome.Status.PENDING, request, null);
            case "slow_down":
                return new CibaOutcome(CibaOutcome.Status.SLOW_DOWN,
                        request.withInterval(request.interval().plus(SLOW_DOWN_STEP)), null);
            case "access_denied":
                return new CibaOutcome(CibaOutcome.Status.DENIED, request, null);
            case "expired_token":
                return new CibaOutcome(CibaOutcome.Status.EXPIRED, request, null);
            default:
                throw e;
        }
    }

    /** Polls until a final outcome: see {@link VneidAuthClient#awaitCiba(CibaRequest)}. */
    CibaOutcome await(CibaRequest request) {
        Objects.requireNonNull(request, "request");
        CibaRequest current = request;
        while (true) {
            sleep(current.interval());
            CibaOutcome o = poll(current);
            if (o.status().isFinal()) {
                return o;
            }
            current = o.request();
            if (config.clock().instant().isAfter(current.expiresAt().plus(current.interval()).plus(config.clockSkew()))) {
                // The provider keeps answering "pending" past the expiry it announced.
                return new CibaOutcome(CibaOutcome.Status.EXPIRED, current, null);
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VneidAuthException("interrupted while waiting to poll", 0, "vneid.ciba.interrupted", null, true, e);
        }
    }
}
