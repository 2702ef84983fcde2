package vn.ketnoi.core.identity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The 12-digit personal ID number (số định danh cá nhân), laid out {@code PPP G YY RRRRRR}:
 * {@code PPP} the province where the birth was registered, {@code G} the century and sex,
 * {@code YY} the last two digits of the birth year, {@code RRRRRR} random digits.
 *
 * <p>The number has no check digit, so a well-formed number with a known province and a plausible
 * year is all that can be verified offline.
 *
 * <p>Immutable. {@link #toString()} is masked, as the number is personal data; use
 * {@link #value()} where the full number is really needed.
 */
public final class PersonalIdNumber {

    private static final String FIELD = "idNumber";
    /** Vietnam's zone: "the future" is judged by the calendar where the numbers are issued. */
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final String value;
    private final BirthRegistrationProvince province;

    private PersonalIdNumber(String value, BirthRegistrationProvince province) {
        this.value = value;
        this.province = province;
    }

    /**
     * Parses and validates a number, judging "future birth year" against today in Vietnam.
     *
     * @param text the number: exactly 12 ASCII digits, no spaces or separators
     * @return the number
     * @throws IdentityParseException (field {@code idNumber}) when the text is not 12 ASCII digits,
     *                                the province code is unknown or the birth year is in the
     *                                future
     */
    public static PersonalIdNumber parse(String text) {
        return parse(text, Clock.system(VIETNAM));
    }

    /**
     * Parses and validates a number, judging "future birth year" against the given clock.
     *
     * @param text  the number: exactly 12 ASCII digits
     * @param clock the clock giving the current instant; the year is the year in Vietnam at that
     *              instant, whatever the clock's zone ({@code docs/protocol.md} section 1)
     * @return the number
     * @throws IdentityParseException (field {@code idNumber}) as for {@link #parse(String)}
     */
    public static PersonalIdNumber parse(String text, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        if (text == null) {
            throw new IdentityParseException(FIELD, "is missing");
        }
        if (text.length() != 12 || !allAsciiDigits(text)) {
            throw new IdentityParseException(FIELD, "must be 12 ASCII digits");
        }
        String code = text.substring(0, 3);
        // A 3-digit province code is public reference data, not personal data: safe to name.
        BirthRegistrationProvince province = BirthRegistrationProvince.fromCode(code)
                .orElseThrow(() -> new IdentityParseException(FIELD, "unknown province code " + code));
        int year = decodeYear(text);
        if (year > LocalDate.ofInstant(clock.instant(), VIETNAM).getYear()) {
            throw new IdentityParseException(FIELD, "century digit gives a birth year in the future");
        }
        return new PersonalIdNumber(text, province);
    }

    /**
     * Whether {@link #parse(String)} would accept the text.
     *
     * @param text the text, may be null
     * @return true when valid
     */
    public static boolean isValid(@Nullable String text) {
        try {
            parse(text);
            return true;
        } catch (IdentityParseException e) {
            return false;
        }
    }

    /**
     * Builds a well-formed number, for test data and generators. The birth year is not checked
     * against the current date; {@link #parse(String, Clock)} does that.
     *
     * @param provinceCode 3-digit code of one of the 63 birth-registration provinces
     * @param sex          the sex, encoded with the century in digit {@code G}
     * @param birthYear    the birth year, 1900..2399
     * @param random6      the last six digits, 0..999999
     * @return the number
     * @throws IdentityParseException when an argument is out of range (field named after it)
     */
    public static PersonalIdNumber of(String provinceCode, Sex sex, int birthYear, int random6) {
        BirthRegistrationProvince province = BirthRegistrationProvince.fromCode(provinceCode)
                .orElseThrow(() -> new IdentityParseException("provinceCode", "is not a known 3-digit province code"));
        if (sex == null) {
            throw new IdentityParseException("sex", "is missing");
        }
        if (sex == Sex.UNKNOWN) {
            throw new IdentityParseException("sex", "must be MALE or FEMALE: UNKNOWN has no century digit");
        }
        if (birthYear < 1900 || birthYear > 2399) {
            throw new IdentityParseException("birthYear", "must be between 1900 and 2399");
        }
        if (random6 < 0 || random6 > 999_999) {
            throw new IdentityParseException("random6", "must be between 0 and 999999");
        }
        int g = (birthYear / 100 - 19) * 2 + (sex == Sex.FEMALE ? 1 : 0);
        String value = String.format(Locale.ROOT, "%s%d%02d%06d", province.code(), g, birthYear % 100, random6);
        return new PersonalIdNumber(value, province);
    }

    /**
     * The full 12-digit number. Personal data: do not log it.
     *
     * @return the digits
     */
    public String value() {
        return value;
    }

    /**
     * The 3-digit code of the province where the birth was registered.
     *
     * @return the code, for example {@code "001"}
     */
    public String provinceCode() {
        return value.substring(0, 3);
    }

    /**
     * The province where the birth was registered, as it was named before 1 July 2025.
     *
     * @return the province
     */
    public BirthRegistrationProvince province() {
        return province;
    }

    /**
     * The sex encoded in digit {@code G}: even is male, odd is female.
     *
     * @return the sex
     */
    public Sex sex() {
        return (value.charAt(3) - '0') % 2 == 0 ? Sex.MALE : Sex.FEMALE;
    }

    /**
     * The birth year decoded from {@code G} and {@code YY} (G 0/1 gives the 1900s, 2/3 the 2000s,
     * 4/5 the 2100s, 6/7 the 2200s, 8/9 the 2300s).
     *
     * @return the year
     */
    public int birthYear() {
        return decodeYear(value);
    }

    /**
     * The first year of the hundred-year span encoded in digit {@code G}.
     *
     * @return 1900, 2000, 2100, 2200 or 2300
     */
    public int century() {
        return 1900 + (value.charAt(3) - '0') / 2 * 100;
    }

    /**
     * Whether a known date of birth agrees with the birth year encoded in the number.
     *
     * @param birthDate the date of birth, at any precision
     * @return true when the years are equal
     */
    public boolean isConsistentWith(PartialDate birthDate) {
        return Objects.requireNonNull(birthDate, "birthDate").year() == birthYear();
    }

    /**
     * The masked form: province code, seven asterisks, the last two digits, for example
     * {@code 001*******45}.
     *
     * @return the masked number
     */
    public String masked() {
        return provinceCode() + "*******" + value.substring(10);
    }

    /**
     * Equal when the digits are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof PersonalIdNumber && value.equals(((PersonalIdNumber) o).value));
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
     * The masked form, as {@link #masked()}: never the full number.
     *
     * @return the masked number
     */
    @Override
    public String toString() {
        return masked();
    }

    private static int decodeYear(String digits) {
        int g = digits.charAt(3) - '0';
        int yy = (digits.charAt(4) - '0') * 10 + (digits.charAt(5) - '0');
        return 1900 + g / 2 * 100 + yy;
    }

    static boolean allAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
