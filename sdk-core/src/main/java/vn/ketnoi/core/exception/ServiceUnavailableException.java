package vn.ketnoi.core.exception;

/**
 * The provider failed or is unavailable ({@code server.internal}, {@code server.unavailable}).
 */
public class ServiceUnavailableException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(KetnoiServiceException source) {
        super(source);
    }
}
