package vn.ketnoi.core.internal.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.internal.ExchangeLayerError;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.crypto.RequestSigner;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Obtains, caches and refreshes the agency's access token (client credentials with
 * {@code private_key_jwt}, {@code docs/protocol.md} section 2).
 *
 * <p>One token serves every call until it nears expiry. Ahead of expiry one caller refreshes while
 * the others go on with the current token; once it has expired, callers wait for the one refresh
 * in flight rather than each asking for a token.
 */
public final class TokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(TokenProvider.class);
    private static final Duration MIN_REFRESH_MARGIN = Duration.ofSeconds(30);

    private final URI tokenEndpoint;
    private final String audience;
    private final String agencyId;
    private final String scope;
    private final RequestSigner signer;
    private final BiFunction<KetnoiRequest, Instant, KetnoiResponse> sender;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile AccessToken current;

    /** @param audience the client assertion's {@code aud}: the provider's issuer identifier */
    public TokenProvider(URI tokenEndpoint, String audience, String agencyId, String scope, RequestSigner signer,
                         BiFunction<KetnoiRequest, Instant, KetnoiResponse> sender, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.audience = audience;
        this.agencyId = agencyId;
        this.scope = scope;
        this.signer = signer;
        this.sender = sender;
        this.clock = clock;
    }

    /** A valid access token, obtained before {@code deadline} if none is cached. */
    public String token(Instant deadline) {
        AccessToken t = current;
        Instant now = clock.instant();
        if (t != null && now.isBefore(t.refreshAt)) {
            return t.value;
        }
        if (t != null && now.isBefore(t.expiresAt)) {
            // Still valid: refresh ahead if nobody else is, otherwise keep using it.
            if (lock.tryLock()) {
                try {
                    if (current == t) {
                        current = fetch(deadline);
                    }
                    return current.value;
                } catch (KetnoiException e) {
                    LOG.debug("Refreshing the access token ahead of expiry failed ({}); using the current one", e.errorCode());
                    return t.value;
                } finally {
                    lock.unlock();
                }
            }
            return t.value;
        }
        acquire(deadline);
        try {
            AccessToken now2 = current;
            if (now2 != null && now2 != t && clock.instant().isBefore(now2.expiresAt)) {
                return now2.value; // another caller refreshed while we waited
            }
            current = fetch(deadline);
            return current.value;
        } finally {
            lock.unlock();
        }
    }

    /** The cached token if it needs no refresh yet, else {@code null}: lets a call skip the blocking path. */
    public String cached() {
        AccessToken t = current;
        return t != null && clock.instant().isBefore(t.refreshAt) ? t.value : null;
    }

    /** When the cached token expires; {@code null} when none has been obtained yet (or it was invalidated). */
    public Instant expiresAt() {
        AccessToken t = current;
        return t == null ? null : t.expiresAt;
    }

    /** Forgets the token if it is still the cached one; the provider said it is no longer valid. */
    public void invalidate(String token) {
        AccessToken t = current;
        if (t != null && t.value.equals(token)) {
            current = null;
        }
    }

    private void acquire(Instant deadline) {
        long waitMs = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
        try {
            if (!lock.tryLock(waitMs, TimeUnit.MILLISECONDS)) {
                throw new TransportException("Timed out waiting for an access token", "transport.timeout", null,
                        true, false, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting for an access token", "transport.timeout", null,
                    false, false, e);
        }
    }

    private AccessToken fetch(Instant deadline) {
        String form = "grant_type=client_credentials"
                + "&client_id=" + enc(agencyId)
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc(signer.clientAssertion(audience))
                + "&scope=" + enc(scope);
        KetnoiRequest request = KetnoiRequest.builder("POST", tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .body(form.getBytes(StandardCharsets.US_ASCII))
                .operation("oauth2.token")
                .idempotent(true)
                .build();
        Instant sentAt = clock.instant();
        KetnoiResponse response = sender.apply(request, deadline);
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (java.io.IOException e) {
            json = null;
        }
        if (response.status() != 200 && !ExchangeLayerError.isOAuthError(response)) {
            // Not the token endpoint's OAuth refusal: a gateway's own answer (401, 429, 502, an HTML page...).
            throw ExchangeLayerError.gatewayError(response, "The exchange layer answered instead of the token endpoint");
        }
        if (response.status() != 200) {
            // Token endpoint answers are unsigned: their text is anyone's on the path.
            String error = json != null && json.hasNonNull("error")
                    ? Untrusted.text(json.get("error").asText(), 64) : "http_" + response.status();
            String description = json != null && json.hasNonNull("error_description")
                    ? Untrusted.text(Masking.text(json.get("error_description").asText())) : "no description";
            boolean retryable = response.status() >= 500 || response.status() == 429;
            // invalid_client is most often a key id the provider did not register: name the one sent
            // (not secret; the description's copy of it may be masked as a token-like run).
            String sent = "invalid_client".equals(error)
                    ? " [key id sent: '" + Untrusted.text(signer.keyId(), 100) + "']" : "";
            throw new AuthenticationException(new KetnoiServiceException(
                    "The token endpoint refused the agency: " + error + " (" + description + ")" + sent,
                    response.status(), "token." + error, null, retryable, error, description, null));
        }
        // Section 2: expires_in is required, a positive integer; a lifetime is never guessed.
        JsonNode expiresIn = json == null ? null : json.get("expires_in");
        if (json == null || !json.hasNonNull("access_token") || json.get("access_token").asText().isEmpty()
                || expiresIn == null || !expiresIn.isIntegralNumber() || !expiresIn.canConvertToLong()
                || expiresIn.asLong() < 1 || !"bearer".equalsIgnoreCase(json.path("token_type").asText())) {
            throw new ResponseVerificationException("The token endpoint's answer is not a bearer token response"
                    + " (access_token, token_type Bearer and a positive integer expires_in are required)",
                    response.status(), "response.malformed", null, null);
        }
        long lifetime = expiresIn.asLong();
        Instant expiresAt = sentAt.plusSeconds(lifetime);
        // Refresh once less than max(30 s, 20 %) remains, never in the first half of the life: a
        // short-lived token (30 s or less) would otherwise need refreshing at once, a token per call.
        Duration margin = Duration.ofMillis(Math.min(
                Math.max(MIN_REFRESH_MARGIN.toMillis(), lifetime * 1000 / 5), lifetime * 1000 / 2));
        LOG.debug("Obtained an access token for scope '{}', valid {} s", scope, lifetime);
        return new AccessToken(json.get("access_token").asText(), expiresAt.minus(margin), expiresAt);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private record AccessToken(String value, Instant refreshAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[***, expiresAt=" + expiresAt + "]";
        }
    }
}
