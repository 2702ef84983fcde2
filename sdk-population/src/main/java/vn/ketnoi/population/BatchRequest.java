package vn.ketnoi.population;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * What to do to every record of a batch or job ({@code docs/protocol.md} sections 8.7 and 8.8):
 * a lookup of the given fields, or a verification; with the purpose and the operator that every
 * population call needs. The records themselves are {@link BatchRecord}s passed beside it.
 *
 * <pre>{@code
 * BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME, CitizenField.PERMANENT_RESIDENCE)
 *         .purpose(Purpose.REGISTER_MAINTENANCE).operatorId("VN012345678").build();
 * }</pre>
 */
public final class BatchRequest {
    /** What a batch does to each record. */
    public enum Operation {
        /** A lookup of {@link BatchRequest#fields()}: the three identifiers must match. */
        LOOKUP,
        /** A verification of each record's claims, field by field. */
        VERIFY
    }

    private final Operation operation;
    private final Set<CitizenField> fields;
    private final Purpose purpose;
    private final String operatorId;
    private final String caseNumber;

    private BatchRequest(Builder b) {
        this.operation = b.operation;
        this.fields = Collections.unmodifiableSet(b.fields.isEmpty() ? EnumSet.noneOf(CitizenField.class)
                : EnumSet.copyOf(b.fields));
        this.purpose = b.purpose;
        this.operatorId = b.operatorId;
        this.caseNumber = b.caseNumber;
    }

    /**
     * {@return a batch of lookups returning these fields}
     *
     * @param fields the fields each record's lookup returns (at least one)
     */
    public static Builder lookup(CitizenField... fields) {
        if (fields == null || fields.length == 0) {
            throw new InvalidInputException("fields", "name at least one field to return");
        }
        Builder b = new Builder(Operation.LOOKUP);
        for (CitizenField f : Arrays.asList(fields)) {
            b.fields.add(Checks.required("fields", f, "no null entries"));
        }
        return b;
    }

    /** {@return a batch of verifications; each record carries its claims} */
    public static Builder verify() {
        return new Builder(Operation.VERIFY);
    }

    /** {@return what each record asks: a lookup or a verification} */
    public Operation operation() {
        return operation;
    }

    /** {@return the fields a lookup returns; empty for a verification} */
    public Set<CitizenField> fields() {
        return fields;
    }

    /** {@return the legal basis of every record's call} */
    public Purpose purpose() {
        return purpose;
    }

    /** {@return who in the agency acts: {@code VN} and their identifier, or a system account} */
    public String operatorId() {
        return operatorId;
    }

    /** {@return the case or dossier number, or {@code null}} */
    public @Nullable String caseNumber() {
        return caseNumber;
    }

    @Override
    public String toString() {
        return "BatchRequest[" + operation + ", fields=" + fields + ", purpose=" + purpose + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final Operation operation;
        private final Set<CitizenField> fields = EnumSet.noneOf(CitizenField.class);
        private Purpose purpose;
        private String operatorId;
        private String caseNumber;

        private Builder(Operation operation) {
            this.operation = operation;
        }

        /**
         * The legal basis of every record (required).
         *
         * @param purpose the purpose
         * @return this builder
         */
        public Builder purpose(Purpose purpose) {
            this.purpose = Checks.purpose(purpose);
            return this;
        }

        /**
         * Who in the agency acts (required).
         *
         * @param operatorId {@code VN} and their identifier, or a system account such as {@code VN:system.sync}
         * @return this builder
         */
        public Builder operatorId(String operatorId) {
            this.operatorId = PopulationClient.checkOperatorId(operatorId);
            return this;
        }

        /**
         * The agency's case file the batch belongs to, sent with every record.
         *
         * @param caseNumber the case number; null for none
         * @return this builder
         */
        public Builder caseNumber(@Nullable String caseNumber) {
            this.caseNumber = PopulationClient.checkCaseNumber(caseNumber);
            return this;
        }

        /** {@return the request} */
        public BatchRequest build() {
            Checks.context(purpose, operatorId);
            return new BatchRequest(this);
        }
    }
}
