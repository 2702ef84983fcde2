package vn.ketnoi.population;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.RequestContext;
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
    private final @Nullable RequestContext context;

    private HouseholdRequest(Builder b) {
        this.idNumber = b.idNumber;
        this.fullName = b.fullName;
        this.birthDate = b.birthDate;
        this.context = b.context;
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
        return "HouseholdRequest[idNumber=" + idNumber.masked() + ", fullName=" + Masking.name(fullName)
                + ", birthDate=" + birthDate.masked()
                + (context == null ? "" : ", purpose=" + context.purpose()) + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private PersonalIdNumber idNumber;
        private String fullName;
        private PartialDate birthDate;
        private @Nullable RequestContext context;
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
            return new HouseholdRequest(this);
        }
    }
}
