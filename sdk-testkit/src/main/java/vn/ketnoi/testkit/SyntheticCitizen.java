package vn.ketnoi.testkit;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import vn.ketnoi.testkit.internal.Texts;

/**
 * One record of the sandbox's synthetic population register, holding the field groups of
 * the Law on Identity (protocol section 8.2). Immutable. Optional values are {@code null}
 * when the register has none.
 *
 * <p>{@link #toString()} masks the ID number, name and birth date, so a record can be logged
 * by a test without spreading even synthetic personal data around.
 */
public final class SyntheticCitizen {

    private final String idNumber;
    private final String fullName;
    private final List<String> otherNames;
    private final String birthDate;
    private final String sex;
    private final SyntheticAddress placeOfBirth;
    private final SyntheticAddress birthRegistrationPlace;
    private final SyntheticAddress placeOfOrigin;
    private final String ethnicity;
    private final String religion;
    private final String nationality;
    private final String bloodGroup;
    private final String oldIdNumber;
    private final SyntheticIdCard idCard;
    private final SyntheticRelative father;
    private final SyntheticRelative mother;
    private final SyntheticRelative spouse;
    private final SyntheticRelative legalRepresentative;
    private final SyntheticAddress permanentResidence;
    private final SyntheticAddress temporaryResidence;
    private final SyntheticAddress currentResidence;
    private final String householdId;
    private final String headIdNumber;
    private final String relationshipToHead;
    private final String deathDate;
    private final String phone;
    private final String email;

    private SyntheticCitizen(Builder b) {
        this.idNumber = Objects.requireNonNull(b.idNumber, "idNumber");
        this.fullName = Objects.requireNonNull(b.fullName, "fullName");
        this.otherNames = List.copyOf(b.otherNames);
        this.birthDate = Objects.requireNonNull(b.birthDate, "birthDate");
        this.sex = Objects.requireNonNull(b.sex, "sex");
        this.placeOfBirth = b.placeOfBirth;
        this.birthRegistrationPlace = b.birthRegistrationPlace;
        this.placeOfOrigin = b.placeOfOrigin;
        this.ethnicity = b.ethnicity;
        this.religion = b.religion;
        this.nationality = Objects.requireNonNull(b.nationality, "nationality");
        this.bloodGroup = b.bloodGroup;
        this.oldIdNumber = b.oldIdNumber;
        this.idCard = b.idCard;
        this.father = b.father;
        this.mother = b.mother;
        this.spouse = b.spouse;
        this.legalRepresentative = b.legalRepresentative;
        this.permanentResidence = b.permanentResidence;
        this.temporaryResidence = b.temporaryResidence;
        this.currentResidence = b.currentResidence;
        this.householdId = b.householdId;
        this.headIdNumber = b.headIdNumber;
        this.relationshipToHead = b.relationshipToHead;
        this.deathDate = b.deathDate;
        this.phone = b.phone;
        this.email = b.email;
    }

    /** {@return a builder; used by the population generator and by tests that need a hand-made record} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the 12-digit personal ID number} */
    public String idNumber() {
        return idNumber;
    }

    /** {@return full name, Unicode NFC, with diacritics} */
    public String fullName() {
        return fullName;
    }

    /** {@return other names; empty when none} */
    public List<String> otherNames() {
        return otherNames;
    }

    /** {@return date of birth as a partial date: {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}} */
    public String birthDate() {
        return birthDate;
    }

    /** {@return whether the birth date is a full {@code yyyy-MM-dd} date} */
    public boolean hasFullBirthDate() {
        return birthDate.length() == 10;
    }

    /** {@return {@code MALE} or {@code FEMALE}} */
    public String sex() {
        return sex;
    }

    /** {@return place of birth} */
    public SyntheticAddress placeOfBirth() {
        return placeOfBirth;
    }

    /** {@return place where the birth was registered} */
    public SyntheticAddress birthRegistrationPlace() {
        return birthRegistrationPlace;
    }

    /** {@return place of origin (quê quán)} */
    public SyntheticAddress placeOfOrigin() {
        return placeOfOrigin;
    }

    /** {@return ethnic group, Vietnamese name} */
    public String ethnicity() {
        return ethnicity;
    }

