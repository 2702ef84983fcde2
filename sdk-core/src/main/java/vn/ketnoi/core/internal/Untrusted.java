package vn.ketnoi.core.internal;

/**
 * Makes text that someone else wrote safe to put into an exception message or a log line: a JWS
 * {@code kid} or {@code alg}, an exchange-layer error, a token endpoint's error description, a
 * provider's problem title. Such text is chosen by whoever sent it, and before its signature is
 * checked (or when it is never signed) by anyone on the path; with a raw CR or LF it would write a
 * forged line into the agency's log, and with a bidi override it would show other text than it holds.
 *
 * <p>Every character a log viewer would not print as itself (C0 and C1 controls, DEL, U+2028 and
 * U+2029, bidi overrides and isolates, zero-width and other format characters, lone surrogates) is
 * written as {@code \\uXXXX}, and the result is cut to a maximum length. Accepts {@code null} and
 * any text, and never throws. Masking personal data is a separate concern: see
 * {@link vn.ketnoi.core.logging.Masking}.
 */
public final class Untrusted {
    /** The default cap, in characters of the result: room for a sentence, not for a page. */
    public static final int MAX_LENGTH = 300;
    private static final String CUT = "…";

    private Untrusted() {
    }

    /** {@link #text(String, int)} with {@link #MAX_LENGTH}. */
    public static String text(String value) {
        return text(value, MAX_LENGTH);
    }

    /**
     * The value with unprintable characters escaped, at most {@code max} characters long
     * (ending in "…" when it was cut).
     *
     * @param value the untrusted text, or {@code null} (returned as is)
     * @param max   the largest length of the result, at least 8
     */
    public static String text(String value, int max) {
        if (value == null) {
            return null;
        }
        int cap = Math.max(max, 8);
        StringBuilder sb = new StringBuilder(Math.min(value.length(), cap) + 8);
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            int width = Character.charCount(cp);
            String piece = printable(cp) ? value.substring(i, i + width) : escape(value, i, width);
            if (sb.length() + piece.length() > cap - (i + width < value.length() ? CUT.length() : 0)) {
                return sb.append(CUT).toString();
            }
            sb.append(piece);
            i += width;
        }
        return sb.toString();
    }

    private static boolean printable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL: // C0, DEL, C1: CR, LF, ESC (terminal sequences), NEL
            case Character.FORMAT: // bidi marks, overrides and isolates, zero-width characters, BOM
            case Character.LINE_SEPARATOR: // U+2028
            case Character.PARAGRAPH_SEPARATOR: // U+2029
            case Character.SURROGATE:
                return false;
            default:
                return true;
        }
    }

    private static String escape(String value, int from, int width) {
        StringBuilder sb = new StringBuilder(6 * width);
        for (int k = from; k < from + width; k++) {
            sb.append(String.format("\\u%04X", (int) value.charAt(k)));
        }
        return sb.toString();
    }
}
