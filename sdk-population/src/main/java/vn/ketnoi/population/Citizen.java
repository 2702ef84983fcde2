package vn.ketnoi.population;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.identity.Address;
import vn.ketnoi.core.identity.OldIdNumber;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.Sex;

/**
 * A citizen's record as the population database returned it: the ID number, and only the fields
 * that were asked for and that the register holds. Every other accessor returns an empty value;
 * {@link #fields()} says which were returned. Immutable. {@link #toString()} shows no personal
 * data, only which fields are present.
 */
public final class Citizen {
    private final PersonalIdNumber idNumber;
    private final Set<CitizenField> fields;
    private final Instant retrievedAt;
    private final String fullName;
    private final List<String> otherNames;
    private final PartialDate birthDate;
    private final Sex sex;
    private final Address placeOfBirth;
    private final Address birthRegistrationPlace;
    private final Address placeOfOrigin;
    private final String ethnicity;
    private final String religion;
    private final String nationality;
    private final String bloodGroup;
    private final OldIdNumber oldIdNumber;
    private final IdCard idCard;
    private final Relative father;
    private final Relative mother;
    private final Relative spouse;
    private final Relative legalRepresentative;
    private final Address permanentResidence;
    private final Address temporaryResidence;
    private final Address currentResidence;
    private final HouseholdMembership household;
    private final PartialDate deathDate;
    private final String phone;
    private final String email;
    private final Integrity integrity;
    private final Map<SourceField, IntegratedField> integrated;

    private Citizen(Builder b) {
        this.idNumber = b.idNumber;
        this.integrity = b.integrity;
        this.retrievedAt = b.retrievedAt;
        this.fullName = b.fullName;
        this.otherNames = b.otherNames == null ? List.of() : List.copyOf(b.otherNames);
        this.birthDate = b.birthDate;
        this.sex = b.sex;
        this.placeOfBirth = b.placeOfBirth;
        this.birthRegistrationPlace = b.birthRegistrationPlace;
        this.placeOfOrigin = b.placeOfOrigin;
        this.ethnicity = b.ethnicity;
        this.religion = b.religion;
        this.nationality = b.nationality;
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
        this.household = b.household;
        this.deathDate = b.deathDate;
        this.phone = b.phone;
        this.email = b.email;
        Set<CitizenField> present = EnumSet.noneOf(CitizenField.class);
        addIf(present, CitizenField.FULL_NAME, fullName);
        addIf(present, CitizenField.OTHER_NAMES, b.otherNames);
        addIf(present, CitizenField.BIRTH_DATE, birthDate);
        addIf(present, CitizenField.SEX, sex);
        addIf(present, CitizenField.PLACE_OF_BIRTH, placeOfBirth);
        addIf(present, CitizenField.BIRTH_REGISTRATION_PLACE, birthRegistrationPlace);
        addIf(present, CitizenField.PLACE_OF_ORIGIN, placeOfOrigin);
        addIf(present, CitizenField.ETHNICITY, ethnicity);
        addIf(present, CitizenField.RELIGION, religion);
        addIf(present, CitizenField.NATIONALITY, nationality);
        addIf(present, CitizenField.BLOOD_GROUP, bloodGroup);
        addIf(present, CitizenField.OLD_ID_NUMBER, oldIdNumber);
        addIf(present, CitizenField.ID_CARD, idCard);
        addIf(present, CitizenField.FATHER, father);
        addIf(present, CitizenField.MOTHER, mother);
        addIf(present, CitizenField.SPOUSE, spouse);
        addIf(present, CitizenField.LEGAL_REPRESENTATIVE, legalRepresentative);
        addIf(present, CitizenField.PERMANENT_RESIDENCE, permanentResidence);
        addIf(present, CitizenField.TEMPORARY_RESIDENCE, temporaryResidence);
        addIf(present, CitizenField.CURRENT_RESIDENCE, currentResidence);
        addIf(present, CitizenField.HOUSEHOLD, household);
        addIf(present, CitizenField.DEATH_DATE, deathDate);
        addIf(present, CitizenField.PHONE, phone);
        addIf(present, CitizenField.EMAIL, email);
        Map<SourceField, IntegratedField> pushed = new EnumMap<>(SourceField.class);
        pushed.putAll(b.integrated);
        this.integrated = Collections.unmodifiableMap(pushed);
        pushed.keySet().forEach(f -> present.add(f.citizenField()));
        this.fields = Collections.unmodifiableSet(present);
    }

