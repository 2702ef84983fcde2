package vn.ketnoi.core.identity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A date that may be known only to the year, or to the year and month, as dates of birth often are
 * in the population database. An unknown month or day is kept unknown, never replaced by a fake
 * 1 January.
 *
 * <p>Years must lie in 1800..9999. {@link #toString()} gives the ISO form; dates of birth are
 * personal data, so callers that log should use {@link #masked()}.
 */
public final class PartialDate {
    /** Where "today" is judged: the calendar of the register (docs/protocol.md section 1). */
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /** How much of a {@link PartialDate} is known. */
    public enum Precision {
        /** Only the year is known. */
        YEAR,
        /** The year and month are known. */
        MONTH,
        /** The full date is known. */
        DAY
    }

    private static final String FIELD = "date";
    private static final int MIN_YEAR = 1800;
    private static final int MAX_YEAR = 9999;

    private final int year;
    // 0 means unknown; valid months and days are never 0.
    private final int month;
    private final int day;

    private PartialDate(int year, int month, int day) {
        this.year = year;
        this.month = month;
        this.day = day;
    }

    /**
     * A date known only to the year.
     *
     * @param year the year, 1800..9999
     * @return the date
     * @throws IdentityParseException (field {@code date}) when the year is out of range
     */
    public static PartialDate ofYear(int year) {
        checkYear(year);
        return new PartialDate(year, 0, 0);
    }

    /**
     * A date known to the year and month.
     *
     * @param year  the year, 1800..9999
     * @param month the month, 1..12
     * @return the date
     * @throws IdentityParseException (field {@code date}) when a part is out of range
     */
    public static PartialDate ofYearMonth(int year, int month) {
        checkYear(year);
        checkMonth(month);
        return new PartialDate(year, month, 0);
    }

    /**
     * A full date.
     *
     * @param year  the year, 1800..9999
     * @param month the month, 1..12
     * @param day   the day, valid for that month and year
     * @return the date
     * @throws IdentityParseException (field {@code date}) when the date does not exist
     */
    public static PartialDate of(int year, int month, int day) {
        checkYear(year);
        checkMonth(month);
        if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
            throw new IdentityParseException(FIELD, "day does not exist in that month");
        }
        return new PartialDate(year, month, day);
    }

    /**
     * A full date from a {@link LocalDate}.
     *
     * @param date the date, year 1800..9999
     * @return the date
     * @throws IdentityParseException (field {@code date}) when the date is null or out of range
     */
    public static PartialDate of(LocalDate date) {
        if (date == null) {
            throw new IdentityParseException(FIELD, "is missing");
        }
        return of(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    /**
     * Parses the wire format: {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}.
     *
     * @param text the text
     * @return the date, with the precision the text carries
     * @throws IdentityParseException (field {@code date}) when the text is not one of those forms
     *                                or is not a real date
     */
    public static PartialDate parseIso(String text) {
        requireText(text);
        switch (text.length()) {
            case 4:
                return ofYear(digits(text, 0, 4, "must be yyyy, yyyy-MM or yyyy-MM-dd"));
            case 7:
                requireChar(text, 4, '-', "must be yyyy, yyyy-MM or yyyy-MM-dd");
                return ofYearMonth(digits(text, 0, 4, "must be yyyy, yyyy-MM or yyyy-MM-dd"),
                        digits(text, 5, 7, "must be yyyy, yyyy-MM or yyyy-MM-dd"));
            case 10:
                requireChar(text, 4, '-', "must be yyyy, yyyy-MM or yyyy-MM-dd");
                requireChar(text, 7, '-', "must be yyyy, yyyy-MM or yyyy-MM-dd");
                return of(digits(text, 0, 4, "must be yyyy, yyyy-MM or yyyy-MM-dd"),
                        digits(text, 5, 7, "must be yyyy, yyyy-MM or yyyy-MM-dd"),
                        digits(text, 8, 10, "must be yyyy, yyyy-MM or yyyy-MM-dd"));
            default:
                throw new IdentityParseException(FIELD, "must be yyyy, yyyy-MM or yyyy-MM-dd");
        }
    }

    /**
     * Parses the compact form used by the public-service portal: {@code yyyyMMdd}, or the shorter
     * {@code yyyyMM} and {@code yyyy}.
     *
     * @param text the text
     * @return the date
     * @throws IdentityParseException (field {@code date}) when the text is not one of those forms
     *                                or is not a real date
     */
    public static PartialDate parseCompact(String text) {
        requireText(text);
        String problem = "must be yyyyMMdd, yyyyMM or yyyy";
        switch (text.length()) {
            case 4:
                return ofYear(digits(text, 0, 4, problem));
            case 6:
                return ofYearMonth(digits(text, 0, 4, problem), digits(text, 4, 6, problem));
            case 8:
                return of(digits(text, 0, 4, problem), digits(text, 4, 6, problem),
                        digits(text, 6, 8, problem));
            default:
                throw new IdentityParseException(FIELD, problem);
        }
    }

    /**
     * Parses the day-first compact form of the ID card QR code: exactly {@code ddMMyyyy}.
     *
     * @param text the text
     * @return a full date
     * @throws IdentityParseException (field {@code date}) when the text is not 8 ASCII digits
     *                                forming a real date
     */
    public static PartialDate parseDayFirst(String text) {
        requireText(text);
        String problem = "must be ddMMyyyy";
        if (text.length() != 8) {
            throw new IdentityParseException(FIELD, problem);
        }
        return of(digits(text, 4, 8, problem), digits(text, 2, 4, problem), digits(text, 0, 2, problem));
    }

    /**
     * Parses the form used on paper documents: {@code dd/MM/yyyy}, {@code MM/yyyy} or
     * {@code yyyy}. Day and month may also be written with a single digit ({@code 5/3/1990}),
     * which the slashes keep unambiguous.
     *
     * @param text the text
     * @return the date
     * @throws IdentityParseException (field {@code date}) when the text is not one of those forms
     *                                or is not a real date
     */
    public static PartialDate parseSlashed(String text) {
        requireText(text);
        String problem = "must be dd/MM/yyyy, MM/yyyy or yyyy";
        String[] parts = text.split("/", -1);
        if (parts.length > 3 || parts[parts.length - 1].length() != 4) {
            throw new IdentityParseException(FIELD, problem);
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                throw new IdentityParseException(FIELD, problem);
            }
        }
        int y = digits(parts[parts.length - 1], 0, 4, problem);
        if (parts.length == 1) {
            return ofYear(y);
        }
        int m = digits(parts[parts.length - 2], 0, parts[parts.length - 2].length(), problem);
        if (parts.length == 2) {
            return ofYearMonth(y, m);
        }
        return of(y, m, digits(parts[0], 0, parts[0].length(), problem));
    }

    /**
     * How much of this date is known.
     *
     * @return the precision
     */
    public Precision precision() {
        if (day != 0) {
            return Precision.DAY;
        }
        return month != 0 ? Precision.MONTH : Precision.YEAR;
    }

    /**
     * The year, always known.
     *
     * @return the year
     */
    public int year() {
        return year;
    }

    /**
     * The month, when known.
     *
     * @return the month 1..12, or empty for a year-only date
     */
    public OptionalInt month() {
        return month == 0 ? OptionalInt.empty() : OptionalInt.of(month);
    }

    /**
     * The day of the month, when known.
     *
     * @return the day, or empty unless the precision is {@link Precision#DAY}
     */
    public OptionalInt day() {
        return day == 0 ? OptionalInt.empty() : OptionalInt.of(day);
    }

    /**
     * This date as a {@link LocalDate}, only when it is a full date.
     *
     * @return the date, or empty when the month or day is unknown
     */
    public Optional<LocalDate> toLocalDate() {
        return day == 0 ? Optional.empty() : Optional.of(LocalDate.of(year, month, day));
    }

    /**
     * Whether the known parts of both dates agree: a year-only date is compatible with any date in
     * that year; {@code 1989-05} is compatible with {@code 1989-05-12} but not with
     * {@code 1989-06-01}.
     *
     * @param other the other date
     * @return true when no known part contradicts the other date
     */
    public boolean isCompatibleWith(PartialDate other) {
        Objects.requireNonNull(other, "other");
        if (year != other.year) {
            return false;
        }
        if (month != 0 && other.month != 0 && month != other.month) {
            return false;
        }
        return day == 0 || other.day == 0 || day == other.day;
    }

    /**
     * Whether this date lies after today in Vietnam at its own precision: a year-only date is in
     * the future only when its year is after the current year. Today is the date in
     * {@code Asia/Ho_Chi_Minh} at the clock's instant, whatever the clock's zone
     * ({@code docs/protocol.md} section 1), as the provider judges it.
     *
     * @param clock the clock giving the current instant
     * @return true when the date is certainly in the future
     */
    public boolean isInFuture(Clock clock) {
        LocalDate today = LocalDate.ofInstant(Objects.requireNonNull(clock, "clock").instant(), VIETNAM);
        switch (precision()) {
            case YEAR:
                return year > today.getYear();
            case MONTH:
                return YearMonth.of(year, month).isAfter(YearMonth.from(today));
            default:
                return LocalDate.of(year, month, day).isAfter(today);
        }
    }

    /**
     * The ISO form: {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}.
     *
     * @return the text
     */
    public String toIsoString() {
        StringBuilder sb = new StringBuilder(10).append(year);
        if (month != 0) {
            sb.append('-').append(twoDigits(month));
        }
        if (day != 0) {
            sb.append('-').append(twoDigits(day));
        }
        return sb.toString();
    }

    /**
     * A form safe for logs that keeps only the century and the precision shape, for example
     * {@code 19**}, {@code 19**-**} or {@code 19**-**-**}.
     *
     * @return the masked text
     */
    public String masked() {
        StringBuilder sb = new StringBuilder(10).append(year / 100).append("**");
        if (month != 0) {
            sb.append("-**");
        }
        if (day != 0) {
            sb.append("-**");
        }
        return sb.toString();
    }

    /**
     * Equal when year, month and day, including which of them are known, are equal.
     *
     * @param o the other object
     * @return whether equal
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PartialDate)) {
            return false;
        }
        PartialDate d = (PartialDate) o;
        return year == d.year && month == d.month && day == d.day;
    }

    /**
     * Hash consistent with {@link #equals(Object)}.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return (year * 13 + month) * 32 + day;
    }

    /**
     * The ISO form, as {@link #toIsoString()}; masking for logs is the caller's choice
     * ({@link #masked()}).
     *
     * @return the ISO text
     */
    @Override
    public String toString() {
        return toIsoString();
    }

    private static String twoDigits(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static void requireText(String text) {
        if (text == null || text.isEmpty()) {
            throw new IdentityParseException(FIELD, "is missing");
        }
    }

    private static void requireChar(String text, int index, char expected, String problem) {
        if (text.charAt(index) != expected) {
            throw new IdentityParseException(FIELD, problem);
        }
    }

    // ASCII digits only: Character.isDigit would also accept Arabic-Indic and other digits.
    private static int digits(String text, int from, int to, String problem) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IdentityParseException(FIELD, problem);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static void checkYear(int year) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IdentityParseException(FIELD, "year must be between 1800 and 9999");
        }
    }

    private static void checkMonth(int month) {
        if (month < 1 || month > 12) {
            throw new IdentityParseException(FIELD, "month must be between 1 and 12");
        }
    }
}
