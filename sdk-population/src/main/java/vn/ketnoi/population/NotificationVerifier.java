package vn.ketnoi.population;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.spi.ProviderJws;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.population.NotificationRejectedException.Check;

/**
 * Checks a change notification the provider POSTed to the agency's endpoint
 * ({@code docs/protocol.md} section 8.10): the {@code Ketnoi-Notification-Signature} header
 * against the provider's JWKS, the issuer and audience, the body digest, freshness, and replay of
 * the notification id. The endpoint hands it the raw headers and body bytes and applies the events
 * only when it returns. Thread-safe; keep one per endpoint (the replay memory lives in it).
 *
 * <pre>{@code
 * NotificationVerifier verifier = population.notificationVerifier();
 * // in the endpoint:
 * ChangeNotification n = verifier.verify(headers, body);   // NotificationRejectedException: answer 401
 * }</pre>
 */
public final class NotificationVerifier {
    /** The default longest age of a notification. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    static final String HEADER = "Ketnoi-Notification-Signature";
    static final String TYP = "ketnoi-notification+jwt";
    private static final int MAX_REMEMBERED = 100_000;

    private final ApiClient api;
    private final Clock clock;
    private final Duration maxAge;
    private final Duration skew;
    // Notification ids accepted, with when they may be forgotten (beyond maxAge they are stale anyway).
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    NotificationVerifier(ApiClient api, Duration maxAge) {
        this.api = api;
        this.clock = api.config().clock();
        this.maxAge = maxAge;
        this.skew = api.config().clockSkew();
    }

    /**
     * Verifies a notification.
     *
     * @param headers the request headers as received (names case-insensitive)
     * @param body    the exact body bytes as received
     * @return the notification, to apply
     * @throws NotificationRejectedException naming the failed check
     */
    public ChangeNotification verify(Map<String, List<String>> headers, byte[] body) {
        if (headers == null) {
            throw new InvalidInputException("headers", "is required");
        }
        if (body == null) {
            throw new InvalidInputException("body", "is required");
        }
        List<String> values = null;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(HEADER)) {
                values = values == null ? h.getValue() : List.of("", "");
            }
        }
        if (values == null || values.size() != 1 || values.get(0) == null) {
            throw reject(Check.SIGNATURE_MISSING, "the request must carry exactly one " + HEADER + " header");
        }
        ProviderJws.Verified jws;
        try {
            jws = api.providerJws().verify(values.get(0), TYP);
        } catch (ProviderJws.Refusal r) {
            throw reject(switch (r.failure()) {
                case MALFORMED -> Check.MALFORMED;
                case ALGORITHM_NOT_ALLOWED -> Check.ALGORITHM_NOT_ALLOWED;
                case UNKNOWN_KEY -> Check.UNKNOWN_KEY;
                case SIGNATURE_INVALID -> Check.SIGNATURE_INVALID;
            }, r.getMessage());
        }
        JsonNode claims;
        try {
            claims = Json.mapper().readTree(jws.payload());
        } catch (java.io.IOException e) {
            throw reject(Check.MALFORMED, "the signature's claims are not JSON");
        }
        if (claims == null || !claims.path("iss").isTextual() || !claims.path("aud").isTextual()
                || !claims.path("jti").isTextual() || !claims.path("bdh").isTextual()
                || !claims.path("iat").canConvertToLong()) {
            throw reject(Check.MALFORMED, "a claim is missing or of the wrong type");
        }
        if (!claims.get("iss").asText().equals(api.config().providerIssuer())
                || !claims.get("aud").asText().equals(api.config().agencyId())) {
            throw reject(Check.BINDING_MISMATCH, "the notification is not from this provider to this agency");
        }
        if (!claims.get("bdh").asText().equals(Jose.sha256(body))) {
            throw reject(Check.DIGEST_MISMATCH, "the body is not the one signed");
        }
        Instant now = clock.instant();
        Instant iat = Instant.ofEpochSecond(claims.get("iat").asLong());
        if (iat.isBefore(now.minus(maxAge)) || iat.isAfter(now.plus(skew))) {
            throw reject(Check.STALE, "the notification was signed outside the accepted window");
        }
        String jti = claims.get("jti").asText();
        ChangeNotification n = parse(body, jti);
        remember(jti, now, iat);
        return n;
    }

    private synchronized void remember(String jti, Instant now, Instant iat) {
        for (Iterator<Instant> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now)) {
                it.remove();
            } else {
                break;
            }
        }
        if (seen.containsKey(jti)) {
            throw reject(Check.REPLAYED, "this notification was already accepted");
        }
        if (seen.size() >= MAX_REMEMBERED) {
            // Refuse rather than forget an id still inside the window: forgetting would reopen replay.
            throw reject(Check.REPLAYED, "too many notifications inside the replay window");
        }
        seen.put(jti, iat.plus(maxAge).plus(skew));
    }

    private ChangeNotification parse(byte[] body, String jti) {
        try {
            JsonNode json = Json.mapper().readTree(new String(body, StandardCharsets.UTF_8));
            if (json == null || !jti.equals(json.path("notificationId").asText())) {
                throw reject(Check.BINDING_MISMATCH, "the body's notificationId is not the signed jti");
            }
            Instant sentAt = json.hasNonNull("sentAt") ? Instant.parse(json.get("sentAt").asText()) : null;
            List<ChangeEvent> events = new java.util.ArrayList<>();
            for (JsonNode e : json.path("events")) {
                events.add(PopulationAnswers.toEvent(e));
            }
            return new ChangeNotification(jti, sentAt, events);
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof NotificationRejectedException) {
                throw (NotificationRejectedException) e;
            }
            throw reject(Check.MALFORMED, "the body is not a change notification");
        }
    }

    private static NotificationRejectedException reject(Check check, String why) {
        return new NotificationRejectedException(check, "Change notification refused: " + why);
    }
}
