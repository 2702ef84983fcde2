package vn.ketnoi.core.exception;

/**
 * A write that carried an {@code Idempotency-Key} failed, and at least one of its attempts may
 * have been applied by the provider: its answer was lost (connection broken, deadline passed,
 * response not verifiable) or the provider failed with {@code server.internal}
 * ({@code write.outcome-unknown}).
 *
 * <p>Settle it with the provider's look-up by idempotency key ({@code docs/resilience.md}), or
 * send the same write again with the same {@link #idempotencyKey()}: the provider applies a key
 * at most once and answers a repeat with the original outcome. {@link #getCause()} is the last
 * attempt's failure. Every other failure of a write carrying an idempotency key means the write
 * was not applied.
 */
public class WriteOutcomeUnknownException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** The key the write was sent with. */
    private final String idempotencyKey;
    /** How many times it was sent. */
    private final int attempts;

    /**
     * A write whose outcome is unknown.
     *
     * @param idempotencyKey the key the write was sent with
     * @param attempts how many times it was sent
     * @param last the last failure
     */
    public WriteOutcomeUnknownException(String idempotencyKey, int attempts, KetnoiException last) {
        super("The write may have been applied: " + attempts + " attempt(s), the last failed with "
                + last.errorCode() + "; settle it by its idempotency key", "write.outcome-unknown",
                last.requestId(), true, true, last);
        this.idempotencyKey = idempotencyKey;
        this.attempts = attempts;
    }

    /** {@return the idempotency key the write was sent with: the key to look it up by, or to send it again with} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return how many attempts were sent} */
    public int attempts() {
        return attempts;
    }
}
