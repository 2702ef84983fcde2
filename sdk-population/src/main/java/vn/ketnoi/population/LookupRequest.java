package vn.ketnoi.population;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.VietnameseNames;
import vn.ketnoi.core.logging.Masking;

/**
 * A lookup in the population database: the three identifiers Decree 70/2024 requires (ID number,
 * full name, date of birth) and the fields wanted; the purpose and the operator come from the
 * client's default context or from the request's own ({@link Builder#context}). Immutable;
 * validated when built, so a bad request never leaves the application.
 *
 * <pre>{@code
 * LookupRequest request = LookupRequest.builder()
 *         .idNumber("001089012345")
 *         .fullName("Nguyễn Văn An")
 *         .birthDate("1989-05-12")
 *         .fields(CitizenField.FULL_NAME, CitizenField.PERMANENT_RESIDENCE)
 *         .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN012345678"))   // or the client's default
 *         .build();
 * }</pre>
 */
public final class LookupRequest {
    static final int MAX_NAME_LENGTH = 512;

    private final PersonalIdNumber idNumber;
    private final String fullName;
    private final PartialDate birthDate;
    private final Set<CitizenField> fields;
    private final @Nullable RequestContext context;
    private final String consentToken;

    private LookupRequest(Builder b) {
        this.idNumber = b.idNumber;
        this.fullName = b.fullName;
        this.birthDate = b.birthDate;
        this.fields = Collections.unmodifiableSet(EnumSet.copyOf(b.fields));
        this.context = b.context;
        this.consentToken = b.consentToken;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the personal ID number asked about} */
    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /** {@return the full name, NFC-normalised} */
    public String fullName() {
        return fullName;
    }

    /** {@return the date of birth as the agency holds it} */
    public PartialDate birthDate() {
        return birthDate;
    }

    /** {@return the fields asked for} */
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

    /** {@return the citizen's consent token for the fields that need one ({@link CitizenField#requiresConsent()}), or {@code null}} */
    public @Nullable String consentToken() {
        return consentToken;
    }

    @Override
    public String toString() {
        return "LookupRequest[idNumber=" + idNumber.masked() + ", fullName=" + Masking.name(fullName)
                + ", birthDate=" + birthDate.masked() + ", fields=" + fields
                + (context == null ? "" : ", purpose=" + context.purpose()) + "]";
    }

    /**
     * Mutable builder; not thread-safe. Each setter checks its own value at once; {@link #build()}
     * checks that nothing required is missing. Errors are {@link InvalidInputException}s naming the
     * field and never quoting the value.
     */
    public static final class Builder {
        private PersonalIdNumber idNumber;
        private String fullName;
        private PartialDate birthDate;
        private final Set<CitizenField> fields = EnumSet.noneOf(CitizenField.class);
        private @Nullable RequestContext context;
        private String consentToken;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The 12-digit personal ID number.
         *
         * @param idNumber 12 digits
         * @return this builder
         */
        public Builder idNumber(String idNumber) {
            if (idNumber == null || idNumber.isBlank()) {
                throw new InvalidInputException("idNumber", "is required");
            }
            this.idNumber = PersonalIdNumber.parse(idNumber, clock);
            return this;
        }

        /**
         * The personal ID number asked about (required).
         *
         * @param idNumber the number
         * @return this builder
         */
        public Builder idNumber(PersonalIdNumber idNumber) {
            if (idNumber == null) {
                throw new InvalidInputException("idNumber", "is required");
            }
            this.idNumber = idNumber;
            return this;
        }

        /**
         * The full name as the agency holds it; compared case- and accent-insensitively.
         *
         * @param fullName the name
         * @return this builder
         */
        public Builder fullName(String fullName) {
            String n = VietnameseNames.normalize(fullName);
            // docs/protocol.md section 1: code points, so a Chữ Nôm name is not cut at half its length.
            if (n.codePointCount(0, n.length()) > MAX_NAME_LENGTH) {
                throw new InvalidInputException("fullName", "must be at most " + MAX_NAME_LENGTH + " characters");
            }
            this.fullName = n;
            return this;
        }

