package vn.ketnoi.population;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.exception.FieldError;
import vn.ketnoi.core.identity.PersonalIdNumber;

/**
 * The provider's verdict on one pushed record. Immutable.
 */
public final class PushItemResult {
    private final long index;
    private final @Nullable PersonalIdNumber idNumber;
    private final @Nullable SourceField field;
    private final PushVerdict verdict;
    private final @Nullable String reason;
    private final @Nullable Instant heldAsOf;
    private final List<FieldError> fieldErrors;

    PushItemResult(long index, @Nullable PersonalIdNumber idNumber, @Nullable SourceField field, PushVerdict verdict,
                   @Nullable String reason, @Nullable Instant heldAsOf, List<FieldError> fieldErrors) {
        this.index = index;
        this.idNumber = idNumber;
        this.field = field;
        this.verdict = verdict;
        this.reason = reason;
        this.heldAsOf = heldAsOf;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** {@return the record's position in the batch or job, from 0} */
    public long index() {
        return index;
    }

    /** {@return the citizen, as the provider read it (empty when the number itself was refused)} */
    public Optional<PersonalIdNumber> idNumber() {
        return Optional.ofNullable(idNumber);
    }

    /** {@return the field (empty when the provider named one this version does not know, or refused it)} */
    public Optional<SourceField> field() {
        return Optional.ofNullable(field);
    }

    /** {@return what the provider did} */
    public PushVerdict verdict() {
        return verdict;
    }

    /**
     * Why a record was {@link PushVerdict#REJECTED}: a code of section 11, such as
     * {@code population.citizen-not-found}, {@code population.field-not-granted} (the agency is not
     * a source of the field) or {@code request.invalid} ({@link #fieldErrors()} names the part).
     *
     * @return the code, for a rejected record
     */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** {@return for a {@link PushVerdict#CONFLICT}: the as-of of the value the register keeps} */
    public Optional<Instant> heldAsOf() {
        return Optional.ofNullable(heldAsOf);
    }

    /** {@return the parts of the record a {@code request.invalid} names} */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    @Override
    public String toString() {
        return "PushItemResult[index=" + index + ", " + (idNumber == null ? "?" : idNumber.masked()) + ", " + field
                + ", " + verdict + (reason == null ? "" : " " + reason) + (heldAsOf == null ? "" : " held " + heldAsOf)
                + "]";
    }
}
