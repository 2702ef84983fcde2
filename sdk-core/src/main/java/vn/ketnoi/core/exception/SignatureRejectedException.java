package vn.ketnoi.core.exception;

/**
 * The provider refused the request's signature ({@code signature.*} codes): a tampered body, a replayed nonce, a stale timestamp, an unknown key... Only {@code signature.stale} is worth retrying, re-signed, after checking the clock.
 */
public class SignatureRejectedException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a mapped provider error.
     *
     * @param source the provider error as the core mapped it
     */
    public SignatureRejectedException(KetnoiServiceException source) {
        super(source);
    }
}
