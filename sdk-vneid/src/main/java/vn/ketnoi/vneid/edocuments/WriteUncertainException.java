package vn.ketnoi.vneid.edocuments;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * A write was sent, and retried with the same idempotency key, but no attempt got a definite
 * answer: the provider may or may not have applied it. Nothing is lost: keep the
 * {@link #idempotencyKey()}, and later either send the same prepared write again or ask
 * {@link EdocumentsClient#operation(String)} what became of it. The cause is the last failure.
 */
public class WriteUncertainException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    private final String idempotencyKey;
    private final int attempts;

    /**
     * @param idempotencyKey the key every attempt carried
     * @param attempts how many attempts were made
     * @param last the last attempt's failure
     */
    public WriteUncertainException(String idempotencyKey, int attempts, KetnoiException last) {
        super("No definite answer after " + attempts + " attempts; the write may have been applied. Settle it with"
                + " operation(idempotencyKey) or send it again with the same key", last.statusCode(), last.errorCode(),
                last.requestId(), true, last);
        this.idempotencyKey = idempotencyKey;
        this.attempts = attempts;
    }

    /** The idempotency key every attempt carried; not secret, safe to log. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }
}
