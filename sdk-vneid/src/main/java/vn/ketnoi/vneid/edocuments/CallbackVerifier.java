package vn.ketnoi.vneid.edocuments;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.vneid.edocuments.internal.DocumentJws;
import vn.ketnoi.vneid.edocuments.internal.ProviderSigned;

/**
 * Checks the status callbacks the wallet pushes to the agency (protocol section 10.7) before
 * anything acts on them: the provider's signature (with the keys of its JWKS), the issuer and
 * audience, the body digest, freshness and uniqueness.
 *
 * <pre>{@code
 * CallbackVerifier callbacks = edocs.callbackVerifier();   // on the e-documents client's runtime
 * // in the agency's HTTP handler for its callback URL:
 * try {
 *     DocumentStatusEvent event = callbacks.verify(request.getHeader("Ketnoi-Signature"), bodyBytes);
 *     ... record event.status() for event.documentId() ...
 *     respond(204);
 * } catch (CallbackRejectedException e) {
 *     respond(CallbackRejectedException.HTTP_STATUS);
 * }
 * }</pre>
 *
 * <p>Replay protection remembers accepted event ids in memory, for the freshness window plus the
 * clock skew; an agency that runs several instances behind one callback URL plugs in a shared
 * store with {@link Builder#replayGuard(ReplayGuard)}. Thread-safe; close it when done.
 */
public final class CallbackVerifier implements AutoCloseable {
    private static final String TYP = "ketnoi-callback+jwt";

    /**
     * Remembers which events were accepted, so that a captured callback cannot be sent again.
     * Must be thread-safe; may be backed by a shared store (a database table with a unique key,
     * a cache with a set-if-absent operation).
     */
    @FunctionalInterface
    public interface ReplayGuard {
        /**
         * Records the event id unless it was recorded before.
         *
         * @param eventId the event's id (the JWS {@code jti})
         * @param forgetAfter when the id may be forgotten: a callback signed before it would be stale anyway
         * @return true the first time an id is seen, false for a repeat
         */
        boolean firstUse(String eventId, Instant forgetAfter);
    }

    private final ProviderSigned provider;
    private final Duration maxAge;
    private final ReplayGuard replay;

    private CallbackVerifier(Builder b) {
        this.provider = b.runtime != null ? new ProviderSigned(b.runtime) : new ProviderSigned(b.config);
        this.maxAge = b.maxAge;
        this.replay = b.replay != null ? b.replay : new InMemoryGuard(b.config.clock());
    }

    /**
     * A builder.
     *
     * @param config the agency's configuration: the provider's issuer and key set, the agency id
     *               (the callbacks' audience), the clock and its skew
     * @return the builder
     */
    public static Builder builder(ClientConfig config) {
        return new Builder(config, null);
    }

    /**
     * A builder on a shared runtime: the verifier uses its connection pool and the provider's keys
     * it caches, and never closes it.
     *
     * @param runtime the runtime of the agency's configuration
     * @return the builder
     */
    public static Builder builder(KetnoiRuntime runtime) {
        if (runtime == null) {
            throw new InvalidInputException("runtime", "is required");
        }
        return new Builder(runtime.config(), runtime);
    }

    /**
     * A builder on the runtime of an e-documents client: the verifier uses the client's connection
     * pool and the provider's keys the client already caches, and works as long as the client is
     * open. For an application that only verifies (an offline checkpoint), build it from a
     * configuration or a runtime instead.
     *
     * @param client the e-documents client whose runtime the verifier shares
     * @return the builder
     */
    public static Builder builder(EdocumentsClient client) {
        if (client == null) {
            throw new InvalidInputException("client", "is required");
        }
        return builder(client.runtime());
    }