    /** {@return religion, or {@code Không}} */
    public String religion() {
        return religion;
    }

    /** {@return ISO 3166-1 alpha-2 nationality, {@code VN}} */
    public String nationality() {
        return nationality;
    }

    /** {@return blood group, or {@code null} when unknown} */
    public @Nullable String bloodGroup() {
        return bloodGroup;
    }

    /** {@return the old 9-digit ID card number, or {@code null}} */
    public @Nullable String oldIdNumber() {
        return oldIdNumber;
    }

    /** {@return the current ID card, or {@code null} (children below 14 have none)} */
    public @Nullable SyntheticIdCard idCard() {
        return idCard;
    }

    /** {@return father, or {@code null}} */
    public @Nullable SyntheticRelative father() {
        return father;
    }

    /** {@return mother, or {@code null}} */
    public @Nullable SyntheticRelative mother() {
        return mother;
    }

    /** {@return spouse, or {@code null}} */
    public @Nullable SyntheticRelative spouse() {
        return spouse;
    }

    /** {@return legal representative (for minors), or {@code null}} */
    public @Nullable SyntheticRelative legalRepresentative() {
        return legalRepresentative;
    }

    /** {@return permanent residence} */
    public SyntheticAddress permanentResidence() {
        return permanentResidence;
    }

    /** {@return temporary residence, or {@code null}} */
    public @Nullable SyntheticAddress temporaryResidence() {
        return temporaryResidence;
    }

    /** {@return current residence} */
    public SyntheticAddress currentResidence() {
        return currentResidence;
    }

    /** {@return the household the citizen belongs to} */
    public String householdId() {
        return householdId;
    }

    /** {@return ID number of the head of the household} */
    public String headIdNumber() {
        return headIdNumber;
    }

    /** {@return relationship to the head of household: Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu} */
    public String relationshipToHead() {
        return relationshipToHead;
    }

    /** {@return date of death or of being declared missing, partial date, or {@code null}} */
    public @Nullable String deathDate() {
        return deathDate;
    }

    /** {@return whether a date of death is recorded} */
    public boolean isDeceased() {
        return deathDate != null;
    }

    /** {@return phone number, or {@code null}} */
    public @Nullable String phone() {
        return phone;
    }

    /** {@return e-mail address, or {@code null}} */
    public @Nullable String email() {
        return email;
    }

    /** Masks the ID number, name and birth date. */
    @Override
    public String toString() {
        return "SyntheticCitizen[idNumber=" + Texts.mask(idNumber)
                + ", fullName=" + Texts.maskName(fullName)
                + ", birthDate=" + birthDate.substring(0, 2) + "**"
                + ", sex=" + sex
                + (deathDate != null ? ", deceased" : "")
                + "]";
    }

    /** Builder of a {@link SyntheticCitizen}. */
    public static final class Builder {
        private String idNumber;
        private String fullName;
        private List<String> otherNames = List.of();
        private String birthDate;
        private String sex;
        private SyntheticAddress placeOfBirth;
        private SyntheticAddress birthRegistrationPlace;
        private SyntheticAddress placeOfOrigin;
        private String ethnicity;
        private String religion;
        private String nationality = "VN";
        private String bloodGroup;
        private String oldIdNumber;
        private SyntheticIdCard idCard;
        private SyntheticRelative father;
        private SyntheticRelative mother;
        private SyntheticRelative spouse;
        private SyntheticRelative legalRepresentative;
        private SyntheticAddress permanentResidence;
        private SyntheticAddress temporaryResidence;
        private SyntheticAddress currentResidence;
        private String householdId;
        private String headIdNumber;
        private String relationshipToHead;
        private String deathDate;
        private String phone;
        private String email;

        private Builder() {
        }

