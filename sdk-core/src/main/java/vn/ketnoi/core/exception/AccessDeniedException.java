package vn.ketnoi.core.exception;

/**
 * The agency is authenticated but has no right to what it asked for ({@code auth.forbidden}, and service-specific refusals such as a field outside the agency's grant).
 */
public class AccessDeniedException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a mapped provider error.
     *
     * @param source the provider error as the core mapped it
     */
    public AccessDeniedException(KetnoiServiceException source) {
        super(source);
    }
}
