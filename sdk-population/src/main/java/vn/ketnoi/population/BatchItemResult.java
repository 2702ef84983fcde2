package vn.ketnoi.population;

import java.util.List;
import java.util.Optional;

import vn.ketnoi.core.exception.FieldError;

/**
 * The outcome of one record of a batch or job: a citizen (lookup) or verdicts (verify) on success,
 * or the error code of section 11 with the fields it names. A failed record never fails the batch.
 */
public final class BatchItemResult {
    /** What kind of failure, for branching without string compares. */
    public enum Failure {
        /** No failure: the item succeeded. */
        NONE,
        /** {@code request.invalid}: the record is malformed; {@link #fieldErrors()} names the field. */
        INVALID_RECORD,
        /** {@code population.citizen-not-found}. */
        CITIZEN_NOT_FOUND,
        /** {@code population.identity-mismatch}. */
        IDENTITY_MISMATCH,
        /** {@code population.consent-required}. */
        CONSENT_REQUIRED,
        /** {@code population.field-not-granted}. */
        FIELD_NOT_GRANTED,
        /** Another code; see {@link #errorCode()}. */
        OTHER
    }

    private final String itemId;
    private final long index;
    private final int status;
    private final Citizen citizen;
    private final IdentityVerification verification;
    private final String errorCode;
    private final List<FieldError> fieldErrors;

    BatchItemResult(String itemId, long index, int status, Citizen citizen, IdentityVerification verification,
                    String errorCode, List<FieldError> fieldErrors) {
        this.itemId = itemId;
        this.index = index;
        this.status = status;
        this.citizen = citizen;
        this.verification = verification;
        this.errorCode = errorCode;
        this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    }

    /** {@return the caller's item id} */
    public String itemId() {
        return itemId;
    }

    /** {@return the record's position in the batch or job, from 0} */
    public long index() {
        return index;
    }

    /** {@return the HTTP status the item would have had as a single call} */
    public int status() {
        return status;
    }

    /** {@return whether the record succeeded (status 200)} */
    public boolean isSuccess() {
        return errorCode == null;
    }

    /** {@return the citizen, for a successful lookup} */
    public Optional<Citizen> citizen() {
        return Optional.ofNullable(citizen);
    }

    /** {@return the verdicts, for a successful verification} */
    public Optional<IdentityVerification> verification() {
        return Optional.ofNullable(verification);
    }

    /** {@return the error code of section 11, for a failed item} */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /**
     * The kind of failure, from {@link #errorCode()}; {@link Failure#NONE} on success.
     *
     * @return the kind of failure
     */
    public Failure failure() {
        if (errorCode == null) {
            return Failure.NONE;
        }
        switch (errorCode) {
            case "request.invalid":
                return Failure.INVALID_RECORD;
            case "population.citizen-not-found":
                return Failure.CITIZEN_NOT_FOUND;
            case "population.identity-mismatch":
                return Failure.IDENTITY_MISMATCH;
            case "population.consent-required":
                return Failure.CONSENT_REQUIRED;
            case "population.field-not-granted":
                return Failure.FIELD_NOT_GRANTED;
            default:
                return Failure.OTHER;
        }
    }

    /** {@return the fields a failure names, if any} */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    @Override
    public String toString() {
        return "BatchItemResult[itemId=" + itemId + ", index=" + index + ", "
                + (errorCode == null ? "success" : errorCode + " " + fieldErrors) + "]";
    }
}
