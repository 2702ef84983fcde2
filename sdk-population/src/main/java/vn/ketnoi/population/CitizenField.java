package vn.ketnoi.population;

import java.util.Optional;

/**
 * The fields of a citizen's record an agency can ask for (Law on Identity 2023, Art. 9;
 * {@code docs/protocol.md} section 8.2). Ask only for what the purpose needs: the provider checks
 * each field against the agency's grant, and the law asks for data minimisation.
 */
public enum CitizenField {
    FULL_NAME("fullName"),
    OTHER_NAMES("otherNames"),
    BIRTH_DATE("birthDate"),
    SEX("sex"),
    PLACE_OF_BIRTH("placeOfBirth"),
    BIRTH_REGISTRATION_PLACE("birthRegistrationPlace"),
    PLACE_OF_ORIGIN("placeOfOrigin"),
    ETHNICITY("ethnicity"),
    RELIGION("religion"),
    NATIONALITY("nationality"),
    BLOOD_GROUP("bloodGroup"),
    OLD_ID_NUMBER("oldIdNumber"),
    ID_CARD("idCard"),
    FATHER("father"),
    MOTHER("mother"),
    SPOUSE("spouse"),
    LEGAL_REPRESENTATIVE("legalRepresentative"),
    PERMANENT_RESIDENCE("permanentResidence"),
    TEMPORARY_RESIDENCE("temporaryResidence"),
    CURRENT_RESIDENCE("currentResidence"),
    HOUSEHOLD("household"),
    DEATH_DATE("deathDate"),
    PHONE("phone"),
    EMAIL("email");

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
     */
    public boolean requiresConsent() {
        return this == RELIGION || this == BLOOD_GROUP || this == PHONE || this == EMAIL;
    }

    /** {@return the field with this wire name, if there is one} */
    public static Optional<CitizenField> fromWireName(String name) {
        for (CitizenField f : values()) {
            if (f.wireName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