        /**
         * The date of birth as held: year only, year and month, or the full date.
         *
         * @param birthDate the date
         * @return this builder
         */
        public Builder birthDate(PartialDate birthDate) {
            if (birthDate == null) {
                throw new InvalidInputException("birthDate", "is required");
            }
            if (birthDate.isInFuture(clock)) {
                throw new InvalidInputException("birthDate", "must not be in the future");
            }
            this.birthDate = birthDate;
            return this;
        }

        /**
         * The date of birth in the wire form {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}.
         *
         * @param isoPartialDate the date
         * @return this builder
         */
        public Builder birthDate(String isoPartialDate) {
            if (isoPartialDate == null || isoPartialDate.isBlank()) {
                throw new InvalidInputException("birthDate", "is required");
            }
            PartialDate parsed;
            try {
                parsed = PartialDate.parseIso(isoPartialDate);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("birthDate", "must be yyyy, yyyy-MM or yyyy-MM-dd, a real date", e);
            }
            return birthDate(parsed);
        }

        /**
         * The full date of birth as held (required).
         *
         * @param birthDate the date
         * @return this builder
         */
        public Builder birthDate(LocalDate birthDate) {
            if (birthDate == null) {
                throw new InvalidInputException("birthDate", "is required");
            }
            return birthDate(PartialDate.of(birthDate));
        }

        /**
         * The fields wanted back, added to any already chosen.
         *
         * @param fields the fields
         * @return this builder
         */
        public Builder fields(CitizenField... fields) {
            if (fields == null) {
                throw new InvalidInputException("fields", "must not be null");
            }
            return fields(Arrays.asList(fields));
        }

        /**
         * The fields wanted back, added to any already chosen.
         *
         * @param fields the fields
         * @return this builder
         */
        public Builder fields(Collection<CitizenField> fields) {
            if (fields == null) {
                throw new InvalidInputException("fields", "must not be null");
            }
            for (CitizenField f : fields) {
                if (f == null) {
                    throw new InvalidInputException("fields", "must not contain null");
                }
                this.fields.add(f);
            }
            return this;
        }

        /**
         * The fields wanted back, by wire name ({@code permanentResidence}...); unknown names are refused.
         *
         * @param names wire names such as {@code permanentResidence}
         * @return this builder
         */
        public Builder fieldNames(String... names) {
            if (names == null) {
                throw new InvalidInputException("fields", "must not be null");
            }
            for (String name : names) {
                CitizenField f = CitizenField.fromWireName(name).orElseThrow(() ->
                        new InvalidInputException("fields", "unknown field name '" + safe(name)
                                + "'; see CitizenField for the names"));
                this.fields.add(f);
            }
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
         * The consent token the citizen gave the agency (through VNeID) for the fields that need
         * one: {@link CitizenField#requiresConsent()}. Optional; without it such fields are refused
         * with {@link ConsentRequiredException}.
         *
         * @param consentToken the token; null for none
         * @return this builder
         */
        public Builder consentToken(@Nullable String consentToken) {
            this.consentToken = PopulationClient.checkConsentToken(consentToken);
            return this;
        }

        /**
         * The clock used to tell whether dates lie in the future; the system clock by default.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new InvalidInputException("clock", "must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** {@return the request} */
        public LookupRequest build() {
            if (idNumber == null) {
                throw new InvalidInputException("idNumber", "is required");
            }
            if (fullName == null) {
                throw new InvalidInputException("fullName", "is required");
            }
            if (birthDate == null) {
                throw new InvalidInputException("birthDate", "is required");
            }
            if (fields.isEmpty()) {
                throw new InvalidInputException("fields", "name at least one field to return");
            }
            return new LookupRequest(this);
        }

        // A field name is not personal data, but it may be anything: keep it short and printable.
        private static String safe(String s) {
            if (s == null) {
                return "null";
            }
            String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
            return Masking.text(t.replaceAll("\\p{Cntrl}", "?"));
        }
    }
}
