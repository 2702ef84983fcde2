package vn.ketnoi.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/** Small text helpers shared by the sandbox: digests, name folding, masking. */
public final class Texts {

    private static final Pattern COMBINING = Pattern.compile("\\p{M}+");
    // Unicode whitespace, no-break and other wide spaces included: "whitespace collapsed" is about text.
    private static final Pattern SPACES = Pattern.compile("[\\s\\p{Z}]+", Pattern.UNICODE_CHARACTER_CLASS);

    private Texts() {
    }

    /** base64url without padding of SHA-256 over the bytes. */
    /** Section 1: a length in characters is the count of code points after NFC. */
    public static int codePoints(String text) {
        String nfc = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
        return nfc.codePointCount(0, nfc.length());
    }

    public static String sha256B64(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must ship SHA-256.
            throw new IllegalStateException(e);
        }
    }

    /** base64url without padding of SHA-256 over the UTF-8 bytes of the text. */
    public static String sha256B64(String text) {
        return sha256B64(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Folds a name for comparison as protocol section 8.1 says: NFD, combining marks dropped,
     * đ/Đ and their legacy look-alikes ð/Ð (U+00F0/U+00D0) folded to d, lower-cased, whitespace
     * (any Unicode space) collapsed.
     */
    public static String foldName(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFD);
        s = COMBINING.matcher(s).replaceAll("");
        // đ/Đ are letters of their own, not d plus a mark, so NFD leaves them alone.
        s = s.replace('đ', 'd').replace('Đ', 'd').replace('\u00F0', 'd').replace('\u00D0', 'd');
        s = s.toLowerCase(Locale.ROOT);
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    /** Keeps the first three and last two characters, stars the rest. */
    public static String mask(String value) {
        if (value == null) {
            return "null";
        }
        int n = value.length();
        if (n <= 5) {
            return "*".repeat(n);
        }
        return value.substring(0, 3) + "*".repeat(n - 5) + value.substring(n - 2);
    }

    /** Keeps only the first letter of each word of a name. */
    public static String maskName(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (String w : name.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.appendCodePoint(w.codePointAt(0)).append("***");
        }
        return b.toString();
    }
}
