package vn.ketnoi.testkit;

import vn.ketnoi.testkit.internal.TestWriteOperation;

/**
 * The sandbox's test-only idempotent write ({@code POST /_sandbox/v1/writes} with an
 * {@code Idempotency-Key} and {@code {"ref": "..."}}, scope {@code edocuments}; look-up at
 * {@code GET /_sandbox/v1/operations/{idempotencyKey}}), with the semantics protocol section 10.3
 * gives e-document writes. Lets a client's write path be tested under faults before any real
 * write operation exists: this view tells what the server actually stored.
 */
public final class SandboxTestWrites {
    private final TestWriteOperation operation;

    SandboxTestWrites(TestWriteOperation operation) {
        this.operation = operation;
    }

    /** @return the number of idempotency keys applied */
    public long applied() {
        return operation.applied();
    }

    /**
     * @param ref the client's reference sent in the body
     * @return whether a write with it is stored
     */
    public boolean isStored(String ref) {
        return operation.hasRef(ref);
    }

    /** @return records stored more than once for one client reference: what a client that changed the key on retry would cause */
    public long duplicates() {
        return operation.duplicates();
    }
}
