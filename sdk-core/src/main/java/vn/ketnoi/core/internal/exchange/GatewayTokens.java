package vn.ketnoi.core.internal.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.core.internal.ExchangeLayerError;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The agency's token at one gateway (DESIGN15 section 2): the application key and secret
 * exchanged at the gateway's token URL ({@code POST}, HTTP Basic, {@code grant_type=client_credentials}),
 * cached until 80 % of its life has passed, and forgotten when the gateway refuses it so that the
 * next request fetches a new one. One fetch at a time; callers wait for it rather than each asking.
 *
 * <p>The secret goes to the token URL only, in the {@code Authorization} header; neither it nor
 * the token is ever logged or put in a message. Thread-safe.
 */
public final class GatewayTokens {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayTokens.class);
    /** A token is used for this share of its life, then replaced. */
    static final double USE_SHARE = 0.8;

    private final Gateway gateway;
    private final BiFunction<KetnoiRequest, Instant, KetnoiResponse> sender;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile @Nullable Token current;

    /** @param sender sends the token request (network interceptors and logging, never a gateway credential) */
    public GatewayTokens(Gateway gateway, BiFunction<KetnoiRequest, Instant, KetnoiResponse> sender, Clock clock) {
        this.gateway = gateway;
        this.sender = sender;
        this.clock = clock;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** The cached token while it is within 80 % of its life, else {@code null}: lets a call skip the blocking path. */
    public @Nullable String cached() {
        Token t = current;
        return t != null && clock.instant().isBefore(t.refreshAt) ? t.value : null;
    }

    /** A token within 80 % of its life, fetched before {@code deadline} if none is cached. */
    public String token(Instant deadline) {
        String c = cached();
        if (c != null) {
            return c;
        }
        long waitMs = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
        try {
            if (!lock.tryLock(waitMs, TimeUnit.MILLISECONDS)) {
                throw new TransportException("Timed out waiting for the gateway token of " + gateway.name(),
                        "transport.timeout", null, true, false, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("Interrupted while waiting for a gateway token", "transport.timeout", null,
                    false, false, e);
        }
        try {
            c = cached();
            if (c != null) {
                return c; // another caller fetched it while we waited
            }
            Token t = fetch(deadline);
            current = t;
            return t.value;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets {@code token} if it is still the cached one: the gateway refused it. */
    public void invalidate(String token) {
        Token t = current;
        if (t != null && t.value.equals(token)) {
            current = null;
        }
    }

    private Token fetch(Instant deadline) {
        GatewayCredentials c = gateway.credentials();
        KetnoiRequest request = KetnoiRequest.builder("POST", c.tokenUrl())
                .header("Authorization", c.basicAuthorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .body("grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII))
                .operation("gateway.token")
                .idempotent(true)
                .build();
        Instant sentAt = clock.instant();
        KetnoiResponse response = sender.apply(request, deadline);
        if (response.status() != 200) {
            // The gateway's own answer, unsigned by nature: typed by its status, its text never trusted.
            throw ExchangeLayerError.gatewayError(response, "The gateway " + gateway.name() + " refused its token request");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.path("access_token").isTextual() || json.path("access_token").asText().isEmpty()
                || !json.path("expires_in").canConvertToLong() || json.path("expires_in").asLong() <= 0
                || !"bearer".equalsIgnoreCase(json.path("token_type").asText())) {
            throw new ExchangeLayerException("The gateway " + gateway.name()
                    + "'s token answer is not a bearer token with a positive expires_in", response.status(),
                    "gateway-error", null, false);
        }
        String value = json.get("access_token").asText();
        if (value.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
            throw new ExchangeLayerException("The gateway " + gateway.name() + "'s token is not printable ASCII",
                    response.status(), "gateway-error", null, false);
        }
        long lifetime = json.get("expires_in").asLong();
        Instant refreshAt = sentAt.plusMillis((long) (lifetime * 1000 * USE_SHARE));
        LOG.debug("Obtained a gateway token from {}, valid {} s", gateway.name(), lifetime);
        return new Token(value, refreshAt);
    }

    private record Token(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "GatewayToken[***, refreshAt=" + refreshAt + "]";
        }
    }
}
