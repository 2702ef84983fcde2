package vn.ketnoi.chip;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Bytes read from a chip that are not what ICAO 9303 (or the Vietnamese DG13 layout) says they
 * should be: a truncated or over-long TLV, a wrong tag, a check digit that does not match, a field
 * out of range. {@link #field()} names the file and the part (for example {@code dg1.birthDate} or
 * {@code sod.signedData}); the message never repeats the bytes or the value, which are personal data.
 * Error code {@code input.invalid}.
 */
public final class ChipFormatException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * Malformed chip data.
     *
     * @param field the file and part that was wrong, for example {@code dg13.birthDate}
     * @param problem what was wrong, never the value itself
     */
    public ChipFormatException(String field, String problem) {
        super(field, problem);
    }

    /**
     * Malformed chip data, with the parse failure behind it.
     *
     * @param field the file and part that was wrong
     * @param problem what was wrong, never the value itself
     * @param cause the underlying failure, or null
     */
    public ChipFormatException(String field, String problem, @Nullable Throwable cause) {
        super(field, problem, cause);
    }
}