    /**
     * Verifies one callback.
     *
     * @param signatureHeader the value of the request's {@code Ketnoi-Signature} header (null when absent)
     * @param body the request body, exactly as received
     * @return the event
     * @throws CallbackRejectedException when any check fails; do not act on the callback
     */
    public DocumentStatusEvent verify(String signatureHeader, byte[] body) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new CallbackRejectedException("callback.signature-missing", "no Ketnoi-Signature header");
        }
        if (body == null) {
            throw new InvalidInputException("body", "is required: the request body as received");
        }
        byte[] jws;
        try {
            jws = provider.verify(signatureHeader.strip(), TYP);
        } catch (ProviderSigned.Refusal r) {
            String code = switch (r.code()) {
                case "unknown-key" -> "callback.unknown-key";
                case "signature-invalid" -> "callback.signature-invalid";
                default -> "callback.signature-malformed";
            };
            throw new CallbackRejectedException(code, r.getMessage());
        }
        JsonNode claims = json(jws, "callback.signature-malformed");
        ClientConfig config = provider.config();
        if (!config.providerIssuer().equals(claims.path("iss").asText(null))
                || !config.agencyId().equals(claims.path("aud").asText(null))) {
            throw new CallbackRejectedException("callback.binding-mismatch",
                    "the callback was not issued by the configured provider for this agency");
        }
        byte[] expected = Base64.getUrlEncoder().withoutPadding().encode(DocumentJws.sha256(body));
        byte[] signed = claims.path("bdh").asText("").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signed)) {
            throw new CallbackRejectedException("callback.digest-mismatch", "the body is not the one the provider signed");
        }
        if (!claims.path("iat").canConvertToLong() || !claims.path("jti").isTextual()) {
            throw new CallbackRejectedException("callback.signature-malformed", "iat or jti is missing");
        }
        Instant now = config.clock().instant();
        Instant iat = Instant.ofEpochSecond(claims.get("iat").asLong());
        Duration skew = config.clockSkew();
        if (iat.isAfter(now.plus(skew)) || iat.plus(maxAge).plus(skew).isBefore(now)) {
            throw new CallbackRejectedException("callback.stale", "signed at " + iat + ", outside the accepted window");
        }
        JsonNode event = json(body, "callback.malformed");
        String eventId = claims.get("jti").asText();
        if (!eventId.equals(event.path("eventId").asText(null))) {
            throw new CallbackRejectedException("callback.binding-mismatch", "the signed jti is not the body's eventId");
        }
        DocumentStatusEvent parsed;
        try {
            parsed = new DocumentStatusEvent(eventId, event.path("event").asText(), text(event, "documentId"),
                    event.path("version").asInt(), DocumentStatus.fromWire(text(event, "status")),
                    event.hasNonNull("previousStatus") ? DocumentStatus.fromWire(event.get("previousStatus").asText()) : null,
                    event.hasNonNull("reason") ? event.get("reason").asText() : null,
                    Instant.parse(text(event, "occurredAt")));
        } catch (RuntimeException e) {
            throw new CallbackRejectedException("callback.malformed", "the body is not a status event");
        }
        // Recorded last, so that a forged or broken callback cannot burn a real event's id.
        if (!replay.firstUse(eventId, iat.plus(maxAge).plus(skew))) {
            throw new CallbackRejectedException("callback.replayed", "event " + Untrusted.text(eventId, 128) + " was already accepted");
        }
        return parsed;
    }

    @Override
    public void close() {
        provider.close();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(field);
        }
        return v.asText();
    }

    private static JsonNode json(byte[] bytes, String code) {
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new CallbackRejectedException(code, "not a JSON object");
    }

    /** Event ids held until they could no longer be fresh; expired ones swept on the way. */
    private static final class InMemoryGuard implements ReplayGuard {
        private static final int SWEEP_EVERY = 256;
        private final java.time.Clock clock;
        private final Map<String, Instant> seen = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        InMemoryGuard(java.time.Clock clock) {
            this.clock = clock;
        }

        @Override
        public boolean firstUse(String eventId, Instant forgetAfter) {
            if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
                Instant now = clock.instant();
                for (Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator(); it.hasNext(); ) {
                    if (it.next().getValue().isBefore(now)) {
                        it.remove();
                    }
                }
            }
            return seen.putIfAbsent(eventId, forgetAfter) == null;
        }
    }

    /** Builder of a {@link CallbackVerifier}; not thread-safe. */
    public static final class Builder {
        private final ClientConfig config;
        private final KetnoiRuntime runtime;
        private Duration maxAge = Duration.ofMinutes(5);
        private ReplayGuard replay;

        private Builder(ClientConfig config, KetnoiRuntime runtime) {
            if (config == null) {
                throw new InvalidInputException("config", "is required");
            }
            this.config = config;
            this.runtime = runtime;
        }

        /**
         * How old a callback's signature may be (plus the configured clock skew). Five minutes by
         * default: the provider signs each delivery attempt afresh.
         *
         * @param maxAge 10 seconds to 1 hour
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.compareTo(Duration.ofSeconds(10)) < 0 || maxAge.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException("maxAge", "must be between 10 seconds and 1 hour");
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Where accepted event ids are remembered; in memory by default.
         *
         * @param guard a thread-safe guard, shared by every instance behind one callback URL
         * @return this builder
         */
        public Builder replayGuard(ReplayGuard guard) {
            if (guard == null) {
                throw new InvalidInputException("replayGuard", "must not be null");
            }
            this.replay = guard;
            return this;
        }

        /** @return the verifier */
        public CallbackVerifier build() {
            return new CallbackVerifier(this);
        }
    }
}
