package vn.ketnoi.population;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;

/**
 * What to do to every record of a batch or job ({@code docs/protocol.md} sections 8.7 and 8.8):
 * a lookup of the given fields, or a verification; with its own context (purpose, operator, case
 * number) or the client's default. The records themselves are {@link BatchRecord}s passed beside it.
 *
 * <pre>{@code
 * BatchRequest spec = BatchRequest.lookup(CitizenField.FULL_NAME, CitizenField.PERMANENT_RESIDENCE)
 *         .context(RequestContext.of(Purpose.REGISTER_MAINTENANCE, "VN012345678")).build();
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
    private final @Nullable RequestContext context;

    private BatchRequest(Builder b) {
        this.operation = b.operation;
        this.fields = Collections.unmodifiableSet(b.fields.isEmpty() ? EnumSet.noneOf(CitizenField.class)
                : EnumSet.copyOf(b.fields));
        this.context = b.context;
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

    /**
     * The context this request is made in, replacing the client's default as a whole; empty when
     * the client's default applies ({@code PopulationClient.Builder#context}).
     *
     * @return the request's own context, if any
     */
    public java.util.Optional<RequestContext> context() {
        return java.util.Optional.ofNullable(context);
    }

    @Override
    public String toString() {
        return "BatchRequest[" + operation + ", fields=" + fields
                + (context == null ? "" : ", purpose=" + context.purpose()) + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final Operation operation;
        private final Set<CitizenField> fields = EnumSet.noneOf(CitizenField.class);
        private @Nullable RequestContext context;

        private Builder(Operation operation) {
            this.operation = operation;
        }

        /**
         * The purpose, operator and case number of this request, instead of the client's default
         * (as a whole: nothing is taken from the default then). Optional when the client has a default.
         *
         * @param context the context, such as {@code RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678")}
         * @return this builder
         */
        public Builder context(RequestContext context) {
            this.context = Checks.required("context", context, "leave it unset for the client's default");
            return this;
        }

        /** {@return the request} */
        public BatchRequest build() {
            return new BatchRequest(this);
        }
    }
}
