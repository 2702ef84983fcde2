package vn.ketnoi.testkit.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Partial dates of the wire: {@code yyyy}, {@code yyyy-MM} or {@code yyyy-MM-dd}. */
public final class PartialDates {

    private static final Pattern FORM = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");

    private PartialDates() {
    }

    /**
     * Parses a partial date into {year, month or 0, day or 0}; null when the text is not a
     * valid partial date (including impossible calendar dates).
     */
    public static int[] parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int year = Integer.parseInt(m.group(1));
        int month = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int day = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        try {
            // A part that is present must be real: "1989-00" and "1989-05-00" are not dates.
            if (m.group(3) != null) {
                LocalDate.of(year, month, day);
            } else if (m.group(2) != null) {
                YearMonth.of(year, month);
            }
        } catch (DateTimeException e) {
            return null;
        }
        return new int[] {year, month, day};
    }

    /** Whether the earliest day the partial date can denote lies after {@code today}. */
    public static boolean isFuture(int[] date, LocalDate today) {
        if (date[0] != today.getYear()) {
            return date[0] > today.getYear();
        }
        if (date[1] == 0) {
            return false;
        }
        if (date[1] != today.getMonthValue()) {
            return date[1] > today.getMonthValue();
        }
        return date[2] != 0 && date[2] > today.getDayOfMonth();
    }

    /**
     * Section 8.1: the dates match when every part that both have agrees, so a year-only
     * query matches a full record and a year-only record matches any date of that year.
     */
    public static boolean matches(int[] query, int[] record) {
        if (query[0] != record[0]) {
            return false;
        }
        if (query[1] == 0 || record[1] == 0) {
            return true;
        }
        if (query[1] != record[1]) {
            return false;
        }
        return query[2] == 0 || record[2] == 0 || query[2] == record[2];
    }
}
