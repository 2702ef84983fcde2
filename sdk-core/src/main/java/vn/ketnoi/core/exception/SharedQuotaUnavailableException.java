package vn.ketnoi.core.exception;

/**
 * The shared rate limit's store ({@link vn.ketnoi.core.RateLimitStore}, such as a Redis server)
 * could not be reached in time, and its policy is to refuse rather than guess
 * ({@code client.rate-limit-unavailable}). Nothing was sent, so a write was certainly not applied;
 * {@link #isRetryable()} is true: the call may succeed once the store answers again.
 */
public class SharedQuotaUnavailableException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /**
     * A call refused because the shared quota could not be consulted.
     *
     * @param scope the resilience scope
     * @param cause why the store did not answer (its class only is kept in the message)
     */
    public SharedQuotaUnavailableException(String scope, Throwable cause) {
        super("The shared rate limit for '" + scope + "' could not be consulted ("
                + (cause == null ? "no answer" : cause.getClass().getSimpleName())
                + "); the call was not sent", 0, "client.rate-limit-unavailable", null, true, cause);
    }
}
