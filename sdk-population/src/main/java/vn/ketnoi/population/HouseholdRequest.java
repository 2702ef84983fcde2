package vn.ketnoi.population;

import java.time.Clock;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.logging.Masking;

/**
 * A request for the household of a citizen identified by the three identifiers
 * ({@code docs/protocol.md} section 8.6). Needs the agency's grant of {@code household}; the
 * members' names, birth dates and sexes and the residence come back only as far as the grant reaches.
 */
public final class HouseholdRequest {
    private final PersonalIdNumber idNumber;
    private final String fullName;
    private final PartialDate birthDate;
    private final Purpose purpose;
    private final String operatorId;
    private final String caseNumber;

    private HouseholdRequest(Builder b) {
        this.idNumber = b.idNumber;
        this.fullName = b.fullName;
        this.birthDate = b.birthDate;
        this.purpose = b.purpose;
        this.operatorId = b.operatorId;
        this.caseNumber = b.caseNumber;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the personal ID number asked about} */
    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /** {@return the full name as the agency holds it} */
    public String fullName() {
        return fullName;
    }

    /** {@return the date of birth as the agency holds it} */
    public PartialDate birthDate() {
        return birthDate;
    }

    /** {@return the legal basis of the call} */
    public Purpose purpose() {
        return purpose;
    }

    /** {@return who in the agency acts: {@code VN} and their identifier} */
    public String operatorId() {
        return operatorId;
    }

    /** {@return the case or dossier number, or {@code null}} */
    public String caseNumber() {
        return caseNumber;
    }

    @Override
    public String toString() {
        return "HouseholdRequest[idNumber=" + idNumber.masked() + ", fullName=" + Masking.name(fullName)
                + ", birthDate=" + birthDate.masked() + ", purpose=" + purpose + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private PersonalIdNumber idNumber;
        private String fullName;
        private PartialDate birthDate;
        private Purpose purpose;
        private String operatorId;
        private String caseNumber;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The personal ID number asked about (required).
         *
         * @param idNumber 12 digits
         * @return this builder
         */
        public Builder idNumber(String idNumber) {
            this.idNumber = Checks.idNumber(idNumber, clock);
            return this;
        }

        /**
         * The full name as the agency holds it (required); compared case- and accent-insensitively.
         *
         * @param fullName the name
         * @return this builder
         */
        public Builder fullName(String fullName) {
            this.fullName = Checks.fullName(fullName);
            return this;
        }

        /**
         * The date of birth as held, in the wire form {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd} (required).
         *
         * @param isoPartialDate the date
         * @return this builder
         */
        public Builder birthDate(String isoPartialDate) {
            this.birthDate = Checks.birthDate(isoPartialDate, clock);
            return this;
        }

        /**
         * The date of birth as held: year only, year and month, or the full date (required).
         *
         * @param birthDate the date
         * @return this builder
         */
        public Builder birthDate(PartialDate birthDate) {
            this.birthDate = Checks.birthDate(birthDate, clock);
            return this;
        }

        /**
         * The legal basis of the call (required).
         *
         * @param purpose the purpose
         * @return this builder
         */
        public Builder purpose(Purpose purpose) {
            this.purpose = Checks.purpose(purpose);
            return this;
        }

        /**
         * Who in the agency acts (required): {@code VN} and their identifier.
         *
         * @param operatorId the operator
         * @return this builder
         */
        public Builder operatorId(String operatorId) {
            this.operatorId = PopulationClient.checkOperatorId(operatorId);
            return this;
        }

        /**
         * The case or dossier number the call is made for (optional).
         *
         * @param caseNumber the number
         * @return this builder
         */
        public Builder caseNumber(String caseNumber) {
            this.caseNumber = PopulationClient.checkCaseNumber(caseNumber);
            return this;
        }

        /**
         * The clock that tells whether dates lie in the future; the system clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Checks.required("clock", clock, null);
            return this;
        }

        /** {@return the request} */
        public HouseholdRequest build() {
            Checks.required("idNumber", idNumber, null);
            Checks.required("fullName", fullName, null);
            Checks.required("birthDate", birthDate, null);
            Checks.context(purpose, operatorId);
            return new HouseholdRequest(this);
        }
    }
}
