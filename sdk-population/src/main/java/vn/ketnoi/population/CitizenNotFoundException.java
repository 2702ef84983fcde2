package vn.ketnoi.population;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * No record in the population database has the ID number given ({@code population.citizen-not-found}, 404).
 */
public class CitizenNotFoundException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a provider error.
     *
     * @param source the provider error as mapped by the core
     */
    public CitizenNotFoundException(KetnoiServiceException source) {
        super(source);
    }
}
