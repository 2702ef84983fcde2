package vn.ketnoi.population;

import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.RequestContext;
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
 *         .context(RequestContext.of(Purpose.IDENTITY_VERIFICATION, "VN012345678"))
 *         .build();
 * }</pre>
 */
public final class VerifyRequest {
    private final PersonalIdNumber idNumber;
    private final Map<CitizenField, String> claims;
    private final @Nullable RequestContext context;

    private VerifyRequest(Builder b) {
        this.idNumber = b.idNumber;
        this.claims = Collections.unmodifiableMap(new EnumMap<>(b.claims));
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

    /** {@return the claims in wire form, by field: always {@code FULL_NAME} and {@code BIRTH_DATE}} */
    public Map<CitizenField, String> claims() {
        return claims;
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
        return "VerifyRequest[idNumber=" + idNumber.masked() + ", claims=" + claims.keySet()
                + (context == null ? "" : ", purpose=" + context.purpose()) + "]";
    }

    /** Mutable builder; not thread-safe. Each setter checks its value; {@link #build()} checks completeness. */
    public static final class Builder {
        private PersonalIdNumber idNumber;
        private final Map<CitizenField, String> claims = new EnumMap<>(CitizenField.class);
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
         * The personal ID number asked about (required).
         *
         * @param idNumber the number
         * @return this builder
         */
        public Builder idNumber(PersonalIdNumber idNumber) {
            this.idNumber = Checks.required("idNumber", idNumber, null);
            return this;
        }

        /**
         * The full name as held; compared case- and accent-insensitively.
         *
         * @param fullName the name
         * @return this builder
         */
        public Builder fullName(String fullName) {
            claims.put(CitizenField.FULL_NAME, Checks.fullName(fullName));
            return this;
        }

        /**
         * The birth date as held, {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}; a partial date matches a full record it agrees with.
         *
         * @param isoPartialDate the date
         * @return this builder
         */
        public Builder birthDate(String isoPartialDate) {
            claims.put(CitizenField.BIRTH_DATE, Checks.birthDate(isoPartialDate, clock).toIsoString());
            return this;
        }

        /**
         * The date of birth to verify: year only, year and month, or the full date.
         *
         * @param birthDate the date
         * @return this builder
         */
        public Builder birthDate(PartialDate birthDate) {
            claims.put(CitizenField.BIRTH_DATE, Checks.birthDate(birthDate, clock).toIsoString());
            return this;
        }

        /**
         * The sex to verify (optional).
         *
         * @param sex the sex
         * @return this builder
         */
        public Builder sex(Sex sex) {
            if (sex == Sex.UNKNOWN) {
                throw new InvalidInputException("sex", "UNKNOWN stands for a value this SDK does not know: it cannot be sent");
            }
            claims.put(CitizenField.SEX, Checks.required("sex", sex, null).name());
            return this;
        }

        /**
         * The permanent residence as held, as one line; compared ignoring case, accents and punctuation.
         *
         * @param address one line, as held
         * @return this builder
         */
        public Builder permanentResidence(String address) {
            claims.put(CitizenField.PERMANENT_RESIDENCE, Checks.text("permanentResidence", address));
            return this;
        }

        /**
         * The current residence to verify (optional).
         *
         * @param address one line, as held
         * @return this builder
         */
        public Builder currentResidence(String address) {
            claims.put(CitizenField.CURRENT_RESIDENCE, Checks.text("currentResidence", address));
            return this;
        }

        /**
         * The place of origin to verify (optional).
         *
         * @param address one line, as held
         * @return this builder
         */
        public Builder placeOfOrigin(String address) {
            claims.put(CitizenField.PLACE_OF_ORIGIN, Checks.text("placeOfOrigin", address));
            return this;
        }

        /**
         * The ethnic group to verify (optional).
         *
         * @param ethnicity the name, as held
         * @return this builder
         */
        public Builder ethnicity(String ethnicity) {
            claims.put(CitizenField.ETHNICITY, Checks.text("ethnicity", ethnicity));
            return this;
        }

        /**
         * ISO 3166-1 alpha-2, for example {@code VN}.
         *
         * @param nationality the nationality, as held
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

        /**
         * The old 9-digit ID card number as held.
         *
         * @param oldIdNumber 9 or 12 digits
         * @return this builder
         */
        public Builder oldIdNumber(String oldIdNumber) {
            String n = Checks.text("oldIdNumber", oldIdNumber);
            if (!n.matches("[0-9]{9}")) {
                throw new InvalidInputException("oldIdNumber", "must be 9 ASCII digits");
            }
            claims.put(CitizenField.OLD_ID_NUMBER, n);
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
        public VerifyRequest build() {
            Checks.required("idNumber", idNumber, null);
            Checks.required("fullName", claims.get(CitizenField.FULL_NAME), null);
            Checks.required("birthDate", claims.get(CitizenField.BIRTH_DATE), null);
            return new VerifyRequest(this);
        }
    }
}
