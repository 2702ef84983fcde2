package vn.ketnoi.population;

import java.util.Objects;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * A position in the change feed. Opaque: store {@link #value()} after applying the events before
 * it, and resume from {@link #of(String)} after a restart.
 */
public final class ChangeCursor {
    private static final ChangeCursor BEGINNING = new ChangeCursor(null);

    private final String value;

    private ChangeCursor(String value) {
        this.value = value;
    }

    /** {@return the start of the retained history} */
    public static ChangeCursor beginning() {
        return BEGINNING;
    }

    /** {@return a cursor stored earlier} */
    public static ChangeCursor of(String value) {
        if (value == null || value.isBlank() || value.length() > 512 || !value.matches("[A-Za-z0-9_\\-.~]+")) {
            throw new InvalidInputException("cursor", "must be a cursor returned by the feed");
        }
        return new ChangeCursor(value);
    }

    /** {@return the value to store; {@code null} for {@link #beginning()}} */
    public String value() {
        return value;
    }

    public boolean isBeginning() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeCursor && Objects.equals(((ChangeCursor) o).value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return value == null ? "ChangeCursor[beginning]" : "ChangeCursor[" + value + "]";
    }
}