    private static void addIf(Set<CitizenField> set, CitizenField f, Object value) {
        if (value != null) {
            set.add(f);
        }
    }

    /**
     * For the SDK's response mapping and for tests of applications; not needed to use the client.
     *
     * @param idNumber the record's personal ID number
     * @return this builder
     */
    public static Builder builder(PersonalIdNumber idNumber) {
        return new Builder(idNumber);
    }

    /**
     * A field another agency is the source of and pushed into the register (section 8.11), with
     * that agency and the as-of time. Present only when the lookup asked for
     * {@link SourceField#citizenField()}, the agency's grant covers it, and a value was pushed.
     *
     * @param field the field
     * @return the value, its source and as-of time, or empty
     */
    public Optional<IntegratedField> integrated(SourceField field) {
        return Optional.ofNullable(integrated.get(java.util.Objects.requireNonNull(field, "field")));
    }

    /** {@return the personal ID number the record is filed under} */
    public PersonalIdNumber idNumber() {
        return idNumber;
    }

    /** {@return the fields the register returned} */
    public Set<CitizenField> fields() {
        return fields;
    }

    /**
     * {@return what protected this record on its way from the register: {@link Integrity#END_TO_END_SIGNED}
     * when the provider's signature over it was verified, {@link Integrity#TRANSPORT_ONLY} when only
     * the connections did (a wire profile without end-to-end signatures, {@code docs/wire-profiles.md})}
     */
    public Integrity integrity() {
        return integrity;
    }

    /** {@return when the provider read the record, if it said} */
    public Optional<Instant> retrievedAt() {
        return Optional.ofNullable(retrievedAt);
    }

    /** {@return the full name as registered, with Vietnamese diacritics; empty when not asked for or not on record} */
    public Optional<String> fullName() {
        return Optional.ofNullable(fullName);
    }

    /** {@return other names the citizen is known by; empty when none, not asked for or not on record} */
    public List<String> otherNames() {
        return otherNames;
    }

    /** {@return the date of birth, possibly only a year or a month; empty when not asked for or not on record} */
    public Optional<PartialDate> birthDate() {
        return Optional.ofNullable(birthDate);
    }

    /**
     * The sex on record; empty when not asked for or not recorded. {@link Sex#UNKNOWN} when the
     * register holds a value this SDK version does not know (protocol section 7).
     *
     * @return the sex
     */
    public Optional<Sex> sex() {
        return Optional.ofNullable(sex);
    }

    /** {@return the place of birth; empty when not asked for or not on record} */
    public Optional<Address> placeOfBirth() {
        return Optional.ofNullable(placeOfBirth);
    }

    /** {@return where the birth was registered; empty when not asked for or not on record} */
    public Optional<Address> birthRegistrationPlace() {
        return Optional.ofNullable(birthRegistrationPlace);
    }

    /** {@return the place of origin (quê quán); empty when not asked for or not on record} */
    public Optional<Address> placeOfOrigin() {
        return Optional.ofNullable(placeOfOrigin);
    }

    /** {@return the ethnic group; empty when not asked for or not on record} */
    public Optional<String> ethnicity() {
        return Optional.ofNullable(ethnicity);
    }

    /** {@return the religion; empty when not asked for or not on record} */
    public Optional<String> religion() {
        return Optional.ofNullable(religion);
    }

    /** {@return the nationality; empty when not asked for or not on record} */
    public Optional<String> nationality() {
        return Optional.ofNullable(nationality);
    }

    /** {@return the blood group; empty when not asked for or not on record} */
    public Optional<String> bloodGroup() {
        return Optional.ofNullable(bloodGroup);
    }

