package vn.ketnoi.core.exception;

/**
 * Input refused by the SDK before anything was sent: a missing, blank or malformed value.
 *
 * <p>{@link #field()} names the offending field (for example {@code idNumber} or
 * {@code lookup.birthDate}); the message says what was wrong with it without repeating the
 * value, which may be personal data.
 */
public class InvalidInputException extends KetnoiException {
    /** Serial form version. */
    private static final long serialVersionUID = 1L;

    /** The offending field. */
    private final String field;
    /** What is wrong with it, without its value. */
    private final String problem;

    /**
     * Bad input, refused before anything was sent.
     *
     * @param field the offending field, for example {@code idNumber}
     * @param problem what was wrong, never the value itself
     */
    public InvalidInputException(String field, String problem) {
        this(field, problem, null);
    }

    /**
     * Bad input, refused before anything was sent.
     *
     * @param field the offending field
     * @param problem what was wrong, never the value itself
     * @param cause the parse failure behind it
     */
    public InvalidInputException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, 0, "input.invalid", null, false, cause);
        this.field = field;
        this.problem = problem;
    }

    /** {@return name of the field that was refused} */
    public String field() {
        return field;
    }

    /**
     * The problem alone, without the field name and without the code suffix of
     * {@link #getMessage()}: what code that re-raises the refusal under another name (a property,
     * an enclosing field) words its own message with. Building a message from {@code getMessage()}
     * instead would carry a second {@code [code=...]} suffix.
     *
     * @return the problem description
     */
    public String problem() {
        return problem;
    }
}
