package vn.ketnoi.core.internal.crypto;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one canonical form of the URLs and paths the protocol signs or compares: {@code pth} of a
 * request signature (the path within the service, {@link #path} and {@link #within}), the
 * provider's issuer ({@code docs/protocol.md} section 4, "Canonical URLs"). Both the SDK and the
 * sandbox use this class, so the two sides cannot disagree on how {@code /a/./b%7e} is spelt.
 *
 * <p>The form is RFC 3986 section 6.2.2 (syntax-based) and 6.2.3 (scheme-based) normalisation:
 * scheme and host in lower case; percent-encodings in upper-case hex, and those of unreserved
 * characters decoded; dot segments removed from the path; for http and https the default port
 * (80, 443) and an empty port left out and an empty path written {@code /}. The query is kept
 * exactly as sent. A URL with user info or a fragment has no canonical form: neither is ever part
 * of a request target. Thread-safe; no state.
 */
public final class CanonicalUrl {
    // RFC 3986 appendix B, anchored: scheme, authority, path, query, fragment.
    private static final Pattern PARTS = Pattern.compile("^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$",
            Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]*");
    // Every signed request is canonicalised under its service's base URL: a client has one or a
    // few, so their canonical forms are kept rather than computed again at each call (bounded, in
    // case an application makes clients without end).
    private static final Map<String, String> BASES = new ConcurrentHashMap<>();
    private static final int MAX_BASES = 256;

    private CanonicalUrl() {
    }

    /**
     * The canonical form of an absolute URL with an authority.
     *
     * @throws IllegalArgumentException when the URL has no scheme or authority, has user info or a
     *                                  fragment, an empty host, a port that is not a number up to
     *                                  65535, or a {@code %} not followed by two hex digits
     */
    public static String of(String url) {
        if (url == null) {
            throw new IllegalArgumentException("no URL");
        }
        Matcher m = PARTS.matcher(url);
        if (!m.matches() || m.group(2) == null || !SCHEME.matcher(m.group(2)).matches() || m.group(3) == null) {
            throw new IllegalArgumentException("not an absolute URL with an authority");
        }
        if (m.group(8) != null) {
            throw new IllegalArgumentException("a fragment is never part of a request target");
        }
        String scheme = m.group(2).toLowerCase(Locale.ROOT);
        String authority = m.group(4);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("user info is never part of a request target");
        }
        String host;
        String port;
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > close) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        } else {
            host = authority;
            port = "";
        }
        host = percent(host, true);
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        port = stripLeadingZeros(port); // a number: 08080 is 8080
        if (!DIGITS.matcher(port).matches() || port.length() > 5 || (!port.isEmpty() && Integer.parseInt(port) > 65535)) {
            throw new IllegalArgumentException("the port is not a number from 0 to 65535");
        }
        boolean web = scheme.equals("http") || scheme.equals("https");
        String portPart = "";
        if (!port.isEmpty()) {
            int p = Integer.parseInt(port);
            boolean isDefault = (scheme.equals("http") && p == 80) || (scheme.equals("https") && p == 443);
            portPart = isDefault ? "" : ":" + p;
        }
        String path = removeDotSegments(percent(m.group(5), false));
        if (path.isEmpty() && web) {
            path = "/";
        }
        String query = m.group(6) == null ? "" : m.group(6);
        return scheme + "://" + host + portPart + path + query;
    }

    /**
     * The canonical form of a path with its query, such as a request-target: dot segments
     * removed, percent-encodings in upper-case hex and unreserved ones decoded, the query kept
     * exactly as sent; always starting with {@code /}.
     *
     * @throws IllegalArgumentException when it does not start with {@code /}, has a fragment, or
     *                                  has a {@code %} not followed by two hex digits
     */
    public static String path(String pathAndQuery) {
        if (pathAndQuery == null || !pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
            throw new IllegalArgumentException("a path must start with a single /");
        }
        String c = of("http://h" + pathAndQuery);
        return c.substring("http://h".length());
    }

    /**
     * The path within a service (protocol section 4, {@code pth}): the canonical form of
     * {@code url} after the canonical form of the service's base URL, starting with {@code /}.
     *
     * @throws IllegalArgumentException when either has no canonical form, or {@code url} is not
     *                                  the base URL or under it at a {@code /} boundary
     */
    public static String within(String base, String url) {
        String b = canonicalBase(base);
        String plain = plainWithin(b, url);
        if (plain != null) {
            return plain;
        }
        String u = of(url);
        if (u.equals(b)) {
            return "/";
        }
        if (u.startsWith(b) && u.charAt(b.length()) == '/') { // longer than b: not equal to it
            return u.substring(b.length());
        }
        if (u.startsWith(b) && u.charAt(b.length()) == '?') {
            return "/" + u.substring(b.length());
        }
        throw new IllegalArgumentException("the URL is not under the service's base URL");
    }

    /**
     * {@link #within} without parsing, for the common case where canonicalising changes nothing:
     * {@code url} is the canonical base {@code b} followed by {@code /} or {@code ?}, and the rest
     * has only characters canonicalising keeps (so no percent-encoding and no fragment) and, before
     * the query, no {@code /.} (so no dot segment). The canonical form of such a URL is the URL
     * itself, so the answer is the same as the full path's. Null when the full path must decide.
     */
    private static String plainWithin(String b, String url) {
        if (url == null || url.length() <= b.length() || !url.startsWith(b)) {
            return null;
        }
        char next = url.charAt(b.length());
        if (next != '/' && next != '?') {
            return null;
        }
        boolean inQuery = false;
        for (int i = b.length(); i < url.length(); i++) {
            // Only characters that canonicalising leaves as they are (RFC 3986 unreserved,
            // sub-delims, ':', '@', '/', '?'); anything else goes the full way.
            char c = url.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
                return null;
            }
            inQuery |= c == '?';
            if (!inQuery && c == '.' && url.charAt(i - 1) == '/') {
                return null; // a dot segment, or a name starting with one: the full way decides
            }
        }
        return next == '/' ? url.substring(b.length()) : "/" + url.substring(b.length());
    }

    /** A service's base URL in canonical form without trailing {@code /}s, from {@link #BASES} once it is there. */
    private static String canonicalBase(String base) {
        String b = base == null ? null : BASES.get(base);
        if (b != null) {
            return b;
        }
        b = of(base).replaceAll("/+$", "");
        if (b.indexOf('?') >= 0) {
            throw new IllegalArgumentException("the service's base URL has a query");
        }
        if (BASES.size() < MAX_BASES) {
            BASES.put(base, b);
        }
        return b;
    }

    /** Whether two URLs have the same canonical form; false when either has none. */
    public static boolean same(String a, String b) {
        try {
            return of(a).equals(of(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A provider's issuer identifier: the canonical form of its base URL without a trailing
     * {@code /}. A configured value that is not such a URL is returned as it is, to be compared
     * exactly.
     */
    public static String issuer(String base) {
        String c;
        try {
            c = of(base);
        } catch (IllegalArgumentException e) {
            return base;
        }
        if (c.indexOf('?') >= 0) {
            return c;
        }
        // The host is never empty, so this stops short of "://".
        int end = c.length();
        while (c.charAt(end - 1) == '/') {
            end--;
        }
        return c.substring(0, end);
    }

    /** Upper-case hex in every percent-encoding, unreserved characters decoded; the rest lower-cased when asked. */
    private static String percent(String s, boolean lowerCase) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                sb.append(lowerCase ? Character.toLowerCase(c) : c);
                continue;
            }
            if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) {
                throw new IllegalArgumentException("a % is not followed by two hex digits");
            }
            char decoded = (char) Integer.parseInt(s.substring(i + 1, i + 3), 16);
            if (unreserved(decoded)) {
                sb.append(lowerCase ? Character.toLowerCase(decoded) : decoded);
            } else {
                sb.append('%').append(s.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        return sb.toString();
    }

    /** Leading zeros that a digit follows, removed: what {@code replaceFirst("^0+(?=[0-9])", "")} does, without a regex per call. */
    private static String stripLeadingZeros(String port) {
        int z = 0;
        while (z + 1 < port.length() && port.charAt(z) == '0' && port.charAt(z + 1) >= '0' && port.charAt(z + 1) <= '9') {
            z++;
        }
        return port.substring(z);
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** RFC 3986 section 5.2.4. */
    private static String removeDotSegments(String path) {
        String in = path;
        StringBuilder out = new StringBuilder(path.length());
        while (!in.isEmpty()) {
            if (in.startsWith("../")) {
                in = in.substring(3);
            } else if (in.startsWith("./")) {
                in = in.substring(2);
            } else if (in.startsWith("/./")) {
                in = in.substring(2);
            } else if (in.equals("/.")) {
                in = "/";
            } else if (in.startsWith("/../")) {
                in = in.substring(3);
                dropLastSegment(out);
            } else if (in.equals("/..")) {
                in = "/";
                dropLastSegment(out);
            } else if (in.equals(".") || in.equals("..")) {
                in = "";
            } else {
                int next = in.indexOf('/', in.startsWith("/") ? 1 : 0);
                if (next < 0) {
                    next = in.length();
                }
                out.append(in, 0, next);
                in = in.substring(next);
            }
        }
        return out.toString();
    }

    private static void dropLastSegment(StringBuilder out) {
        int slash = out.lastIndexOf("/");
        out.setLength(Math.max(slash, 0));
    }
}
