package vn.ketnoi.civilstatus;

import java.time.LocalDate;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;

/**
 * A death to register: who died, when, where, and the registering authority. The population
 * database removes the permanent residence and its change feed carries the death. Carries the
 * write's idempotency key, made once. Immutable.
 */
public final class DeathDeclaration {
    private final PersonalIdNumber deceased;
    private final LocalDate deathDate;
    private final String placeOfDeath;
    private final String authorityCode;
    private final String idempotencyKey;

    private DeathDeclaration(Builder b) {
        this.deceased = b.deceased;
        this.deathDate = b.deathDate;
        this.placeOfDeath = b.placeOfDeath;
        this.authorityCode = b.authorityCode;
        this.idempotencyKey = b.idempotencyKey;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the deceased's ID number} */
    public PersonalIdNumber deceased() {
        return deceased;
    }

    /** {@return the date of death} */
    public LocalDate deathDate() {
        return deathDate;
    }

    /** {@return the place of death, or null} */
    public String placeOfDeath() {
        return placeOfDeath;
    }

    /** {@return the registering authority's code} */
    public String authorityCode() {
        return authorityCode;
    }

    /** {@return the write's idempotency key} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return no personal data} */
    @Override
    public String toString() {
        return "DeathDeclaration[authority " + authorityCode + ", key " + idempotencyKey + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private PersonalIdNumber deceased;
        private LocalDate deathDate;
        private String placeOfDeath;
        private String authorityCode;
        private String idempotencyKey;

        private Builder() {
        }

        /**
         * @param deceased the deceased's personal ID number
         * @return this builder
         */
        public Builder deceased(PersonalIdNumber deceased) {
            this.deceased = deceased;
            return this;
        }

        /**
         * @param deathDate the date of death
         * @return this builder
         */
        public Builder deathDate(LocalDate deathDate) {
            this.deathDate = deathDate;
            return this;
        }

        /**
         * @param placeOfDeath the place of death, at most 200 characters, or null
         * @return this builder
         */
        public Builder placeOfDeath(String placeOfDeath) {
            this.placeOfDeath = placeOfDeath;
            return this;
        }

        /**
         * @param authorityCode the registering People's Committee's 5-digit code
         * @return this builder
         */
        public Builder authorityCode(String authorityCode) {
            this.authorityCode = authorityCode;
            return this;
        }

        /**
         * @param idempotencyKey the write's key, a lower-case hyphenated UUID; made when absent
         * @return this builder
         */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        /**
         * {@return the declaration}
         *
         * @throws InvalidInputException naming the field that is missing or wrong
         */
        public DeathDeclaration build() {
            if (deceased == null) {
                throw new InvalidInputException("deceased", "is required");
            }
            if (deathDate == null) {
                throw new InvalidInputException("deathDate", "is required");
            }
            if (placeOfDeath != null && (placeOfDeath.isBlank() || placeOfDeath.length() > 200)) {
                throw new InvalidInputException("placeOfDeath", "must be 1 to 200 characters when given");
            }
            EntryReference.of("1", "1", authorityCode);
            idempotencyKey = BirthDeclaration.checkKey(idempotencyKey);
            return new DeathDeclaration(this);
        }
    }
}
