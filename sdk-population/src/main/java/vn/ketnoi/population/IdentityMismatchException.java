package vn.ketnoi.population;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * The ID number exists, but the full name or the date of birth given does not match the record ({@code population.identity-mismatch}, 422). The provider does not say which, on purpose: that would disclose the record.
 */
public class IdentityMismatchException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a provider error.
     *
     * @param source the provider error as mapped by the core
     */
    public IdentityMismatchException(KetnoiServiceException source) {
        super(source);
    }
}
