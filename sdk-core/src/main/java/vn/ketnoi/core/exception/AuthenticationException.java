package vn.ketnoi.core.exception;

/**
 * The agency could not be authenticated: the token endpoint refused its client assertion (code {@code token.<oauth error>}, such as {@code token.invalid_client}), or an API refused its access token ({@code auth.token-missing}, {@code auth.token-invalid}).
 */
public class AuthenticationException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a mapped provider error.
     *
     * @param source the provider error as the core mapped it
     */
    public AuthenticationException(KetnoiServiceException source) {
        super(source);
    }
}
