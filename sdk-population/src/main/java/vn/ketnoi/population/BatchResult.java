package vn.ketnoi.population;

import java.util.List;

/** The results of a synchronous batch, one per record, in the order sent. */
public final class BatchResult {
    private final List<BatchItemResult> items;

    BatchResult(List<BatchItemResult> items) {
        this.items = List.copyOf(items);
    }

    /** {@return one result per record, in the order sent} */
    public List<BatchItemResult> items() {
        return items;
    }

    /** {@return how many records succeeded} */
    public long succeeded() {
        return items.stream().filter(BatchItemResult::isSuccess).count();
    }

    /** {@return how many records failed} */
    public long failed() {
        return items.size() - succeeded();
    }

    @Override
    public String toString() {
        return "BatchResult[items=" + items.size() + ", failed=" + failed() + "]";
    }
}
