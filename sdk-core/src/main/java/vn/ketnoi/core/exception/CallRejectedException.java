package vn.ketnoi.core.exception;

/**
 * The SDK refused the call before sending anything, to protect the provider or the application:
 * the circuit breaker is open, too many calls are in flight, or the client-side rate limit is
 * reached. Nothing reached the provider, so a write was certainly not applied.
 * {@link #isRetryable()} is false: trying again at once would be refused the same way.
 */
public class CallRejectedException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /**
     * A call refused before it was sent.
     *
     * @param message what went wrong, without personal data or secrets
     * @param errorCode the SDK's code
     */
    public CallRejectedException(String message, String errorCode) {
        super(message, 0, errorCode, null, false, null);
    }
}
