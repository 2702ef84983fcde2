package vn.ketnoi.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception the SDK throws. All are unchecked.
 *
 * <p>Each carries what an integrator needs to decide what to do next: the HTTP status (0 when no
 * response came), a stable error code from the catalogue in {@code docs/errors.md}, the id of the
 * request it concerns (the {@code X-Road-Id} header, {@code null} before a request was made), and
 * whether sending the same request again is safe. Messages never contain personal data or secrets.
 */
public class KetnoiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status; 0 when there was none. */
    private final int statusCode;
    /** The error code of docs/errors.md. */
    private final String errorCode;
    /** The exchange's {@code X-Road-Id}, if known. */
    private final @Nullable String requestId;
    /** Whether repeating the call may succeed. */
    private final boolean retryable;

    /**
     * A failure of a Ketnoi call.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param errorCode the code of docs/errors.md
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     * @param cause the underlying failure; null for none
     */
    public KetnoiException(String message, int statusCode, String errorCode, @Nullable String requestId,
                           boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.retryable = retryable;
    }

    /** {@return HTTP status of the response this error came from, or 0 when no response was received} */
    public int statusCode() {
        return statusCode;
    }

    /** {@return stable error code, such as {@code population.citizen-not-found}; never {@code null}} */
    public String errorCode() {
        return errorCode;
    }

    /** {@return the {@code X-Road-Id} of the request, or {@code null} when the error arose before sending} */
    public @Nullable String requestId() {
        return requestId;
    }

    /**
     * Whether the provider may have acted on the request. False unless the request may have
     * reached the provider and its outcome is unknown: see {@link TransportException} and
     * {@link WriteOutcomeUnknownException}. A provider's signed refusal, a rejection by the SDK
     * and an input error all mean the request was not applied.
     *
     * @return whether the provider may have acted on the request
     */
    public boolean mayHaveBeenApplied() {
        return false;
    }

    /** {@return whether sending the same request again may succeed and cannot cause a duplicate effect} */
    public boolean isRetryable() {
        return retryable;
    }

    /** {@return the message without the code, status and request id suffix} */
    protected final String baseMessage() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(String.valueOf(super.getMessage()));
        sb.append(" [code=").append(errorCode);
        if (statusCode > 0) {
            sb.append(", status=").append(statusCode);
        }
        if (requestId != null) {
            sb.append(", requestId=").append(requestId);
        }
        sb.append(", retryable=").append(retryable).append(']');
        return sb.toString();
    }
}