    /** {@return the former 9- or 12-digit ID number; empty when not asked for or not on record} */
    public Optional<OldIdNumber> oldIdNumber() {
        return Optional.ofNullable(oldIdNumber);
    }

    /** {@return the current ID card; empty when not asked for or not on record} */
    public Optional<IdCard> idCard() {
        return Optional.ofNullable(idCard);
    }

    /** {@return the father; empty when not asked for or not on record} */
    public Optional<Relative> father() {
        return Optional.ofNullable(father);
    }

    /** {@return the mother; empty when not asked for or not on record} */
    public Optional<Relative> mother() {
        return Optional.ofNullable(mother);
    }

    /** {@return the spouse; empty when not asked for or not on record} */
    public Optional<Relative> spouse() {
        return Optional.ofNullable(spouse);
    }

    /** {@return the legal representative (guardian); empty when not asked for or not on record} */
    public Optional<Relative> legalRepresentative() {
        return Optional.ofNullable(legalRepresentative);
    }

    /** {@return the permanent residence (thường trú); empty when not asked for or not on record} */
    public Optional<Address> permanentResidence() {
        return Optional.ofNullable(permanentResidence);
    }

    /** {@return the temporary residence (tạm trú); empty when not asked for or not on record} */
    public Optional<Address> temporaryResidence() {
        return Optional.ofNullable(temporaryResidence);
    }

    /** {@return where the citizen lives now; empty when not asked for or not on record} */
    public Optional<Address> currentResidence() {
        return Optional.ofNullable(currentResidence);
    }

    /** {@return the household the citizen belongs to; empty when not asked for or not on record} */
    public Optional<HouseholdMembership> household() {
        return Optional.ofNullable(household);
    }

    /** {@return the date of death or of being declared missing; empty for the living and when not asked for} */
    public Optional<PartialDate> deathDate() {
        return Optional.ofNullable(deathDate);
    }

    /** {@return the phone number; empty when not asked for or not on record} */
    public Optional<String> phone() {
        return Optional.ofNullable(phone);
    }

