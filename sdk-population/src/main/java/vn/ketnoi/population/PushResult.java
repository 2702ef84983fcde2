package vn.ketnoi.population;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The verdicts on a {@link PushBatch}, one per push in the order sent. Immutable. */
public final class PushResult {
    private final String idempotencyKey;
    private final List<PushItemResult> items;

    PushResult(String idempotencyKey, List<PushItemResult> items) {
        this.idempotencyKey = idempotencyKey;
        this.items = List.copyOf(items);
    }

    /** {@return the key the batch was sent with} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return one verdict per push, in the order sent} */
    public List<PushItemResult> items() {
        return items;
    }

    /**
     * {@return how many pushes got this verdict}
     *
     * @param verdict the verdict
     */
    public long count(PushVerdict verdict) {
        return items.stream().filter(i -> i.verdict() == verdict).count();
    }

    @Override
    public String toString() {
        Map<PushVerdict, Long> counts = new EnumMap<>(PushVerdict.class);
        for (PushItemResult i : items) {
            counts.merge(i.verdict(), 1L, Long::sum);
        }
        return "PushResult[" + counts + "]";
    }
}
