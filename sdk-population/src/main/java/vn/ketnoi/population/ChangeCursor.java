package vn.ketnoi.population;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * A position in the change feed. Opaque: store {@link #value()} after applying the events before
 * it, and resume from {@link #of(String)} after a restart.
 */
public final class ChangeCursor {
    private static final ChangeCursor BEGINNING = new ChangeCursor(null);

    private final @Nullable String value;

    private ChangeCursor(@Nullable String value) {
        this.value = value;
    }

    /** {@return the start of the retained history} */
    public static ChangeCursor beginning() {
        return BEGINNING;
    }

    /**
     * A cursor stored earlier.
     *
     * @param value what {@link #value()} returned
     * @return the cursor
     * @throws InvalidInputException when {@code value} is not a cursor the feed returned
     */
    public static ChangeCursor of(String value) {
        if (value == null || value.isBlank() || value.length() > 512 || !value.matches("[A-Za-z0-9_\\-.~]+")) {
            throw new InvalidInputException("cursor", "must be a cursor returned by the feed");
        }
        return new ChangeCursor(value);
    }

    /**
     * Where the page after {@code page} starts: the cursor to commit once its events are applied.
     *
     * @param page a page of this feed ({@link ChangeFeed#read} or {@link ChangeFeed#events})
     * @return the cursor
     * @throws InvalidInputException when {@code page} is not a page of the change feed
     */
    public static ChangeCursor after(Paginator.Page<ChangeEvent> page) {
        if (page == null || page.nextCursor().isEmpty()) {
            throw new InvalidInputException("page", "must be a page of the change feed");
        }
        return of(page.nextCursor().get());
    }

    /** {@return the value to store; {@code null} for {@link #beginning()}} */
    public @Nullable String value() {
        return value;
    }

    /** {@return whether this is {@link #beginning()}} */
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
