package vn.ketnoi.kafka.connect;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * A record that cannot be applied, ever: malformed, or refused by the provider with a final
 * answer. It goes to the dead-letter topic with {@link #getMessage()} as its reason
 * ({@code __connect.errors.exception.message} with {@code errors.deadletterqueue.context.headers.enable}).
 * The message carries the error code and never personal data.
 */
public class RecordRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reason's code, such as {@code edocuments.subject-not-found} or {@code record.malformed}. */
    private final String code;

    /**
     * A refusal.
     *
     * @param code the reason's code
     * @param message the reason, without personal data
     */
    public RecordRefusedException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /**
     * The provider's (or the SDK's) final refusal.
     *
     * @param refusal the exception; its code and message become the reason
     */
    public RecordRefusedException(KetnoiException refusal) {
        super(refusal.errorCode() + ": " + refusal.getMessage(), refusal);
        this.code = refusal.errorCode();
    }

    /** {@return the reason's code} */
    public String code() {
        return code;
    }
}
