package vn.ketnoi.civilstatus;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * The event is already registered for this citizen, such as a second death
 * ({@code civil-status.already-registered}, 409). Sending it again changes nothing.
 */
public class AlreadyRegisteredException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a provider error.
     *
     * @param source the provider error as mapped by the core
     */
    public AlreadyRegisteredException(KetnoiServiceException source) {
        super(source);
    }
}
