package vn.ketnoi.population.reconciliation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import vn.ketnoi.population.CitizenField;

/**
 * The counts of a reconciliation run: records by outcome and fields by outcome, over the whole
 * input (a resumed run counts the records finished before the crash too). Immutable.
 */
public final class ReconciliationSummary {
    private final long records;
    private final long resumedAfter;
    private final Map<RecordOutcome, Long> byOutcome;
    private final Map<CitizenField, Map<FieldOutcome, Long>> byField;

    ReconciliationSummary(long records, long resumedAfter, Map<RecordOutcome, Long> byOutcome,
                          Map<CitizenField, Map<FieldOutcome, Long>> byField) {
        this.records = records;
        this.resumedAfter = resumedAfter;
        this.byOutcome = Collections.unmodifiableMap(new EnumMap<>(byOutcome));
        Map<CitizenField, Map<FieldOutcome, Long>> f = new EnumMap<>(CitizenField.class);
        byField.forEach((k, v) -> f.put(k, Collections.unmodifiableMap(new EnumMap<>(v))));
        this.byField = Collections.unmodifiableMap(f);
    }

    /** {@return the records reported, the ones finished before a resume included} */
    public long records() {
        return records;
    }

    /** {@return how many records a checkpoint said were finished when this run started (0 for a fresh run)} */
    public long resumedAfter() {
        return resumedAfter;
    }

    /**
     * {@return how many records had this outcome}
     *
     * @param outcome the outcome
     */
    public long count(RecordOutcome outcome) {
        return byOutcome.getOrDefault(outcome, 0L);
    }

    /**
     * {@return how many records had this outcome for this field}
     *
     * @param field the field
     * @param outcome the outcome
     */
    public long count(CitizenField field, FieldOutcome outcome) {
        return byField.getOrDefault(field, Map.of()).getOrDefault(outcome, 0L);
    }

    @Override
    public String toString() {
        return "ReconciliationSummary[records=" + records + ", " + byOutcome + ", fields=" + byField + "]";
    }
}
