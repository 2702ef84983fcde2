package vn.ketnoi.population;

import java.time.Clock;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.identity.VietnameseNames;

/** The checks every population request shares; each failure names its field, never its value. */
final class Checks {
    static final int MAX_TEXT = 512;

    private Checks() {
    }

    static PersonalIdNumber idNumber(String idNumber, Clock clock) {
        if (idNumber == null || idNumber.isBlank()) {
            throw new InvalidInputException("idNumber", "is required");
        }
        return PersonalIdNumber.parse(idNumber, clock);
    }

    static String fullName(String fullName) {
        String n = VietnameseNames.normalize(fullName);
        if (codePoints(n) > MAX_TEXT) {
            throw new InvalidInputException("fullName", "must be at most " + MAX_TEXT + " characters");
        }
        return n;
    }

    static PartialDate birthDate(String iso, Clock clock) {
        if (iso == null || iso.isBlank()) {
            throw new InvalidInputException("birthDate", "is required");
        }
        PartialDate d;
        try {
            d = PartialDate.parseIso(iso);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("birthDate", "must be yyyy, yyyy-MM or yyyy-MM-dd, a real date", e);
        }
        return birthDate(d, clock);
    }

    static PartialDate birthDate(PartialDate d, Clock clock) {
        if (d == null) {
            throw new InvalidInputException("birthDate", "is required");
        }
        if (d.isInFuture(clock)) {
            throw new InvalidInputException("birthDate", "must not be in the future");
        }
        return d;
    }

    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        if (codePoints(java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFC)) > MAX_TEXT) {
            throw new InvalidInputException(field, "must be at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** docs/protocol.md section 1: lengths count code points (of the NFC text), as the provider counts them. */
    private static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    static <T> T required(String field, T value, String why) {
        if (value == null) {
            throw new InvalidInputException(field, "is required" + (why == null ? "" : " (" + why + ")"));
        }
        return value;
    }

    static Purpose purpose(Purpose purpose) {
        return required("purpose", purpose, null);
    }
}
