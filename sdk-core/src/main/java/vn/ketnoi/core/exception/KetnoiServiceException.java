package vn.ketnoi.core.exception;

import java.util.List;

/**
 * The provider answered, and the answer was an error: an RFC 9457 problem response whose
 * signature the SDK verified. {@link #errorCode()} is one of the stable codes of the catalogue
 * ({@code docs/protocol.md} section 11); branch on it, or on the subclass, never on the message.
 */
public class KetnoiServiceException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /** The problem document's title. */
    private final String title;
    /** The problem document's detail. */
    private final String detail;
    /** The fields the problem names. */
    private final List<FieldError> fieldErrors;

    /**
     * An error the provider answered.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param errorCode the provider's code
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     * @param title the problem's title
     * @param detail the problem's detail
     * @param fieldErrors the fields the problem names; null for none
     */
    public KetnoiServiceException(String message, int statusCode, String errorCode, String requestId,
                                  boolean retryable, String title, String detail, List<FieldError> fieldErrors) {
        super(message, statusCode, errorCode, requestId, retryable, null);
        this.title = title;
        this.detail = detail;
        this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    }

    /**
     * Copies the details of another service exception; for subclasses that refine the type.
     *
     * @param source the exception copied
     */
    protected KetnoiServiceException(KetnoiServiceException source) {
        this(source.baseMessage(), source.statusCode(), source.errorCode(), source.requestId(),
                source.isRetryable(), source.title, source.detail, source.fieldErrors);
    }

    /** {@return the problem's short, human-readable summary} */
    public String title() {
        return title;
    }

    /** {@return the problem's explanation; never contains personal data} */
    public String detail() {
        return detail;
    }

    /** {@return the fields the provider refused, when it named any} */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
