package vn.ketnoi.core.identity;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads identity input the way people type it into a portal form, and says what it changed.
 *
 * <p>An ID number typed {@code "001 089.012-345"}, a date written {@code 12/05/1989} or
 * {@code 12.5.1989}, a name with doubled or no-break spaces: each is normalised to what the strict
 * parsers take, and the result lists every {@link Change} made, so that a form can show "we read
 * your date as 1989-05-12" and an audit can record that the input was not taken verbatim. Only
 * changes that cannot alter the meaning are made: a digit is never added, dropped or moved, and a
 * date is read day first only when its year is written last (the Vietnamese order); anything else
 * is refused with the strict parser's {@link IdentityParseException}, which never repeats the value.
 * Stateless and thread-safe.
 */
public final class LenientInput {

    /** One kind of change made to the input. Names the kind only, never the value. */
    public enum Change {
        /** Leading or trailing whitespace removed. */
        TRIMMED("leading or trailing spaces removed"),
        /** Spaces (including no-break and other Unicode spaces) removed from between the digits. */
        REMOVED_SPACES("spaces between the digits removed"),
        /** Dots, hyphens or similar separators removed from between the digits. */
        REMOVED_SEPARATORS("dots or hyphens between the digits removed"),
        /** Full-width or other non-ASCII decimal digits replaced by ASCII digits. */
        ASCII_DIGITS("non-ASCII digits replaced by 0-9"),
        /** Runs of whitespace inside a name, or a no-break or other Unicode space, replaced by one plain space. */
        COLLAPSED_SPACES("runs of spaces or special spaces replaced by one plain space"),
        /** A name's Unicode brought to the composed form (NFC) the providers compare. */
        COMPOSED_UNICODE("Unicode composed (NFC)"),
        /** A date read day first, {@code dd/MM/yyyy} (or with dots or hyphens), into ISO order. */
        DAY_FIRST_DATE("date read as day/month/year"),
        /** A single-digit day or month given its leading zero. */
        PADDED_DAY_OR_MONTH("single-digit day or month padded");

        private final String description;

        Change(String description) {
            this.description = description;
        }

        /** {@return what the change did, in words fit for a form or a log (no value in it)} */
        public String description() {
            return description;
        }
    }

    /**
     * A normalised value and the changes that led to it; no changes means the input was taken as it
     * was. Immutable.
     *
     * @param <T> the type of the value
     */
    public static final class Normalised<T> {
        private final T value;
        private final List<Change> changes;

        private Normalised(T value, List<Change> changes) {
            this.value = Objects.requireNonNull(value, "value");
            this.changes = List.copyOf(changes);
        }

        /** {@return the value, as the strict parser gives it} */
        public T value() {
            return value;
        }

        /** {@return the changes made, in the order made; empty when the input was already strict} */
        public List<Change> changes() {
            return changes;
        }

        /** {@return whether the input was changed at all} */
        public boolean changed() {
            return !changes.isEmpty();
        }

        /** The changes only: the value may be personal data. */
        @Override
        public String toString() {
            return "Normalised[changes=" + changes + "]";
        }
    }

    /** Whitespace as people's keyboards and word processors produce it: no-break spaces included. */
    private static final String SPACES = "[\\s\\p{Zs}]+";
    private static final String EDGE_SPACES = "^" + SPACES + "|" + SPACES + "$";

    private LenientInput() {
    }

