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

    public static Builder builder() {
        return new Builder();
    }

    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    public String fullName() {
        return fullName;
    }

    public PartialDate birthDate() {
        return birthDate;
    }

    public Purpose purpose() {
        return purpose;
    }

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

        public Builder idNumber(String idNumber) {
            this.idNumber = Checks.idNumber(idNumber, clock);
            return this;
        }

        public Builder fullName(String fullName) {
            this.fullName = Checks.fullName(fullName);
            return this;
        }

        public Builder birthDate(String isoPartialDate) {
            this.birthDate = Checks.birthDate(isoPartialDate, clock);
            return this;
        }

        public Builder birthDate(PartialDate birthDate) {
            this.birthDate = Checks.birthDate(birthDate, clock);
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

        public Builder caseNumber(String caseNumber) {
            this.caseNumber = PopulationClient.checkCaseNumber(caseNumber);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Checks.required("clock", clock, null);
            return this;
        }

        public HouseholdRequest build() {
            Checks.required("idNumber", idNumber, null);
            Checks.required("fullName", fullName, null);
            Checks.required("birthDate", birthDate, null);
            Checks.context(purpose, operatorId);
            return new HouseholdRequest(this);
        }
    }
}
