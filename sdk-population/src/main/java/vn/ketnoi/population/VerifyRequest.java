package vn.ketnoi.population;

import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;

/**
 * A verification: the values an agency holds about a citizen, to be checked field by field
 * against the register without the register disclosing any value ({@code docs/protocol.md}
 * section 8.5). The ID number, full name and birth date are required (Decree 70/2024 Art. 10);
 * the other claims are optional. Each claim needs the agency's grant of that field.
 *
 * <pre>{@code
 * VerifyRequest request = VerifyRequest.builder()
 *         .idNumber("001089012345").fullName("Nguyen Van An").birthDate("1989")
 *         .sex(Sex.MALE)
 *         .purpose(Purpose.IDENTITY_VERIFICATION).operatorId("VN012345678")
 *         .build();
 * }</pre>
 */
public final class VerifyRequest {
    private final PersonalIdNumber idNumber;
    private final Map<CitizenField, String> claims;
    private final Purpose purpose;
    private final String operatorId;
    private final String caseNumber;

    private VerifyRequest(Builder b) {
        this.idNumber = b.idNumber;
        this.claims = Collections.unmodifiableMap(new EnumMap<>(b.claims));
        this.purpose = b.purpose;
        this.operatorId = b.operatorId;
        this.caseNumber = b.caseNumber;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /** {@return the claims in wire form, by field: always {@code FULL_NAME} and {@code BIRTH_DATE}} */
    public Map<CitizenField, String> claims() {
        return claims;
    }

    public Purpose purpose() {
        return purpose;
    }

    public String operatorId() {
        return operatorId;
    }

    /** {@return the case or dossier number, or {@code null}} */
    public @Nullable String caseNumber() {
        return caseNumber;
    }

    @Override
    public String toString() {
        return "VerifyRequest[idNumber=" + idNumber.masked() + ", claims=" + claims.keySet() + ", purpose=" + purpose + "]";
    }

    /** Mutable builder; not thread-safe. Each setter checks its value; {@link #build()} checks completeness. */
    public static final class Builder {
        private PersonalIdNumber idNumber;
        private final Map<CitizenField, String> claims = new EnumMap<>(CitizenField.class);
        private Purpose purpose;
        private String operatorId;
        private String caseNumber;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder idNumber(String idNumber) {
            this.idNumber = Checks.idNumber(idNumber, clock);
            return this;
        }

        public Builder idNumber(PersonalIdNumber idNumber) {
            this.idNumber = Checks.required("idNumber", idNumber, null);
            return this;
        }

        /** {@return the full name as held; compared case- and accent-insensitively} */
        public Builder fullName(String fullName) {
            claims.put(CitizenField.FULL_NAME, Checks.fullName(fullName));
            return this;
        }

        /** {@return the birth date as held, {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}; a partial date matches a full record it agrees with} */
        public Builder birthDate(String isoPartialDate) {
            claims.put(CitizenField.BIRTH_DATE, Checks.birthDate(isoPartialDate, clock).toIsoString());
            return this;
        }

        public Builder birthDate(PartialDate birthDate) {
            claims.put(CitizenField.BIRTH_DATE, Checks.birthDate(birthDate, clock).toIsoString());
            return this;
        }

        public Builder sex(Sex sex) {
            if (sex == Sex.UNKNOWN) {
                throw new InvalidInputException("sex", "UNKNOWN stands for a value this SDK does not know: it cannot be sent");
            }
            claims.put(CitizenField.SEX, Checks.required("sex", sex, null).name());
            return this;
        }

        /** {@return the permanent residence as held, as one line; compared ignoring case, accents and punctuation} */
        public Builder permanentResidence(String address) {
            claims.put(CitizenField.PERMANENT_RESIDENCE, Checks.text("permanentResidence", address));
            return this;
        }

        public Builder currentResidence(String address) {
            claims.put(CitizenField.CURRENT_RESIDENCE, Checks.text("currentResidence", address));
            return this;
        }

        public Builder placeOfOrigin(String address) {
            claims.put(CitizenField.PLACE_OF_ORIGIN, Checks.text("placeOfOrigin", address));
            return this;
        }

        public Builder ethnicity(String ethnicity) {
            claims.put(CitizenField.ETHNICITY, Checks.text("ethnicity", ethnicity));
            return this;
        }

        /**
         * ISO 3166-1 alpha-2, for example {@code VN}.
         *
         * @return this builder
         */
        public Builder nationality(String nationality) {
            String n = Checks.text("nationality", nationality);
            if (!n.matches("[A-Z]{2}")) {
                throw new InvalidInputException("nationality", "must be an ISO 3166-1 alpha-2 code such as VN");
            }
            claims.put(CitizenField.NATIONALITY, n);
            return this;
        }

        /** {@return the old 9-digit ID card number as held} */
        public Builder oldIdNumber(String oldIdNumber) {
            String n = Checks.text("oldIdNumber", oldIdNumber);
            if (!n.matches("[0-9]{9}")) {
                throw new InvalidInputException("oldIdNumber", "must be 9 ASCII digits");
            }
            claims.put(CitizenField.OLD_ID_NUMBER, n);
            return this;
        }

        public Builder purpose(Purpose purpose) {
            this.purpose = Checks.purpose(purpose);
            return this;
        }

        public Builder operatorId(String operatorId) {
            this.operatorId = PopulationClient.checkOperatorId(operatorId);
            return this;
        }

        public Builder caseNumber(@Nullable String caseNumber) {
            this.caseNumber = PopulationClient.checkCaseNumber(caseNumber);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Checks.required("clock", clock, null);
            return this;
        }

        public VerifyRequest build() {
            Checks.required("idNumber", idNumber, null);
            Checks.required("fullName", claims.get(CitizenField.FULL_NAME), null);
            Checks.required("birthDate", claims.get(CitizenField.BIRTH_DATE), null);
            Checks.context(purpose, operatorId);
            return new VerifyRequest(this);
        }
    }
}
