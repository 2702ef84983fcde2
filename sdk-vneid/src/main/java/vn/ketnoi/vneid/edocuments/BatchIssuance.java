package vn.ketnoi.vneid.edocuments;

import java.util.List;

/** The outcome of a batch issuance: one result per item, in the order sent. Immutable. */
public final class BatchIssuance {
    private final String idempotencyKey;
    private final List<BatchIssuanceItem> items;

    BatchIssuance(String idempotencyKey, List<BatchIssuanceItem> items) {
        this.idempotencyKey = idempotencyKey;
        this.items = List.copyOf(items);
    }

    /** {@return the key the batch was sent with} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return one result per item, in order} */
    public List<BatchIssuanceItem> items() {
        return items;
    }

    /** {@return how many items were issued} */
    public long issuedCount() {
        return items.stream().filter(BatchIssuanceItem::isIssued).count();
    }

    @Override
    public String toString() {
        return "BatchIssuance[" + issuedCount() + " of " + items.size() + " issued]";
    }
}
