package vn.ketnoi.vneid.auth;

/**
 * An ID token (or signed userinfo, or authorization response) failed a check; {@link #check()}
 * says which one. Error code {@code vneid.token-check.<check code>}. Never retryable: the token
 * must be thrown away and the sign-in started again.
 */
public class TokenValidationException extends VneidAuthException {
    private static final long serialVersionUID = 1L;
    /** The check the token failed. */
    private final TokenCheck check;

    /**
     * @param check   the failed check
     * @param message what was wrong, without the token or personal data
     * @param cause   the cause, or {@code null}
     */
    public TokenValidationException(TokenCheck check, String message, Throwable cause) {
        super(check.code() + " check failed: " + message, 0, "vneid.token-check." + check.code(), null, false, cause);
        this.check = check;
    }

    /** {@return the check that failed} */
    public TokenCheck check() {
        return check;
    }
}
