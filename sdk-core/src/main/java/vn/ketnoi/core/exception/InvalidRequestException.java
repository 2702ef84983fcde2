package vn.ketnoi.core.exception;

/**
 * The provider refused the request as malformed ({@code request.*} codes). {@link #fieldErrors()} names the refused fields when the provider said which.
 */
public class InvalidRequestException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a mapped provider error.
     *
     * @param source the provider error as the core mapped it
     */
    public InvalidRequestException(KetnoiServiceException source) {
        super(source);
    }
}
