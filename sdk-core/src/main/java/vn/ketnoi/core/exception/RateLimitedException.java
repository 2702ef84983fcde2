package vn.ketnoi.core.exception;

import java.time.Duration;
import java.util.Optional;

/** The agency's quota is spent ({@code rate-limited}, 429). Wait {@link #retryAfter()} before trying again. */
public class RateLimitedException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /** How long the provider asked to wait. */
    private final Duration retryAfter;

    /**
     * Refines a mapped {@code rate-limited} answer.
     *
     * @param source the provider error as the core mapped it
     * @param retryAfter the wait the provider asked for
     */
    public RateLimitedException(KetnoiServiceException source, Duration retryAfter) {
        super(source);
        this.retryAfter = retryAfter;
    }

    /** {@return how long the provider asked the agency to wait, when it said} */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
