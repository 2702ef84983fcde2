package vn.ketnoi.core.exception;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A gateway's quota for the agency's application is spent (429 without a provider signature,
 * {@code exchange.quota-exceeded}). Retryable for an idempotent request after
 * {@link #retryAfter()}; the provider never saw the call.
 */
public class QuotaExceededException extends ExchangeLayerException {
    private static final long serialVersionUID = 1L;

    /** How long the provider or gateway asked to wait; null when it did not say. */
    private final @Nullable Duration retryAfter;

    /**
     * The gateway refused the call: the agency's quota is used up.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     * @param retryAfter the wait asked for; null when none
     */
    public QuotaExceededException(String message, int statusCode, @Nullable String requestId, boolean retryable,
                                  @Nullable Duration retryAfter) {
        super(message, statusCode, "quota-exceeded", requestId, retryable, false);
        this.retryAfter = retryAfter;
    }

    /** {@return how long the gateway asked the agency to wait ({@code Retry-After} in seconds), when it said} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
