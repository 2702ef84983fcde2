package vn.ketnoi.population;

import vn.ketnoi.core.exception.AccessDeniedException;
import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * A field asked for may only be disclosed with the citizen's consent, and no valid consent token was given ({@code population.consent-required}, 403).
 */
public class ConsentRequiredException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a provider error.
     *
     * @param source the provider error as mapped by the core
     */
    public ConsentRequiredException(KetnoiServiceException source) {
        super(source);
    }
}
