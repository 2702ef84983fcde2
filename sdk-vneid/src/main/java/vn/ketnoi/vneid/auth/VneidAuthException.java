package vn.ketnoi.vneid.auth;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * The identity provider refused a request with an OAuth error (code {@code vneid.<endpoint>.<error>},
 * for example {@code vneid.token.invalid_grant} for a code used twice or
 * {@code vneid.authorize.access_denied} when the citizen cancelled), or the flow failed on the
 * client's side. Subclasses name the refusals an application acts upon.
 */
public class VneidAuthException extends KetnoiException {
    private static final long serialVersionUID = 1L;
    /** The OAuth error code the provider answered, if any. */
    private final String oauthError;

    /**
     * @param message    what went wrong, without personal data or secrets
     * @param statusCode the HTTP status, 0 when none
     * @param errorCode  the stable error code
     * @param oauthError the OAuth {@code error} value, or {@code null}
     * @param retryable  whether the same call may be made again
     * @param cause      the cause, or {@code null}
     */
    public VneidAuthException(String message, int statusCode, String errorCode, String oauthError, boolean retryable,
                              Throwable cause) {
        super(message, statusCode, errorCode, null, retryable, cause);
        this.oauthError = oauthError;
    }

    /** {@return the OAuth {@code error} value the provider sent, such as {@code invalid_grant}; {@code null} if none} */
    public String oauthError() {
        return oauthError;
    }

    /** The message without the code suffix, for a refusal re-thrown with a hint added. */
    final String reason() {
        return baseMessage();
    }
}