    /** {@return the e-mail address; empty when not asked for or not on record} */
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Citizen c && idNumber.equals(c.idNumber) && fields.equals(c.fields)
                && java.util.Objects.equals(fullName, c.fullName) && java.util.Objects.equals(birthDate, c.birthDate);
    }

    @Override
    public int hashCode() {
        return idNumber.hashCode();
    }

    @Override
    public String toString() {
        return "Citizen[idNumber=" + idNumber.masked() + ", fields=" + fields + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final PersonalIdNumber idNumber;
        private Instant retrievedAt;
        private String fullName;
        private List<String> otherNames;
        private PartialDate birthDate;
        private Sex sex;
        private Address placeOfBirth;
        private Address birthRegistrationPlace;
        private Address placeOfOrigin;
        private String ethnicity;
        private String religion;
        private String nationality;
        private String bloodGroup;
        private OldIdNumber oldIdNumber;
        private IdCard idCard;
        private Relative father;
        private Relative mother;
        private Relative spouse;
        private Relative legalRepresentative;
        private Address permanentResidence;
        private Address temporaryResidence;
        private Address currentResidence;
        private HouseholdMembership household;
        private PartialDate deathDate;
        private String phone;
        private String email;
        private Integrity integrity = Integrity.TRANSPORT_ONLY;
        private final Map<SourceField, IntegratedField> integrated = new EnumMap<>(SourceField.class);

        private Builder(PersonalIdNumber idNumber) {
            this.idNumber = java.util.Objects.requireNonNull(idNumber, "idNumber");
        }

        /**
         * Sets {@link Citizen#retrievedAt()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder retrievedAt(Instant v) {
            this.retrievedAt = v;
            return this;
        }
        /**
         * Sets {@link Citizen#fullName()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder fullName(String v) {
            this.fullName = v;
            return this;
        }
        /**
         * Sets {@link Citizen#otherNames()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder otherNames(List<String> v) {
            this.otherNames = v;
            return this;
        }
        /**
         * Sets {@link Citizen#birthDate()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder birthDate(PartialDate v) {
            this.birthDate = v;
            return this;
        }
        /**
         * Sets {@link Citizen#sex()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder sex(Sex v) {
            this.sex = v;
            return this;
        }
        /**
         * Sets {@link Citizen#placeOfBirth()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder placeOfBirth(Address v) {
            this.placeOfBirth = v;
            return this;
        }
        /**
         * Sets {@link Citizen#birthRegistrationPlace()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder birthRegistrationPlace(Address v) {
            this.birthRegistrationPlace = v;
            return this;
        }
        /**
         * Sets {@link Citizen#placeOfOrigin()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder placeOfOrigin(Address v) {
            this.placeOfOrigin = v;
            return this;
        }
        /**
         * Sets {@link Citizen#ethnicity()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder ethnicity(String v) {
            this.ethnicity = v;
            return this;
        }
        /**
         * Sets {@link Citizen#religion()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder religion(String v) {
            this.religion = v;
            return this;
        }
        /**
         * Sets {@link Citizen#nationality()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder nationality(String v) {
            this.nationality = v;
            return this;
        }
        /**
         * Sets {@link Citizen#bloodGroup()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder bloodGroup(String v) {
            this.bloodGroup = v;
            return this;
        }
        /**
         * Sets {@link Citizen#oldIdNumber()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder oldIdNumber(OldIdNumber v) {
            this.oldIdNumber = v;
            return this;
        }
        /**
         * Sets {@link Citizen#idCard()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder idCard(IdCard v) {
            this.idCard = v;
            return this;
        }
        /**
         * Sets {@link Citizen#father()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder father(Relative v) {
            this.father = v;
            return this;
        }
        /**
         * Sets {@link Citizen#mother()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder mother(Relative v) {
            this.mother = v;
            return this;
        }
        /**
         * Sets {@link Citizen#spouse()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder spouse(Relative v) {
            this.spouse = v;
            return this;
        }
        /**
         * Sets {@link Citizen#legalRepresentative()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder legalRepresentative(Relative v) {
            this.legalRepresentative = v;
            return this;
        }
        /**
         * Sets {@link Citizen#permanentResidence()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder permanentResidence(Address v) {
            this.permanentResidence = v;
            return this;
        }
        /**
         * Sets {@link Citizen#temporaryResidence()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder temporaryResidence(Address v) {
            this.temporaryResidence = v;
            return this;
        }
        /**
         * Sets {@link Citizen#currentResidence()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder currentResidence(Address v) {
            this.currentResidence = v;
            return this;
        }
        /**
         * Sets {@link Citizen#household()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder household(HouseholdMembership v) {
            this.household = v;
            return this;
        }
        /**
         * Sets {@link Citizen#deathDate()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder deathDate(PartialDate v) {
            this.deathDate = v;
            return this;
        }
        /**
         * Sets {@link Citizen#phone()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder phone(String v) {
            this.phone = v;
            return this;
        }
        /**
         * Sets {@link Citizen#email()}.
         *
         * @param v the value; null when absent
         * @return this builder
         */
        public Builder email(String v) {
            this.email = v;
            return this;
        }

        /**
         * What protected the record (default {@link Integrity#TRANSPORT_ONLY}, the weaker claim): a
         * wire profile says {@link Integrity#END_TO_END_SIGNED} only for a record whose provider
         * signature it verified.
         *
         * @param v the integrity
         * @return this builder
         */
        public Builder integrity(Integrity v) {
            this.integrity = java.util.Objects.requireNonNull(v, "integrity");
            return this;
        }

        /**
         * Sets {@link Citizen#integrated(SourceField)} for the value's field.
         *
         * @param v the pushed value with its source and as-of time
         * @return this builder
         */
        public Builder integrated(IntegratedField v) {
            integrated.put(v.field(), v);
            return this;
        }

        /** {@return the record} */
        public Citizen build() {
            return new Citizen(this);
        }
    }
}
