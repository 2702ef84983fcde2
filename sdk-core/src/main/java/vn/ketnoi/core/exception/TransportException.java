package vn.ketnoi.core.exception;

/**
 * No usable response came: the connection could not be made ({@code transport.connect-failed},
 * always safe to retry), it broke after the request may have reached the provider
 * ({@code transport.io}), or time ran out ({@code transport.timeout}). For the last two,
 * {@link #isRetryable()} is true only for requests that are safe to repeat, and
 * {@link #mayHaveBeenApplied()} tells a writer whether the provider may have acted.
 */
public class TransportException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /** Whether the request may have reached the provider and been acted on. */
    private final boolean mayHaveBeenApplied;

    /**
     * A failure of the connection or of its deadline.
     *
     * @param message what went wrong, without personal data or secrets
     * @param errorCode the SDK's code
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     * @param mayHaveBeenApplied whether the request may have reached the provider and been acted on
     * @param cause the underlying failure
     */
    public TransportException(String message, String errorCode, String requestId, boolean retryable,
                              boolean mayHaveBeenApplied, Throwable cause) {
        super(message, 0, errorCode, requestId, retryable, cause);
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    /** {@return true when the request may have reached the provider and been acted upon} */
    @Override
    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }
}
