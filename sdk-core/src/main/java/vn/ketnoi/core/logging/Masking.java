package vn.ketnoi.core.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import vn.ketnoi.core.internal.Untrusted;

/**
 * Masks personal data and secrets before they reach a log line, an exception message or a
 * {@code toString()}. Every masking function accepts {@code null} and any text, and never throws.
 * {@link #name(String)} and {@link #text(String)} also escape control, line-separator and bidi
 * characters, so masked text cannot forge a log line either.
 *
 * <p>What stays visible is chosen to help support staff match records without disclosing them:
 * an ID number keeps its 3-digit province prefix and its last 2 digits; a name keeps its initials.
 */
public final class Masking {
    private static final String REDACTED = "***";
    // 9 to 12 digits standing alone: ID numbers (12), old ID card numbers (9), phone numbers (10, 11).
    private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9])([0-9]{9,12})(?![0-9])");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+)");
    // Compact JWS/JWE and long base64url runs: tokens, assertions, signatures.
    private static final Pattern TOKEN_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}(\\.[A-Za-z0-9_-]*){1,4}|[A-Za-z0-9_-]{32,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

    private Masking() {
    }

    /**
     * {@return {@code 001089012345} → {@code 001*******45}; a 9-digit number → {@code *******45}}
     *
     * @param id an ID number
     */
    public static @Nullable String idNumber(@Nullable String id) {
        if (id == null) {
            return null;
        }
        if (id.length() == 12) {
            return id.substring(0, 3) + "*******" + id.substring(10);
        }
        if (id.length() == 9) {
            return "*******" + id.substring(7);
        }
        return REDACTED;
    }

    /**
     * {@return {@code 0912345678} → {@code 091*****78}: the network prefix and the last two digits}
     *
     * @param phone a phone number
     */
    public static @Nullable String phone(@Nullable String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 7) {
            return REDACTED;
        }
        return digits.substring(0, 3) + "*".repeat(digits.length() - 5) + digits.substring(digits.length() - 2);
    }

    /**
     * {@return {@code an.nguyen@example.vn} → {@code ***@example.vn}}
     *
     * @param email an e-mail address
     */
    public static @Nullable String email(@Nullable String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at < 0 ? REDACTED : REDACTED + email.substring(at);
    }

    /**
     * {@return {@code Nguyễn Văn An} → {@code N. V. A.}}
     *
     * @param name a person's name
     */
    public static @Nullable String name(@Nullable String name) {
        if (name == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String part : name.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.appendCodePoint(part.codePointAt(0)).append('.');
            }
        }
        // An "initial" may be a control or bidi character of a name someone else wrote: escaped, never printed raw.
        return sb.length() == 0 ? REDACTED : Untrusted.text(sb.toString());
    }

    /**
     * {@return a secret (token, assertion, password): nothing of it is shown}
     *
     * @param secret a secret
     */
    public static @Nullable String secret(@Nullable String secret) {
        return secret == null ? null : REDACTED;
    }

    /**
     * Free text: ID-number- and phone-like digit runs, e-mail addresses, bearer tokens and token-like strings masked.
     *
     * @param text free text
     * @return the masked value; null for null
     */
    public static @Nullable String text(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String t = BEARER.matcher(text).replaceAll("$1" + REDACTED);
        t = TOKEN_LIKE.matcher(t).replaceAll(REDACTED);
        t = EMAIL.matcher(t).replaceAll(REDACTED + "@$1");
        Matcher m = ID_LIKE.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String run = m.group(1);
            String masked = run.length() == 12 || run.length() == 9 ? idNumber(run) : phone(run);
            m.appendReplacement(sb, Matcher.quoteReplacement(masked));
        }
        m.appendTail(sb);
        // Free text is often someone else's: no CR/LF or bidi override of it reaches a log line raw.
        return Untrusted.text(sb.toString(), Integer.MAX_VALUE);
    }
}
