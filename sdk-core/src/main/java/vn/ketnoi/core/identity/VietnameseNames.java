package vn.ketnoi.core.identity;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Helpers for Vietnamese personal names: storage form, two comparisons and masking.
 *
 * <p>Names are stored in Unicode NFC with their diacritics. Two comparisons, for two jobs:
 * <ul>
 *   <li>{@link #matchesExactly}: the same name, spelled the same. Case, spacing and Unicode form
 *       (composed or decomposed) are ignored, and {@code Ð}/{@code ð} (U+00D0/U+00F0, typed for
 *       {@code Đ}/{@code đ} by legacy fonts and keyboards) count as {@code Đ}/{@code đ}; diacritics
 *       count. Use it to decide that two records are about the same citizen, or that a name the
 *       citizen gave matches one on file.</li>
 *   <li>{@link #matchesIgnoringDiacritics}: the same letters once diacritics are dropped. In
 *       Vietnamese a tone mark changes the name ({@code Hà} and {@code Hạ}, {@code Đức} and
 *       {@code Dục} are different names), so this is a search or suggestion aid: finding
 *       candidates when one side lost its diacritics (the chip's MRZ, an ASCII-only system,
 *       {@code NGUYEN VAN AN}), to be confirmed by other means. Never use it alone to accept an
 *       identity.</li>
 * </ul>
 * The provider matches a lookup's name by the protocol's rule (section 8.1), the folding of
 * {@link #matchesIgnoringDiacritics}; its answer is still bound to the exact ID number and the
 * date of birth.
 */
public final class VietnameseNames {

    private static final String FIELD = "fullName";
    // ð (U+00F0), what Ð (U+00D0, typed for Đ by legacy fonts) lower-cases to.
    private static final char LEGACY_D_SMALL = '\u00F0';

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
        String collapsed = collapseWhitespace(normalized(name, Normalizer.Form.NFC));
        if (collapsed.isEmpty()) {
            throw new IdentityParseException(FIELD, "must not be blank");
        }
        // Normalise again: removing whitespace can in theory change what NFC composes.
        return normalized(collapsed, Normalizer.Form.NFC);
    }

    /**
     * The key of {@link #matchesIgnoringDiacritics}: decomposed (NFD), combining marks dropped,
     * {@code đ}, {@code Đ} and their legacy look-alikes {@code ð}, {@code Ð} folded to {@code d},
     * lower-cased with {@link Locale#ROOT}, whitespace collapsed and trimmed. {@code "Nguyễn Văn An"}
     * and {@code "NGUYEN  VAN AN"} have the same key; so do {@code "Bùi Thị Hà"} and
     * {@code "Bùi Thị Hạ"}, which are different names: see the class comment.
     *
     * @param name the name
     * @return the key; empty only when the name holds nothing but combining marks
     * @throws IdentityParseException (field {@code fullName}) when the name is null or blank
     */
    public static String comparisonKey(String name) {
        requireText(name);
        String folded = Fold.fold(name);
        return collapseWhitespace(folded != null ? folded : slowKey(name));
    }

    /** The key before whitespace is collapsed, by the rule itself: what {@link Fold}'s table is made of. */
    static String slowKey(String name) {
        // NFD first, so that the key is the same for every canonically equivalent input.
        String s = stripMarks(normalized(name, Normalizer.Form.NFD));
        s = s.toLowerCase(Locale.ROOT);
        // Lower-casing can bring marks back (U+0130 becomes i + U+0307): strip them again.
        return stripMarks(normalized(s, Normalizer.Form.NFD));
    }

    /**
     * {@link #comparisonKey}'s folding one character at a time, for text in the Latin blocks
     * Vietnamese is written in (up to U+024F, and U+1E00 to U+1EFF). Addresses are keyed part by
     * part at every lookup answer, and the rule's two NFD passes were most of that cost. Each
     * entry is {@link #slowKey} of that character alone, kept only when it is one character: a
     * combining mark (which could attach to the character before it), a character whose key is
     * empty or longer, or any character outside those blocks sends the whole text the full way.
     * Whitespace maps to itself and is collapsed afterwards, as on the full way.
     * {@code VietnameseNamesTest} checks the two ways agree on every pair of these characters.
     */
    static final class Fold {
        static final int LIMIT = 0x1F00;
        private static final char[] TABLE = new char[LIMIT];

        static {
            for (char c = 0; c < LIMIT; c++) {
                if (c >= 0x0250 && c < 0x1E00) {
                    continue; // other scripts and symbols: the full way
                }
                String one = String.valueOf(c);
                if (isSpace(c)) {
                    TABLE[c] = c;
                    continue;
                }
                String key = slowKey(one);
                if (key.length() == 1 && !isSpace(key.charAt(0))) {
                    TABLE[c] = key.charAt(0);
                }
            }
        }

        private Fold() {
        }

        /** The folded text, or {@code null} when a character is not in the table. */
        static String fold(String s) {
            char[] out = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                char f = c < LIMIT ? TABLE[c] : 0;
                if (f == 0) {
                    return null;
                }
                if (f != c && out == null) {
                    out = s.toCharArray();
                }
                if (out != null) {
                    out[i] = f;
                }
            }
            return out == null ? s : new String(out);
        }
    }

    /**
     * The key of {@link #matchesExactly}: {@code Ð}/{@code ð} (U+00D0/U+00F0) replaced by
     * {@code Đ}/{@code đ}, lower-cased with {@link Locale#ROOT} (right for Vietnamese, which has no
     * locale-specific case rules), Unicode NFC, whitespace collapsed and trimmed. Diacritics are kept:
     * {@code "NGUYỄN  Văn An"} gives {@code "nguyễn văn an"}.
     *
     * @param name the name
     * @return the key, never blank
     * @throws IdentityParseException (field {@code fullName}) when the name is null or blank
     */
    public static String exactKey(String name) {
        requireText(name);
        String s = normalized(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                .replace(LEGACY_D_SMALL, 'đ');
        // Lower-casing can decompose (U+0130 becomes i + U+0307): compose again.
        return collapseWhitespace(normalized(s, Normalizer.Form.NFC));
    }

    /**
     * Whether two names are the same name, spelled the same: equal {@link #exactKey(String) exact
     * keys}. {@code "Nguyễn Văn An"} matches {@code " NGUYỄN  văn an"}, and {@code "Ðặng"} (legacy
     * {@code Ð}) matches {@code "Đặng"}; {@code "Bùi Thị Hà"} does not match {@code "Bùi Thị Hạ"},
     * nor {@code "Nguyễn Văn An"} match {@code "NGUYEN VAN AN"}. The comparison for identity.
     *
     * @param a one name
     * @param b the other name
     * @return true when the exact keys are equal
     * @throws IdentityParseException (field {@code fullName}) when either name is null or blank
     */
    public static boolean matchesExactly(String a, String b) {
        return exactKey(a).equals(exactKey(b));
    }

    /**
     * Whether two names have the same letters once case, diacritics and spacing are ignored: equal
     * {@link #comparisonKey(String) comparison keys}. Also true for different names that differ
     * only in a tone mark or in {@code đ}/{@code d} ({@code "Lê Văn Đức"} and {@code "Lệ Văn Dục"}):
     * for finding candidates, never alone for identity (use {@link #matchesExactly}).
     *
     * @param a one name
     * @param b the other name
     * @return true when the comparison keys are equal
     * @throws IdentityParseException (field {@code fullName}) when either name is null or blank
     */
    public static boolean matchesIgnoringDiacritics(String a, String b) {
        return comparisonKey(a).equals(comparisonKey(b));
    }

    /**
     * The same as {@link #matchesIgnoringDiacritics}; the name promised more than it does.
     *
     * @param a one name
     * @param b the other name
     * @return true when the comparison keys are equal
     * @throws IdentityParseException (field {@code fullName}) when either name is null or blank
     * @deprecated tone marks are ignored, so different names match; use {@link #matchesExactly} to
     *     decide identity, {@link #matchesIgnoringDiacritics} to find candidates.
     */
    @Deprecated
    public static boolean sameName(String a, String b) {
        return matchesIgnoringDiacritics(a, b);
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
        if (!hasText(name)) {
            throw new IdentityParseException(FIELD, "must not be blank");
        }
    }

    // The helpers below return their input when it is already what they would make: names and
    // addresses are keyed at every lookup answer, and most parts need no change (same results, fewer copies).

    /** {@code s} in the form {@code f}: {@code s} itself when it already is. */
    static String normalized(String s, Normalizer.Form f) {
        return Normalizer.isNormalized(s, f) ? s : Normalizer.normalize(s, f);
    }

    private static boolean hasText(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (!isSpace(cp)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMarkOrD(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || cp == 'đ' || cp == 'Đ' || cp == '\u00F0' || cp == '\u00D0';
    }

    // Drops combining marks and folds đ/Đ (and legacy ð/Ð), which NFD does not decompose.
    private static String stripMarks(String nfd) {
        boolean change = false;
        for (int i = 0; i < nfd.length() && !change; ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            change = isMarkOrD(cp);
        }
        if (!change) {
            return nfd;
        }
        StringBuilder sb = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK) {
                continue;
            }
            if (cp == 'đ' || cp == 'Đ' || cp == '\u00F0' || cp == '\u00D0') {
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
        if (isCollapsed(s)) {
            return s;
        }
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

    /** Whether {@link #collapseWhitespace} would give {@code s} back: single ASCII spaces between words only. */
    private static boolean isCollapsed(String s) {
        boolean afterSpace = true; // a space first would be leading
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                if (cp != ' ' || afterSpace) {
                    return false;
                }
                afterSpace = true;
            } else {
                afterSpace = false;
            }
        }
        return !afterSpace || s.isEmpty();
    }
}