    /**
     * A 12-digit personal ID number as typed: spaces, dots and hyphens between the digits are
     * removed and non-ASCII digits made ASCII, then {@link PersonalIdNumber#parse(String)} checks it.
     *
     * @param typed the text as entered
     * @return the number and the changes
     * @throws IdentityParseException (field {@code idNumber}) when what remains is not a valid number
     */
    public static Normalised<PersonalIdNumber> idNumber(String typed) {
        if (typed == null) {
            throw new IdentityParseException("idNumber", "is missing");
        }
        List<Change> changes = new ArrayList<>();
        String s = trim(typed, changes);
        StringBuilder digits = new StringBuilder(s.length());
        boolean spaces = false;
        boolean separators = false;
        boolean nonAscii = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (Character.isDigit(c)) {
                digits.append((char) ('0' + Character.digit(c, 10)));
                nonAscii = true;
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                spaces = true;
            } else if (c == '.' || c == '-' || c == '\u2010' || c == '\u2011' || c == '\u2013' || c == '\u00B7') {
                separators = true;
            } else {
                // A letter or other sign is not a typing habit: refuse rather than guess.
                throw new IdentityParseException("idNumber", "must be 12 digits (spaces, dots and hyphens between"
                        + " them are accepted)");
            }
        }
        add(changes, spaces, Change.REMOVED_SPACES);
        add(changes, separators, Change.REMOVED_SEPARATORS);
        add(changes, nonAscii, Change.ASCII_DIGITS);
        return new Normalised<>(PersonalIdNumber.parse(digits.toString()), changes);
    }

    /**
     * A date of birth as typed: ISO ({@code 1989-05-12}, {@code 1989-05}, {@code 1989}) is taken as
     * it is; a date with its year last ({@code 12/05/1989}, {@code 12.5.1989}, {@code 12-05-1989},
     * {@code 05/1989}) is read day first, the Vietnamese order. Spaces around the separators are
     * removed.
     *
     * @param typed the text as entered
     * @return the date and the changes
     * @throws IdentityParseException (field {@code date}) when it is none of those forms or not a real date
     */
    public static Normalised<PartialDate> date(String typed) {
        if (typed == null) {
            throw new IdentityParseException("date", "is missing");
        }
        List<Change> changes = new ArrayList<>();
        String s = trim(typed, changes);
        String squeezed = s.replaceAll("\\s*([/.\\-])\\s*", "$1");
        add(changes, !squeezed.equals(s), Change.REMOVED_SPACES);
        if (squeezed.matches("\\d{4}(-\\d{2}){0,2}")) {
            return new Normalised<>(PartialDate.parseIso(squeezed), changes);
        }
        if (!squeezed.matches("(\\d{1,2}[/.\\-]){1,2}\\d{4}")) {
            throw new IdentityParseException("date", "must be dd/MM/yyyy, MM/yyyy, yyyy or ISO yyyy-MM-dd"
                    + " (dots or hyphens instead of slashes are accepted)");
        }
        String[] parts = squeezed.split("[/.\\-]");
        String separator = squeezed.substring(parts[0].length(), parts[0].length() + 1);
        if (parts.length == 3 && !squeezed.substring(parts[0].length() + 1 + parts[1].length(),
                parts[0].length() + 2 + parts[1].length()).equals(separator)) {
            throw new IdentityParseException("date", "mixes separators");
        }
        boolean padded = false;
        StringBuilder slashed = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i < parts.length - 1 && parts[i].length() == 1) {
                padded = true;
            }
            slashed.append(i == 0 ? "" : "/").append(parts[i]);
        }
        changes.add(Change.DAY_FIRST_DATE);
        add(changes, padded, Change.PADDED_DAY_OR_MONTH);
        return new Normalised<>(PartialDate.parseSlashed(slashed.toString()), changes);
    }

    /**
     * A full name as typed: trimmed, runs of whitespace (no-break and other Unicode spaces
     * included) made one space, and the Unicode composed (NFC), as
     * {@link VietnameseNames#normalize(String)} does. Case and diacritics are kept: changing them
     * would change the name.
     *
     * @param typed the text as entered
     * @return the name and the changes
     * @throws IdentityParseException (field {@code fullName}) when it is missing or blank
     */
    public static Normalised<String> fullName(String typed) {
        String value = VietnameseNames.normalize(typed); // refuses null and blank
        List<Change> changes = new ArrayList<>();
        String composed = Normalizer.normalize(typed, Normalizer.Form.NFC);
        String trimmed = composed.replaceAll(EDGE_SPACES, "");
        add(changes, !trimmed.equals(composed), Change.TRIMMED);
        add(changes, !trimmed.replaceAll(SPACES, " ").equals(trimmed), Change.COLLAPSED_SPACES);
        add(changes, !composed.equals(typed), Change.COMPOSED_UNICODE);
        return new Normalised<>(value, changes);
    }

    private static String trim(String typed, List<Change> changes) {
        String s = typed.replaceAll(EDGE_SPACES, "");
        add(changes, s.length() != typed.length(), Change.TRIMMED);
        return s;
    }

    private static void add(List<Change> changes, boolean happened, Change change) {
        if (happened) {
            changes.add(change);
        }
    }
}
