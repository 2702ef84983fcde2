package vn.ketnoi.population;

import vn.ketnoi.core.exception.AccessDeniedException;
import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * A field asked for lies outside the agency's grant ({@code population.field-not-granted}, 403). {@link #fieldErrors()} names the fields.
 */
public class FieldNotGrantedException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    /**
     * Refines a provider error.
     *
     * @param source the provider error as mapped by the core
     */
    public FieldNotGrantedException(KetnoiServiceException source) {
        super(source);
    }
}
