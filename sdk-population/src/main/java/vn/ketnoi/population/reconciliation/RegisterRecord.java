package vn.ketnoi.population.reconciliation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.population.CitizenField;

/**
 * One record of an agency's own register, as the agency holds it: a record id of its own (the
 * key the report is written under: a row number or register key, not personal data), the three
 * identifiers, and the further fields to compare. Values are kept as written; a malformed one
 * makes the record {@link RecordOutcome#INVALID} in the report, it does not stop the run.
 * Immutable.
 */
public final class RegisterRecord {
    /** The fields that can be compared besides the full name and the birth date (protocol section 8.5). */
    public static final Set<CitizenField> COMPARABLE = Collections.unmodifiableSet(java.util.EnumSet.of(
            CitizenField.SEX, CitizenField.PLACE_OF_ORIGIN, CitizenField.PERMANENT_RESIDENCE,
            CitizenField.CURRENT_RESIDENCE, CitizenField.OLD_ID_NUMBER, CitizenField.ETHNICITY,
            CitizenField.NATIONALITY));

    private final String recordId;
    private final String idNumber;
    private final String fullName;
    private final String birthDate;
    private final Map<CitizenField, String> values;

    private RegisterRecord(String recordId, String idNumber, String fullName, String birthDate,
                           Map<CitizenField, String> values) {
        this.recordId = recordId;
        this.idNumber = idNumber;
        this.fullName = fullName;
        this.birthDate = birthDate;
        this.values = values;
    }

    /**
     * A record.
     *
     * @param recordId the register's key for the record, 1 to 128 characters
     * @param idNumber the ID number as held (may be malformed: the report says so)
     * @param fullName the full name as held
     * @param birthDate the birth date as held: {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}
     * @return the record
     * @throws InvalidInputException a record id that is missing or too long, or a null identifier
     */
    public static RegisterRecord of(String recordId, String idNumber, String fullName, String birthDate) {
        if (recordId == null || recordId.isEmpty() || recordId.length() > 128) {
            throw new InvalidInputException("recordId", "must be 1 to 128 characters");
        }
        return new RegisterRecord(recordId, required("idNumber", idNumber), required("fullName", fullName),
                required("birthDate", birthDate), Map.of());
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required (an empty string if the register holds none)");
        }
        return value;
    }

    /**
     * {@return this record with a further field as held; a null or empty value means the register holds none}
     *
     * @param field one of {@link #COMPARABLE}
     * @param value the value (sex as {@code MALE}/{@code FEMALE}, addresses as one line)
     */
    public RegisterRecord with(CitizenField field, @Nullable String value) {
        if (field == null || !COMPARABLE.contains(field)) {
            throw new InvalidInputException("field", "must be one of " + COMPARABLE);
        }
        Map<CitizenField, String> m = new EnumMap<>(CitizenField.class);
        m.putAll(values);
        if (value == null || value.isEmpty()) {
            m.remove(field);
        } else {
            m.put(field, value);
        }
        return new RegisterRecord(recordId, idNumber, fullName, birthDate, Collections.unmodifiableMap(m));
    }

    /** {@return the register's key for the record} */
    public String recordId() {
        return recordId;
    }

    /** {@return the ID number as held; personal data} */
    public String idNumber() {
        return idNumber;
    }

    /** {@return the full name as held; personal data} */
    public String fullName() {
        return fullName;
    }

    /** {@return the birth date as held; personal data} */
    public String birthDate() {
        return birthDate;
    }

    /** {@return the further fields the register holds a value for; personal data} */
    public Map<CitizenField, String> values() {
        return values;
    }

    /** Shows the record id and the masked ID number only. */
    @Override
    public String toString() {
        return "RegisterRecord[" + recordId + ", " + Masking.idNumber(idNumber) + ", fields=" + values.keySet() + "]";
    }
}
