package vn.ketnoi.vneid.auth;

/**
 * The {@link LoginState} handed back cannot be used; nothing was sent to the provider and the
 * citizen must start the sign-in again. Codes:
 * <ul>
 *   <li>{@code vneid.login-state.expired}: older than {@link VneidAuthConfig#loginStateMaxAge()};</li>
 *   <li>{@code vneid.login-state.tampered}: its fields are not the ones this client sealed (edited,
 *       for example a lowered level, or sealed under another login-state key: configure the same
 *       {@link VneidAuthConfig.Builder#loginStateKey(byte[])} on every instance that may receive the
 *       callback).</li>
 * </ul>
 */
public class LoginStateException extends VneidAuthException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message   what was wrong, without secrets
     * @param errorCode {@code vneid.login-state.expired} or {@code vneid.login-state.tampered}
     */
    public LoginStateException(String message, String errorCode) {
        super(message, 0, errorCode, null, false, null);
    }
}
