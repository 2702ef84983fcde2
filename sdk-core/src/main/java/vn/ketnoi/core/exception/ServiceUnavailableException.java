package vn.ketnoi.core.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider failed or is unavailable ({@code server.internal}, {@code server.unavailable}).
 */
public class ServiceUnavailableException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /** How long the provider or gateway asked to wait; null when it did not say. */
    private final Duration retryAfter;

    /**
     * Refines a mapped provider error.
     *
     * @param source the provider error as the core mapped it
     */
    public ServiceUnavailableException(KetnoiServiceException source) {
        this(source, null);
    }

    /**
     * Refines a mapped provider error.
     *
     * @param source the provider error as the core mapped it
     * @param retryAfter the wait the provider asked for; null when none
     */
    public ServiceUnavailableException(KetnoiServiceException source, Duration retryAfter) {
        super(source);
        this.retryAfter = retryAfter;
    }

    /** {@return how long the provider asked the agency to wait (a 503's {@code Retry-After}), when it said} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
