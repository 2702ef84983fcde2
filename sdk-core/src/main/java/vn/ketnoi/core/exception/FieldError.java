package vn.ketnoi.core.exception;

import java.util.Objects;

/**
 * One field a provider refused, from the {@code errors} member of a problem response.
 *
 * @param field   the wire name of the field, for example {@code birthDate}
 * @param problem what was wrong with it; never the value itself
 */
public record FieldError(String field, String problem) {
    /**
     * A field error; both parts are required.
     *
     * @param field the wire name of the field
     * @param problem what was wrong with it
     */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }
}
