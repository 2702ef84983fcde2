package vn.ketnoi.vneid.auth;

/**
 * The callback's {@code state} is missing or is not the one of the flow handed back: the response
 * belongs to another browser or another attempt (possible CSRF). Code {@code vneid.state-mismatch}.
 * Nothing was sent to the provider.
 */
public class StateMismatchException extends VneidAuthException {
    private static final long serialVersionUID = 1L;

    /** @param message what was wrong */
    public StateMismatchException(String message) {
        super(message, 0, "vneid.state-mismatch", null, false, null);
    }
}
