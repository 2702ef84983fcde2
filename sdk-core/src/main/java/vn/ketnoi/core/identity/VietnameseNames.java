package vn.ketnoi.core.identity;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Helpers for Vietnamese personal names: storage form, comparison key and masking.
 *
 * <p>Names are stored in Unicode NFC with their diacritics; they are compared case- and
 * accent-insensitively, because the same citizen's name reaches the SDK as typed by people, as
 * decomposed Unicode from some systems and as ASCII from the chip's MRZ.
 */
public final class VietnameseNames {

    private static final String FIELD = "fullName";

    private VietnameseNames() {
    }

    /**
     * The storage form of a name: Unicode NFC, trimmed, every run of whitespace (including
     * no-break and other Unicode spaces) replaced by one ASCII space. Diacritics and case are
     * kept.
     *
     * @param name the name as received
     * @return the normalised name, never blank
     * @throws IdentityParseException (field {@code fullName}) when the name is null or blank
     */
    public static String normalize(String name) {
        requireText(name);
        String collapsed = collapseWhitespace(Normalizer.normalize(name, Normalizer.Form.NFC));
        if (collapsed.isEmpty()) {
            throw new IdentityParseException(FIELD, "must not be blank");
        }
        // Normalise again: removing whitespace can in theory change what NFC composes.
        return Normalizer.normalize(collapsed, Normalizer.Form.NFC);
    }

    /**
     * The key two names are compared on: decomposed (NFD), combining marks dropped, {@code đ} and
     * {@code Đ} folded to {@code d}, lower-cased with {@link Locale#ROOT}, whitespace collapsed
     * and trimmed. {@code "Nguyễn Văn An"} and {@code "NGUYEN  VAN AN"} have the same key.
     *
     * @param name the name
     * @return the key; empty only when the name holds nothing but combining marks
     * @throws IdentityParseException (field {@code fullName}) when the name is null or blank
     */
    public static String comparisonKey(String name) {
        requireText(name);
        // NFD first, so that the key is the same for every canonically equivalent input.
        String s = stripMarks(Normalizer.normalize(name, Normalizer.Form.NFD));
        s = s.toLowerCase(Locale.ROOT);
        // Lower-casing can bring marks back (U+0130 becomes i + U+0307): strip them again.
        s = stripMarks(Normalizer.normalize(s, Normalizer.Form.NFD));
        return collapseWhitespace(s);
    }

    /**
     * Whether two names are the same once case, diacritics and spacing are ignored.
     *
     * @param a one name
     * @param b the other name
     * @return true when their {@link #comparisonKey(String) comparison keys} are equal
     * @throws IdentityParseException (field {@code fullName}) when either name is null or blank
     */
    public static boolean sameName(String a, String b) {
        return comparisonKey(a).equals(comparisonKey(b));
    }

    /**
     * A form safe for logs: the first letter of each word followed by a dot, for example
     * {@code "Nguyễn Văn An"} gives {@code "N. V. A."}.
     *
     * @param name the name
     * @return the initials
     * @throws IdentityParseException (field {@code fullName}) when the name is null or blank
     */
    public static String mask(String name) {
        String n = normalize(name);
        StringBuilder sb = new StringBuilder();
        for (String word : n.split(" ")) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.appendCodePoint(word.codePointAt(0)).append('.');
        }
        return sb.toString();
    }

    private static void requireText(String name) {
        if (name == null) {
            throw new IdentityParseException(FIELD, "is missing");
        }
        if (collapseWhitespace(name).isEmpty()) {
            throw new IdentityParseException(FIELD, "must not be blank");
        }
    }

    // Drops combining marks and folds đ/Đ, which NFD does not decompose.
    private static String stripMarks(String nfd) {
        StringBuilder sb = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                continue;
            }
            if (cp == 'đ' || cp == 'Đ') {
                sb.append('d');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** Trims and collapses whitespace runs to one ASCII space. Package-private for reuse. */
    static String collapseWhitespace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = sb.length() > 0;
            } else {
                if (pendingSpace) {
                    sb.append(' ');
                    pendingSpace = false;
                }
                sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }
}
