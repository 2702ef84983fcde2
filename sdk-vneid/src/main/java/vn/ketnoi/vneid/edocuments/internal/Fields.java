package vn.ketnoi.vneid.edocuments.internal;

import java.time.LocalDate;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;

/** Validation helpers for payload builders: every refusal names the field, never repeats the value. */
public final class Fields {
    private Fields() {
    }

    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        String v = value.strip();
        if (v.length() > maxLength) {
            throw new InvalidInputException(field, "must be at most " + maxLength + " characters");
        }
        return v;
    }

    public static String optionalText(String field, String value, int maxLength) {
        return value == null || value.isBlank() ? null : text(field, value, maxLength);
    }

    public static String pattern(String field, String value, Pattern pattern, String rule) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required");
        }
        String v = value.strip();
        if (!pattern.matcher(v).matches()) {
            throw new InvalidInputException(field, "must be " + rule);
        }
        return v;
    }

    public static LocalDate date(String field, LocalDate value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }
}