        /**
         * Sets the ID number.
         *
         * @param v value
         * @return this
         */
        public Builder idNumber(String v) { idNumber = v; return this; }
        /**
         * Sets the full name.
         *
         * @param v value
         * @return this
         */
        public Builder fullName(String v) { fullName = v; return this; }
        /**
         * Sets other names.
         *
         * @param v value
         * @return this
         */
        public Builder otherNames(List<String> v) { otherNames = v; return this; }
        /**
         * Sets the birth date (partial date).
         *
         * @param v value
         * @return this
         */
        public Builder birthDate(String v) { birthDate = v; return this; }
        /**
         * Sets the sex.
         *
         * @param v value
         * @return this
         */
        public Builder sex(String v) { sex = v; return this; }
        /**
         * Sets the place of birth.
         *
         * @param v value
         * @return this
         */
        public Builder placeOfBirth(SyntheticAddress v) { placeOfBirth = v; return this; }
        /**
         * Sets the birth registration place.
         *
         * @param v value
         * @return this
         */
        public Builder birthRegistrationPlace(SyntheticAddress v) { birthRegistrationPlace = v; return this; }
        /**
         * Sets the place of origin.
         *
         * @param v value
         * @return this
         */
        public Builder placeOfOrigin(SyntheticAddress v) { placeOfOrigin = v; return this; }
        /**
         * Sets the ethnicity.
         *
         * @param v value
         * @return this
         */
        public Builder ethnicity(String v) { ethnicity = v; return this; }
        /**
         * Sets the religion.
         *
         * @param v value
         * @return this
         */
        public Builder religion(String v) { religion = v; return this; }
        /**
         * Sets the nationality.
         *
         * @param v value
         * @return this
         */
        public Builder nationality(String v) { nationality = v; return this; }
        /**
         * Sets the blood group.
         *
         * @param v value
         * @return this
         */
        public Builder bloodGroup(String v) { bloodGroup = v; return this; }
        /**
         * Sets the old ID number.
         *
         * @param v value
         * @return this
         */
        public Builder oldIdNumber(String v) { oldIdNumber = v; return this; }
        /**
         * Sets the ID card.
         *
         * @param v value
         * @return this
         */
        public Builder idCard(SyntheticIdCard v) { idCard = v; return this; }
        /**
         * Sets the father.
         *
         * @param v value
         * @return this
         */
        public Builder father(SyntheticRelative v) { father = v; return this; }
        /**
         * Sets the mother.
         *
         * @param v value
         * @return this
         */
        public Builder mother(SyntheticRelative v) { mother = v; return this; }
        /**
         * Sets the spouse.
         *
         * @param v value
         * @return this
         */
        public Builder spouse(SyntheticRelative v) { spouse = v; return this; }
        /**
         * Sets the legal representative.
         *
         * @param v value
         * @return this
         */
        public Builder legalRepresentative(SyntheticRelative v) { legalRepresentative = v; return this; }
        /**
         * Sets the permanent residence.
         *
         * @param v value
         * @return this
         */
        public Builder permanentResidence(SyntheticAddress v) { permanentResidence = v; return this; }
        /**
         * Sets the temporary residence.
         *
         * @param v value
         * @return this
         */
        public Builder temporaryResidence(SyntheticAddress v) { temporaryResidence = v; return this; }
        /**
         * Sets the current residence.
         *
         * @param v value
         * @return this
         */
        public Builder currentResidence(SyntheticAddress v) { currentResidence = v; return this; }
        /**
         * Sets the household id.
         *
         * @param v value
         * @return this
         */
        public Builder householdId(String v) { householdId = v; return this; }
        /**
         * Sets the head's ID number.
         *
         * @param v value
         * @return this
         */
        public Builder headIdNumber(String v) { headIdNumber = v; return this; }
        /**
         * Sets the relationship to the head.
         *
         * @param v value
         * @return this
         */
        public Builder relationshipToHead(String v) { relationshipToHead = v; return this; }
        /**
         * Sets the death date (partial date).
         *
         * @param v value
         * @return this
         */
        public Builder deathDate(String v) { deathDate = v; return this; }
        /**
         * Sets the phone number.
         *
         * @param v value
         * @return this
         */
        public Builder phone(String v) { phone = v; return this; }
        /**
         * Sets the e-mail address.
         *
         * @param v value
         * @return this
         */
        public Builder email(String v) { email = v; return this; }

        /**
         * Builds the record.
         *
         * @return the record
         */
        public SyntheticCitizen build() {
            return new SyntheticCitizen(this);
        }
    }
}
