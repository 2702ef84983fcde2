package vn.ketnoi.core.exception;

/**
 * A response came, but the SDK refused to trust it: its signature is missing or does not verify,
 * it answers another request, its body was altered, or it is not the JSON the protocol defines
 * ({@code response.*} codes). Its content is never handed to the caller.
 */
public class ResponseVerificationException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /**
     * An answer that failed verification.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param errorCode the check that failed
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param cause the underlying failure; null for none
     */
    public ResponseVerificationException(String message, int statusCode, String errorCode, String requestId,
                                         Throwable cause) {
        super(message, statusCode, errorCode, requestId, false, cause);
    }
}
