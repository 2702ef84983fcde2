package vn.ketnoi.population;

import java.time.Instant;
import java.util.Objects;

import vn.ketnoi.core.logging.Masking;

/**
 * A value another agency pushed into the population database (section 8.11), as a lookup returns
 * it: the value, the agency that is its source, and the time it was true as of. Immutable.
 *
 * @param field        which field
 * @param value        the value; personal data
 * @param sourceAgency the id of the agency that pushed it
 * @param asOf         the time the source says the value held
 */
public record IntegratedField(SourceField field, String value, String sourceAgency, Instant asOf) {
    /**
     * Checks that every part is present.
     *
     * @param field which field
     * @param value the value
     * @param sourceAgency the agency that pushed it
     * @param asOf when the value held
     */
    public IntegratedField {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sourceAgency, "sourceAgency");
        Objects.requireNonNull(asOf, "asOf");
    }

    /** The value masked: it identifies the citizen as well as their ID number does. */
    @Override
    public String toString() {
        return "IntegratedField[" + field + ", value=" + Masking.secret(value) + ", source=" + sourceAgency + ", asOf="
                + asOf + "]";
    }
}
