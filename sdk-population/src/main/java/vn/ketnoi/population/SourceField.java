package vn.ketnoi.population;

import java.util.Optional;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * A field another agency is the source of and pushes into the population database, so that the
 * citizen gives it once (telegram 103/CĐ-TTg; {@code docs/protocol.md} section 8.11). Each has
 * the form its value must have; a lookup returns it as {@link Citizen#integrated(SourceField)}.
 * New fields are added as new constants.
 */
public enum SourceField {
    /** The health insurance card number: 2 letters, the benefit level 1 to 5, 12 digits ({@code DN4010123456789}). */
    HEALTH_INSURANCE_NUMBER("healthInsuranceNumber", "[A-Z]{2}[1-5][0-9]{12}", CitizenField.HEALTH_INSURANCE_NUMBER),
    /** The social insurance number: 10 digits. */
    SOCIAL_INSURANCE_NUMBER("socialInsuranceNumber", "[0-9]{10}", CitizenField.SOCIAL_INSURANCE_NUMBER),
    /** The driving licence number: 12 digits. */
    DRIVING_LICENCE("drivingLicence", "[0-9]{12}", CitizenField.DRIVING_LICENCE),
    /**
     * The education level, one of {@code NONE}, {@code PRIMARY}, {@code LOWER_SECONDARY},
     * {@code UPPER_SECONDARY}, {@code VOCATIONAL}, {@code COLLEGE}, {@code UNIVERSITY}, {@code MASTER},
     * {@code DOCTORATE}.
     */
    EDUCATION_LEVEL("educationLevel", "NONE|PRIMARY|LOWER_SECONDARY|UPPER_SECONDARY|VOCATIONAL|COLLEGE|UNIVERSITY"
            + "|MASTER|DOCTORATE", CitizenField.EDUCATION_LEVEL);

    private final String wireName;
    private final Pattern form;
    private final CitizenField field;

    SourceField(String wireName, String form, CitizenField field) {
        this.wireName = wireName;
        this.form = Pattern.compile(form);
        this.field = field;
    }

    /** {@return the name used on the wire, for example {@code healthInsuranceNumber}} */
    public String wireName() {
        return wireName;
    }

    /** {@return the field to ask a lookup for, to read the integrated value back} */
    public CitizenField citizenField() {
        return field;
    }

    /**
     * Checks a value's form before anything is sent.
     *
     * @param value the value
     * @return the value
     * @throws InvalidInputException {@code value} when it is missing or not of this field's form;
     *         the message never repeats the value
     */
    public String check(String value) {
        if (value == null || value.length() > 64 || !form.matcher(value).matches()) {
            throw new InvalidInputException("value", "is not a " + wireName + " (see SourceField." + name() + ")");
        }
        return value;
    }

    /**
     * {@return the field with this wire name, if this version knows it}
     *
     * @param name the wire name
     */
    public static Optional<SourceField> fromWireName(String name) {
        for (SourceField f : values()) {
            if (f.wireName.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
