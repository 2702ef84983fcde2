package vn.ketnoi.core.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data and secrets before they reach a log line, an exception message or a
 * {@code toString()}. Every masking function accepts {@code null} and any text, and never throws.
 *
 * <p>What stays visible is chosen to help support staff match records without disclosing them:
 * an ID number keeps its 3-digit province prefix and its last 2 digits; a name keeps its initials.
 */
public final class Masking {
    private static final String REDACTED = "***";
    // 9 or 12 digits standing alone: personal ID numbers and old ID card numbers in free text.
    private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9])([0-9]{12}|[0-9]{9})(?![0-9])");
    // Compact JWS/JWE and long base64url runs: tokens, assertions, signatures.
    private static final Pattern TOKEN_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}(\\.[A-Za-z0-9_-]*){1,4}|[A-Za-z0-9_-]{32,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)\\S+");

    private Masking() {
    }

    /** {@code 001089012345} → {@code 001*******45}; a 9-digit number → {@code *******45}. */
    public static String idNumber(String id) {
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

    /** {@code Nguyễn Văn An} → {@code N. V. A.} */
    public static String name(String name) {
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
        return sb.length() == 0 ? REDACTED : sb.toString();
    }

    /** A secret (token, assertion, password): nothing of it is shown. */
    public static String secret(String secret) {
        return secret == null ? null : REDACTED;
    }

    /** Free text: ID-number-like digit runs, bearer tokens and token-like strings masked. */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String t = BEARER.matcher(text).replaceAll("$1" + REDACTED);
        t = TOKEN_LIKE.matcher(t).replaceAll(REDACTED);
        Matcher m = ID_LIKE.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(idNumber(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
