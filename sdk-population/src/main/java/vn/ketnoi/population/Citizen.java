package vn.ketnoi.population;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
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
     * @return this builder
     */
    public static Builder builder(PersonalIdNumber idNumber) {
        return new Builder(idNumber);
    }

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

    public Optional<String> fullName() {
        return Optional.ofNullable(fullName);
    }

    public List<String> otherNames() {
        return otherNames;
    }

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

    public Optional<Address> placeOfBirth() {
        return Optional.ofNullable(placeOfBirth);
    }

    public Optional<Address> birthRegistrationPlace() {
        return Optional.ofNullable(birthRegistrationPlace);
    }

    public Optional<Address> placeOfOrigin() {
        return Optional.ofNullable(placeOfOrigin);
    }

    public Optional<String> ethnicity() {
        return Optional.ofNullable(ethnicity);
    }

    public Optional<String> religion() {
        return Optional.ofNullable(religion);
    }

    public Optional<String> nationality() {
        return Optional.ofNullable(nationality);
    }

    public Optional<String> bloodGroup() {
        return Optional.ofNullable(bloodGroup);
    }

    public Optional<OldIdNumber> oldIdNumber() {
        return Optional.ofNullable(oldIdNumber);
    }

    public Optional<IdCard> idCard() {
        return Optional.ofNullable(idCard);
    }

    public Optional<Relative> father() {
        return Optional.ofNullable(father);
    }

    public Optional<Relative> mother() {
        return Optional.ofNullable(mother);
    }

    public Optional<Relative> spouse() {
        return Optional.ofNullable(spouse);
    }

    public Optional<Relative> legalRepresentative() {
        return Optional.ofNullable(legalRepresentative);
    }

    public Optional<Address> permanentResidence() {
        return Optional.ofNullable(permanentResidence);
    }

    public Optional<Address> temporaryResidence() {
        return Optional.ofNullable(temporaryResidence);
    }

    public Optional<Address> currentResidence() {
        return Optional.ofNullable(currentResidence);
    }

    public Optional<HouseholdMembership> household() {
        return Optional.ofNullable(household);
    }

    /** {@return the date of death or of being declared missing; empty for the living and when not asked for} */
    public Optional<PartialDate> deathDate() {
        return Optional.ofNullable(deathDate);
    }

    public Optional<String> phone() {
        return Optional.ofNullable(phone);
    }

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

        private Builder(PersonalIdNumber idNumber) {
            this.idNumber = java.util.Objects.requireNonNull(idNumber, "idNumber");
        }

        public Builder retrievedAt(Instant v) { this.retrievedAt = v; return this; }
        public Builder fullName(String v) { this.fullName = v; return this; }
        public Builder otherNames(List<String> v) { this.otherNames = v; return this; }
        public Builder birthDate(PartialDate v) { this.birthDate = v; return this; }
        public Builder sex(Sex v) { this.sex = v; return this; }
        public Builder placeOfBirth(Address v) { this.placeOfBirth = v; return this; }
        public Builder birthRegistrationPlace(Address v) { this.birthRegistrationPlace = v; return this; }
        public Builder placeOfOrigin(Address v) { this.placeOfOrigin = v; return this; }
        public Builder ethnicity(String v) { this.ethnicity = v; return this; }
        public Builder religion(String v) { this.religion = v; return this; }
        public Builder nationality(String v) { this.nationality = v; return this; }
        public Builder bloodGroup(String v) { this.bloodGroup = v; return this; }
        public Builder oldIdNumber(OldIdNumber v) { this.oldIdNumber = v; return this; }
        public Builder idCard(IdCard v) { this.idCard = v; return this; }
        public Builder father(Relative v) { this.father = v; return this; }
        public Builder mother(Relative v) { this.mother = v; return this; }
        public Builder spouse(Relative v) { this.spouse = v; return this; }
        public Builder legalRepresentative(Relative v) { this.legalRepresentative = v; return this; }
        public Builder permanentResidence(Address v) { this.permanentResidence = v; return this; }
        public Builder temporaryResidence(Address v) { this.temporaryResidence = v; return this; }
        public Builder currentResidence(Address v) { this.currentResidence = v; return this; }
        public Builder household(HouseholdMembership v) { this.household = v; return this; }
        public Builder deathDate(PartialDate v) { this.deathDate = v; return this; }
        public Builder phone(String v) { this.phone = v; return this; }
        public Builder email(String v) { this.email = v; return this; }

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

        public Citizen build() {
            return new Citizen(this);
        }
    }
}
