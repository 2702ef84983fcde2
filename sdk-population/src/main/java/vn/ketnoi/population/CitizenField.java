package vn.ketnoi.population;

import java.util.Optional;

/**
 * The fields of a citizen's record an agency can ask for (Law on Identity 2023, Art. 9;
 * {@code docs/protocol.md} section 8.2). Ask only for what the purpose needs: the provider checks
 * each field against the agency's grant, and the law asks for data minimisation.
 */
public enum CitizenField {
    /** The full name: {@link Citizen#fullName()}. */
    FULL_NAME("fullName"),
    /** Other names the citizen is known by: {@link Citizen#otherNames()}. */
    OTHER_NAMES("otherNames"),
    /** The date of birth: {@link Citizen#birthDate()}. */
    BIRTH_DATE("birthDate"),
    /** The sex: {@link Citizen#sex()}. */
    SEX("sex"),
    /** The place of birth: {@link Citizen#placeOfBirth()}. */
    PLACE_OF_BIRTH("placeOfBirth"),
    /** Where the birth was registered: {@link Citizen#birthRegistrationPlace()}. */
    BIRTH_REGISTRATION_PLACE("birthRegistrationPlace"),
    /** The place of origin (quê quán): {@link Citizen#placeOfOrigin()}. */
    PLACE_OF_ORIGIN("placeOfOrigin"),
    /** The ethnic group: {@link Citizen#ethnicity()}. */
    ETHNICITY("ethnicity"),
    /** The religion; needs the citizen's consent: {@link Citizen#religion()}. */
    RELIGION("religion"),
    /** The nationality: {@link Citizen#nationality()}. */
    NATIONALITY("nationality"),
    /** The blood group; needs the citizen's consent: {@link Citizen#bloodGroup()}. */
    BLOOD_GROUP("bloodGroup"),
    /** The former ID number: {@link Citizen#oldIdNumber()}. */
    OLD_ID_NUMBER("oldIdNumber"),
    /** The current ID card: {@link Citizen#idCard()}. */
    ID_CARD("idCard"),
    /** The father: {@link Citizen#father()}. */
    FATHER("father"),
    /** The mother: {@link Citizen#mother()}. */
    MOTHER("mother"),
    /** The spouse: {@link Citizen#spouse()}. */
    SPOUSE("spouse"),
    /** The legal representative: {@link Citizen#legalRepresentative()}. */
    LEGAL_REPRESENTATIVE("legalRepresentative"),
    /** The permanent residence: {@link Citizen#permanentResidence()}. */
    PERMANENT_RESIDENCE("permanentResidence"),
    /** The temporary residence: {@link Citizen#temporaryResidence()}. */
    TEMPORARY_RESIDENCE("temporaryResidence"),
    /** Where the citizen lives now: {@link Citizen#currentResidence()}. */
    CURRENT_RESIDENCE("currentResidence"),
    /** The household the citizen belongs to: {@link Citizen#household()}. */
    HOUSEHOLD("household"),
    /** The date of death or of being declared missing: {@link Citizen#deathDate()}. */
    DEATH_DATE("deathDate"),
    /** The phone number; needs the citizen's consent: {@link Citizen#phone()}. */
    PHONE("phone"),
    /** The e-mail address; needs the citizen's consent: {@link Citizen#email()}. */
    EMAIL("email"),
    /** The health insurance number another agency pushed: {@link Citizen#integrated(SourceField)}. */
    HEALTH_INSURANCE_NUMBER("healthInsuranceNumber"),
    /** The social insurance number another agency pushed: {@link Citizen#integrated(SourceField)}. */
    SOCIAL_INSURANCE_NUMBER("socialInsuranceNumber"),
    /** The driving licence number another agency pushed: {@link Citizen#integrated(SourceField)}. */
    DRIVING_LICENCE("drivingLicence"),
    /** The education level another agency pushed: {@link Citizen#integrated(SourceField)}. */
    EDUCATION_LEVEL("educationLevel");

    private final String wireName;

    CitizenField(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name used on the wire, for example {@code permanentResidence}} */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether the provider discloses this field only with the citizen's consent token
     * ({@code docs/protocol.md} section 8.4): religion, blood group, phone and email.
     *
     * @return whether a consent token is needed
     */
    public boolean requiresConsent() {
        return this == RELIGION || this == BLOOD_GROUP || this == PHONE || this == EMAIL;
    }

    /**
     * {@return the field with this wire name, if there is one}
     *
     * @param name the field's name in the protocol, such as {@code fullName}
     */
    public static Optional<CitizenField> fromWireName(String name) {
        for (CitizenField f : values()) {
            if (f.wireName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
