package vn.ketnoi.population.reconciliation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.population.CitizenField;

/**
 * The report on one register record: its outcome and, field by field, how it compares. Holds a
 * register value only for a {@link FieldOutcome#MISMATCH} of a field the run was told to show
 * ({@link Reconciler.Builder#showRegisterValues}), which the agency is granted. Immutable.
 */
public final class RecordReport {
    private final long index;
    private final String recordId;
    private final RecordOutcome outcome;
    private final Map<CitizenField, FieldOutcome> fields;
    private final Map<CitizenField, String> registerValues;
    private final @Nullable String problem;

    RecordReport(long index, String recordId, RecordOutcome outcome, Map<CitizenField, FieldOutcome> fields,
                 Map<CitizenField, String> registerValues, @Nullable String problem) {
        this.index = index;
        this.recordId = recordId;
        this.outcome = outcome;
        this.fields = fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(fields));
        this.registerValues = registerValues.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(registerValues));
        this.problem = problem;
    }

    /** {@return the record's position in the input, from 0} */
    public long index() {
        return index;
    }

    /** {@return the register's key for the record} */
    public String recordId() {
        return recordId;
    }

    /** {@return the record's outcome} */
    public RecordOutcome outcome() {
        return outcome;
    }

    /** {@return each compared field's outcome, in field order (empty for a missing or invalid record)} */
    public Map<CitizenField, FieldOutcome> fields() {
        return fields;
    }

    /** {@return the register's values shown for mismatching fields; personal data} */
    public Map<CitizenField, String> registerValues() {
        return registerValues;
    }

    /** {@return for an {@link RecordOutcome#INVALID} record: the part that is malformed, such as {@code idNumber}} */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Outcomes only, never a value. */
    @Override
    public String toString() {
        return "RecordReport[" + index + ", " + outcome + ", " + fields + "]";
    }
}
