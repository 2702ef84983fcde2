package vn.ketnoi.civilstatus;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * The civil-status register has no such registration ({@code civil-status.registration-not-found}, 404).
 */
public class RegistrationNotFoundException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a provider error.
     *
     * @param source the provider error as mapped by the core
     */
    public RegistrationNotFoundException(KetnoiServiceException source) {
        super(source);
    }
}
