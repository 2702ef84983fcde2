package vn.ketnoi.core.exception;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A gateway could not reach the provider or is itself unwell (502, 503 or 504 without a provider
 * signature, {@code exchange.gateway-unavailable}). Retryable for an idempotent request. After a
 * 502 or 504 a write may have reached the provider and been applied ({@link #mayHaveBeenApplied()}):
 * settle it by its idempotency key.
 */
public class GatewayUnavailableException extends ExchangeLayerException {
    private static final long serialVersionUID = 1L;

    /** How long the provider or gateway asked to wait; null when it did not say. */
    private final @Nullable Duration retryAfter;

    /**
     * The gateway or the network behind it is unavailable.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     * @param mayHaveBeenApplied whether the request may have reached the provider and been acted on
     * @param retryAfter the wait asked for; null when none
     */
    public GatewayUnavailableException(String message, int statusCode, @Nullable String requestId, boolean retryable,
                                       boolean mayHaveBeenApplied, @Nullable Duration retryAfter) {
        super(message, statusCode, "gateway-unavailable", requestId, retryable, mayHaveBeenApplied);
        this.retryAfter = retryAfter;
    }

    /** {@return how long the gateway asked the agency to wait ({@code Retry-After} in seconds), when it said} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
