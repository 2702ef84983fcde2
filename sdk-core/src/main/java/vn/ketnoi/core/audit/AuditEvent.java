package vn.ketnoi.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import vn.ketnoi.core.Integrity;

/**
 * One call to a national system, as the agency must record it (Decree 13/2023/NĐ-CP, Law on
 * Personal Data Protection 2025): when, which agency, which operator, for which purpose and case,
 * whose data (keyed hashes only, see {@link SubjectHasher}), which operation and fields, the
 * outcome and the exchange's request id. Holds no personal data in clear. Immutable.
 *
 * @param time        when the call ended
 * @param service     {@code population}, {@code vneid} or {@code edocuments}
 * @param operation   the operation, for example {@code population.lookup}
 * @param agencyId    the agency ({@code X-Road-Client})
 * @param operatorId  the officer acting ({@code X-Road-UserId}); {@code null} where the operation has none
 * @param purpose     the stated purpose code; {@code null} where the operation has none
 * @param caseNumber  the dossier number ({@code X-Road-Issue}); {@code null} if none
 * @param subjects    keyed hashes of the ID numbers (or other subject ids) the call was about; may be empty
 * @param fields      the fields asked for or received; may be empty
 * @param outcome     {@code ok}, or the error code the call failed with
 * @param status      the HTTP status, or 0 when no answer was received
 * @param requestId   the {@code X-Road-Id} of the last request sent; {@code null} if none was sent
 * @param integrity   what protected the answer: {@link Integrity#END_TO_END_SIGNED} for the Ketnoi
 *                    protocol, {@link Integrity#TRANSPORT_ONLY} for a wire profile without
 *                    end-to-end signatures ({@code docs/wire-profiles.md}); never null
 */
public record AuditEvent(Instant time, String service, String operation, String agencyId, String operatorId,
                         String purpose, String caseNumber, List<String> subjects, List<String> fields,
                         String outcome, int status, String requestId, Integrity integrity) {
    /** The outcome of a successful call. */
    public static final String OK = "ok";

    /**
     * An event; the lists are copied, a null list is empty.
     *
     * @param time when the call ended
     * @param service the service
     * @param operation the operation
     * @param agencyId the agency
     * @param operatorId the officer acting; null where none
     * @param purpose the purpose code; null where none
     * @param caseNumber the dossier number; null if none
     * @param subjects keyed hashes of the subjects
     * @param fields the fields asked for or received
     * @param outcome {@code ok} or the error code
     * @param status the HTTP status, or 0
     * @param requestId the {@code X-Road-Id}; null if none
     * @param integrity what protected the answer
     */
    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(agencyId, "agencyId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(integrity, "integrity");
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /**
     * An event of the Ketnoi protocol, whose answers are signed end to end: the form this record
     * had before {@code integrity} was added, kept for existing code.
     *
     * @param time when the call ended
     * @param service the service
     * @param operation the operation
     * @param agencyId the agency
     * @param operatorId the officer acting; null where none
     * @param purpose the purpose code; null where none
     * @param caseNumber the dossier number; null if none
     * @param subjects keyed hashes of the subjects
     * @param fields the fields asked for or received
     * @param outcome {@code ok} or the error code
     * @param status the HTTP status, or 0
     * @param requestId the {@code X-Road-Id}; null if none
     */
    public AuditEvent(Instant time, String service, String operation, String agencyId, String operatorId,
                      String purpose, String caseNumber, List<String> subjects, List<String> fields,
                      String outcome, int status, String requestId) {
        this(time, service, operation, agencyId, operatorId, purpose, caseNumber, subjects, fields, outcome, status,
                requestId, Integrity.END_TO_END_SIGNED);
    }

    /** {@return whether the call succeeded} */
    public boolean succeeded() {
        return OK.equals(outcome);
    }
}
