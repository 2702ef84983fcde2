package vn.ketnoi.core.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.TransportException;

/**
 * The one rule for where the SDK may send anything: {@code https}, or plain {@code http} to this
 * machine only. Tokens, client assertions, PKCE verifiers and personal data must never cross a
 * network in clear, and a key set fetched in clear can be swapped by anyone on the path.
 *
 * <p>"This machine" means an IP literal in 127.0.0.0/8, {@code ::1}, or the name
 * {@code localhost}: never a name that merely looks like one ({@code 127.attacker.example}
 * resolves wherever its owner wants). Nothing here asks DNS.
 */
public final class SecureUrls {
    public static final String INSECURE_URL = "transport.insecure-url";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");

    private SecureUrls() {
    }

    /**
     * Whether a URI's host (as {@link URI#getHost()} gives it, IPv6 in brackets or not) is this
     * machine.
     */
    public static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        java.util.regex.Matcher v4 = IPV4.matcher(h);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(v4.group(1)) == 127;
        }
        if (h.indexOf(':') >= 0 && IPV6.matcher(h).matches()) {
            try {
                // A literal with a colon is parsed, never looked up.
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether the SDK may send to this URI: absolute, with a host, https or loopback http. */
    public static boolean isAllowed(URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost()));
    }

    /**
     * Refuses, before anything is sent, a request to a URI {@link #isAllowed(URI)} rejects.
     *
     * @throws TransportException see {@link #refusal(URI, String)}
     */
    public static void requireAllowed(URI uri, String requestId) {
        TransportException e = refusal(uri, requestId);
        if (e != null) {
            throw e;
        }
    }

    /**
     * The refusal of a URI {@link #isAllowed(URI)} rejects, or null: code {@value #INSECURE_URL},
     * not retryable, nothing sent. The message names the scheme and host only, since a query
     * string can carry secrets.
     */
    public static TransportException refusal(URI uri, String requestId) {
        if (isAllowed(uri)) {
            return null;
        }
        return new TransportException("Refused to send to " + describe(uri)
                + ": only https, or plain http to a loopback address, is allowed", INSECURE_URL, requestId,
                false, false, null);
    }

    /** {@code scheme://host}, cleaned for a message: the rest of a URI may carry secrets. */
    public static String describe(URI uri) {
        if (uri == null) {
            return "no URL";
        }
        return clean(uri.getScheme()) + "://" + clean(uri.getHost());
    }

    private static String clean(String s) {
        if (s == null) {
            return "?";
        }
        String c = s.replaceAll("[^A-Za-z0-9.:\\[\\]+_-]", "?");
        return c.length() > 100 ? c.substring(0, 100) + "…" : c;
    }

    /**
     * A configured base URL checked once, when the configuration is built: absolute http or https
     * with a host, https unless it is this machine, and no query, fragment or user info.
     *
     * @param field names the setting in the error
     * @throws InvalidInputException naming {@code field} when the URL is missing or breaks a rule
     */
    public static URI configured(String field, URI u) {
        if (u == null) {
            throw new InvalidInputException(field, "is required");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!u.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
            throw new InvalidInputException(field, "must be an absolute http or https URL with a host");
        }
        if (scheme.equals("http") && !isLoopback(u.getHost())) {
            // Tokens, signatures and personal data must never cross a network in clear.
            throw new InvalidInputException(field, "must use https; plain http is allowed only for loopback addresses");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new InvalidInputException(field, "must not have a query, fragment or user info");
        }
        return u;
    }
}
