package vn.ketnoi.core.identity;

/**
 * The old 9-digit ID card number (chứng minh nhân dân), kept as its own type so that it is never
 * confused with the 12-digit {@link PersonalIdNumber}.
 *
 * <p>Immutable. {@link #toString()} is masked, as the number is personal data.
 */
public final class OldIdNumber {

    private final String value;

    private OldIdNumber(String value) {
        this.value = value;
    }

    /**
     * Parses an old ID number.
     *
     * @param text exactly 9 ASCII digits
     * @return the number
     * @throws IdentityParseException (field {@code oldIdNumber}) when the text is not 9 ASCII
     *                                digits
     */
    public static OldIdNumber parse(String text) {
        if (text == null) {
            throw new IdentityParseException("oldIdNumber", "is missing");
        }
        if (text.length() != 9 || !PersonalIdNumber.allAsciiDigits(text)) {
            throw new IdentityParseException("oldIdNumber", "must be 9 ASCII digits");
        }
        return new OldIdNumber(text);
    }

    /**
     * The full 9 digits. Personal data: do not log it.
     *
     * @return the digits
     */
    public String value() {
        return value;
    }

    /**
     * The masked form: seven asterisks and the last two digits, for example {@code *******45}.
     *
     * @return the masked number
     */
    public String masked() {
        return "*******" + value.substring(7);
    }

    /**
     * Equal when the digits are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OldIdNumber && value.equals(((OldIdNumber) o).value));
    }

    /**
     * Hash of the digits.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /**
     * The masked form, as {@link #masked()}.
     *
     * @return the masked number
     */
    @Override
    public String toString() {
        return masked();
    }
}
