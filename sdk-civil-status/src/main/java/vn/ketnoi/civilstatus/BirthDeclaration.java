package vn.ketnoi.civilstatus;

import java.time.LocalDate;
import java.util.UUID;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;

/**
 * A birth to register: the child's name, date of birth and sex, the parents (by ID number, the
 * mother required) and the registering authority. The population database assigns the child's
 * personal ID number and records the permanent residence (the mother's). Carries the write's
 * idempotency key, made once: registering the same declaration again is the same birth, never a
 * second child. Immutable.
 */
public final class BirthDeclaration {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final String childName;
    private final LocalDate birthDate;
    private final Sex sex;
    private final PersonalIdNumber mother;
    private final PersonalIdNumber father;
    private final String authorityCode;
    private final String idempotencyKey;

    private BirthDeclaration(Builder b) {
        this.childName = b.childName;
        this.birthDate = b.birthDate;
        this.sex = b.sex;
        this.mother = b.mother;
        this.father = b.father;
        this.authorityCode = b.authorityCode;
        this.idempotencyKey = b.idempotencyKey;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the child's full name} */
    public String childName() {
        return childName;
    }

    /** {@return the date of birth} */
    public LocalDate birthDate() {
        return birthDate;
    }

    /** {@return the child's sex} */
    public Sex sex() {
        return sex;
    }

    /** {@return the mother's ID number} */
    public PersonalIdNumber mother() {
        return mother;
    }

    /** {@return the father's ID number, or null} */
    public PersonalIdNumber father() {
        return father;
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
        return "BirthDeclaration[authority " + authorityCode + ", key " + idempotencyKey + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String childName;
        private LocalDate birthDate;
        private Sex sex;
        private PersonalIdNumber mother;
        private PersonalIdNumber father;
        private String authorityCode;
        private String idempotencyKey;

        private Builder() {
        }

        /**
         * @param childName the child's full name, 1 to 100 characters
         * @return this builder
         */
        public Builder childName(String childName) {
            this.childName = childName;
            return this;
        }

        /**
         * @param birthDate the date of birth
         * @return this builder
         */
        public Builder birthDate(LocalDate birthDate) {
            this.birthDate = birthDate;
            return this;
        }

        /**
         * @param sex {@link Sex#MALE} or {@link Sex#FEMALE}
         * @return this builder
         */
        public Builder sex(Sex sex) {
            this.sex = sex;
            return this;
        }

        /**
         * @param mother the mother's personal ID number
         * @return this builder
         */
        public Builder mother(PersonalIdNumber mother) {
            this.mother = mother;
            return this;
        }

        /**
         * @param father the father's personal ID number, or null
         * @return this builder
         */
        public Builder father(PersonalIdNumber father) {
            this.father = father;
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
        public BirthDeclaration build() {
            if (childName == null || childName.isBlank() || childName.strip().length() > 100) {
                throw new InvalidInputException("childName", "is required, 1 to 100 characters");
            }
            childName = java.text.Normalizer.normalize(childName.strip(), java.text.Normalizer.Form.NFC);
            if (birthDate == null) {
                throw new InvalidInputException("birthDate", "is required");
            }
            if (sex != Sex.MALE && sex != Sex.FEMALE) {
                throw new InvalidInputException("sex", "must be MALE or FEMALE");
            }
            if (mother == null) {
                throw new InvalidInputException("mother", "is required");
            }
            EntryReference.of("1", "1", authorityCode); // the authority code's one rule
            idempotencyKey = checkKey(idempotencyKey);
            return new BirthDeclaration(this);
        }
    }

    static String checkKey(String key) {
        if (key == null) {
            return UUID.randomUUID().toString();
        }
        if (!UUID_FORM.matcher(key).matches()) {
            throw new InvalidInputException("idempotencyKey", "must be a lower-case hyphenated UUID");
        }
        return key;
    }
}
