package vn.ketnoi.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * How to reach the provider through an HTTP proxy. Signatures always cover the provider's own
 * URL, never the proxy's.
 *
 * <p>{@link #fromEnvironment()} (the default) follows the conventions agencies' servers already
 * use: the JVM properties {@code https.proxyHost}, {@code https.proxyPort} and
 * {@code http.nonProxyHosts} first, then the variables {@code HTTPS_PROXY} (or
 * {@code https_proxy}) and {@code NO_PROXY}. Loopback addresses are never proxied.
 */
public final class ProxyOptions {
    private static final ProxyOptions NONE = new ProxyOptions(null, 0, null, null, List.of());

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final List<String> nonProxyHosts;

    private ProxyOptions(String host, int port, String username, String password, List<String> nonProxyHosts) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.nonProxyHosts = List.copyOf(nonProxyHosts);
    }

    /**
     * No proxy: connect directly.
     *
     * @return options without a proxy
     */
    public static ProxyOptions none() {
        return NONE;
    }

    /**
     * {@return a proxy at this host and port}
     *
     * @param host the proxy's host
     * @param port the proxy's port, 1 to 65535
     */
    public static ProxyOptions of(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new InvalidInputException("proxy.host", "must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidInputException("proxy.port", "must be between 1 and 65535");
        }
        return new ProxyOptions(host, port, null, null, List.of());
    }

    /**
     * {@return the same proxy, authenticating with Basic credentials}
     *
     * @param username the user name
     * @param password the password; never logged
     */
    public ProxyOptions withCredentials(String username, String password) {
        requireProxy("proxy.username");
        if (username == null || password == null) {
            throw new InvalidInputException("proxy.username", "username and password must not be null");
        }
        return new ProxyOptions(host, port, username, password, nonProxyHosts);
    }

    /**
     * The same proxy, bypassed for these hosts. A pattern is a host name, {@code *.example.vn}
     * or {@code .example.vn} (a domain and its sub-domains), or {@code *} (every host).
     *
     * @param patterns host names, or {@code *.suffix} patterns
     * @return options with these exceptions
     */
    public ProxyOptions withNonProxyHosts(List<String> patterns) {
        requireProxy("proxy.nonProxyHosts");
        return new ProxyOptions(host, port, username, password, patterns == null ? List.of() : patterns);
    }

    /**
     * Proxy settings from JVM properties, then environment variables; {@link #none()} if neither.
     *
     * @return the options the environment describes, or {@link #none()}
     */
    public static ProxyOptions fromEnvironment() {
        return fromEnvironment(System.getProperties(), System.getenv());
    }

    static ProxyOptions fromEnvironment(Properties props, Map<String, String> env) {
        String h = props.getProperty("https.proxyHost");
        if (h != null && !h.isBlank()) {
            int p = parsePort(props.getProperty("https.proxyPort", "443"), "https.proxyPort");
            List<String> non = split(props.getProperty("http.nonProxyHosts"), "\\|");
            return of(h.trim(), p).withNonProxyHostsInternal(non);
        }
        String url = env.getOrDefault("HTTPS_PROXY", env.get("https_proxy"));
        if (url == null || url.isBlank()) {
            return NONE;
        }
        URI u;
        try {
            u = URI.create(url.contains("://") ? url.trim() : "http://" + url.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("HTTPS_PROXY", "is not a valid URL", e);
        }
        if (u.getHost() == null) {
            throw new InvalidInputException("HTTPS_PROXY", "has no host");
        }
        int p = u.getPort() > 0 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
        ProxyOptions o = of(u.getHost(), p)
                .withNonProxyHostsInternal(split(env.getOrDefault("NO_PROXY", env.get("no_proxy")), ","));
        if (u.getUserInfo() != null && u.getUserInfo().contains(":")) {
            String[] ui = u.getUserInfo().split(":", 2);
            o = o.withCredentials(ui[0], ui[1]);
        }
        return o;
    }

    private ProxyOptions withNonProxyHostsInternal(List<String> non) {
        return new ProxyOptions(host, port, username, password, non);
    }

    /** {@return the proxy host, or empty for a direct connection} */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** {@return the proxy's port} */
    public int port() {
        return port;
    }

    /** {@return the user name for the proxy, if it asks for one} */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /**
     * For the transport only; never printed.
     *
     * @return the password, if set; never logged
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** {@return the host patterns reached directly, not through the proxy} */
    public List<String> nonProxyHosts() {
        return nonProxyHosts;
    }

    /**
     * {@return whether a request to this host goes through the proxy}
     *
     * @param targetHost the host a call goes to
     */
    public boolean appliesTo(String targetHost) {
        if (host == null || targetHost == null) {
            return false;
        }
        String t = targetHost.toLowerCase(Locale.ROOT);
        if (vn.ketnoi.core.internal.http.SecureUrls.isLoopback(t)) {
            return false;
        }
        for (String raw : nonProxyHosts) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*") || p.equals(t)) {
                return false;
            }
            String suffix = p.startsWith("*.") ? p.substring(1) : p.startsWith(".") ? p : null;
            if (suffix != null && (t.endsWith(suffix) || t.equals(suffix.substring(1)))) {
                return false;
            }
            if (p.startsWith("*") && t.endsWith(p.substring(1))) {
                return false;
            }
        }
        return true;
    }

    private void requireProxy(String field) {
        if (host == null) {
            throw new InvalidInputException(field, "set a proxy host first");
        }
    }

    private static int parsePort(String s, String field) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p < 1 || p > 65535) {
                throw new InvalidInputException(field, "must be between 1 and 65535");
            }
            return p;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "is not a number", e);
        }
    }

    private static List<String> split(String s, String regex) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String part : s.split(regex)) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyOptions p && Objects.equals(host, p.host) && port == p.port
                && Objects.equals(username, p.username) && Objects.equals(password, p.password)
                && nonProxyHosts.equals(p.nonProxyHosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, username, nonProxyHosts);
    }

    @Override
    public String toString() {
        return host == null ? "ProxyOptions[none]"
                : "ProxyOptions[" + host + ":" + port + (username == null ? "" : ", user=" + username + ", password=***")
                + ", nonProxyHosts=" + nonProxyHosts + "]";
    }
}
