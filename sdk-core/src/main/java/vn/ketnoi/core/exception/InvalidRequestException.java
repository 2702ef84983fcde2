package vn.ketnoi.core.exception;

/**
 * The provider refused the request as malformed ({@code request.*} codes). {@link #fieldErrors()} names the refused fields when the provider said which.
 */
public class InvalidRequestException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(KetnoiServiceException source) {
        super(source);
    }
}
