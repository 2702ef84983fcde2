package vn.ketnoi.vneid.edocuments;

import java.util.List;

/** The outcome of a batch issuance: one result per item, in the order sent. Immutable. */
public final class BatchResult {
    private final String idempotencyKey;
    private final List<BatchItemResult> items;

    BatchResult(String idempotencyKey, List<BatchItemResult> items) {
        this.idempotencyKey = idempotencyKey;
        this.items = List.copyOf(items);
    }

    /** {@return the key the batch was sent with} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return one result per item, in order} */
    public List<BatchItemResult> items() {
        return items;
    }

    /** {@return how many items were issued} */
    public long issuedCount() {
        return items.stream().filter(BatchItemResult::isIssued).count();
    }

    @Override
    public String toString() {
        return "BatchResult[" + issuedCount() + " of " + items.size() + " issued]";
    }
}
