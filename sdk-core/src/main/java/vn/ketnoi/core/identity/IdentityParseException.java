package vn.ketnoi.core.identity;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Thrown by every parser and factory in {@code vn.ketnoi.core.identity} when a value is refused.
 *
 * <p>The message names the field and the problem, never the refused value itself: identity data
 * (ID numbers, names, dates of birth, addresses) is personal data and must not reach logs through
 * exception messages.
 */
public final class IdentityParseException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param field   name of the refused field, for example {@code idNumber}
     * @param problem what was wrong, worded without repeating the value
     */
    public IdentityParseException(String field, String problem) {
        this(field, problem, null);
    }

    /**
     * Creates the exception with an underlying cause.
     *
     * @param field   name of the refused field, for example {@code qr.birthDate}
     * @param problem what was wrong, worded without repeating the value
     * @param cause   the error that led to this one, or {@code null}
     */
    public IdentityParseException(String field, String problem, @Nullable Throwable cause) {
        super(field, problem, cause);
    }
}
