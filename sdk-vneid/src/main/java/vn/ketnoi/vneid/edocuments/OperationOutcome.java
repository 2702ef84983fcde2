package vn.ketnoi.vneid.edocuments;

import java.time.Instant;
import java.util.Optional;

/**
 * What the provider recorded for a write sent with an idempotency key: the operation, when it
 * completed, the HTTP status it answered, and the document it left, for writes on one document.
 */
public final class OperationOutcome {
    private final String idempotencyKey;
    private final String operation;
    private final int status;
    private final Instant completedAt;
    private final DocumentRecord document;

    OperationOutcome(String idempotencyKey, String operation, int status, Instant completedAt, DocumentRecord document) {
        this.idempotencyKey = idempotencyKey;
        this.operation = operation;
        this.status = status;
        this.completedAt = completedAt;
        this.document = document;
    }

    /** {@return the key} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return the operation: {@code issue}, {@code update}, {@code suspend}, {@code reinstate}, {@code revoke} or {@code batch-issue}} */
    public String operation() {
        return operation;
    }

    /** {@return the HTTP status the operation answered, such as 201 for an issuance} */
    public int status() {
        return status;
    }

    /** {@return whether the write took effect (a 2xx status)} */
    public boolean wasApplied() {
        return status >= 200 && status < 300;
    }

    /** {@return when the provider completed it} */
    public Instant completedAt() {
        return completedAt;
    }

    /** {@return the document as the operation left it, for operations on one document that succeeded} */
    public Optional<DocumentRecord> document() {
        return Optional.ofNullable(document);
    }

    @Override
    public String toString() {
        return "OperationOutcome[" + operation + ", status=" + status + ", " + completedAt + "]";
    }
}
