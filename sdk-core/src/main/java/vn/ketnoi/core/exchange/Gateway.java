package vn.ketnoi.core.exchange;

import java.net.URI;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.crypto.CanonicalUrl;
import vn.ketnoi.core.internal.http.SecureUrls;

/**
 * A gateway of the exchange layer the agency's calls pass through (its province's LGSP, the
 * national NDXP), and the agency's credential towards it. The credential is added to every
 * request whose URL is under {@link #url()} (same scheme, host, port, and path prefix at a segment
 * boundary), service calls, token and key-set requests alike, and to no other request.
 *
 * <pre>{@code
 * Gateway lgsp = Gateway.builder()
 *         .name("lgsp")
 *         .url(URI.create("https://lgsp.tinh.gov.vn/gateway"))
 *         .credentials(GatewayCredentials.keyAndSecret(tokenUrl, key, secret))
 *         .build();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class Gateway {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final String name;
    private final URI url;
    private final GatewayCredentials credentials;

    private Gateway(Builder b) {
        if (b.name == null || !NAME.matcher(b.name).matches()) {
            throw new InvalidInputException("gateway.name", "must be 1 to 32 characters of a-z 0-9 _ -, starting with a letter or digit");
        }
        this.name = b.name;
        this.url = SecureUrls.configured("gateways." + b.name + ".url", b.url);
        if (b.credentials == null) {
            throw new InvalidInputException("gateways." + b.name + ".credentials", "are required");
        }
        this.credentials = b.credentials;
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the gateway's name, used in settings keys and messages} */
    public String name() {
        return name;
    }

    /** {@return the base URL every request to this gateway is under} */
    public URI url() {
        return url;
    }

    /** {@return the agency's credential towards this gateway} */
    public GatewayCredentials credentials() {
        return credentials;
    }

    /**
     * Whether a request to {@code target} goes to this gateway: same scheme, host (ignoring case)
     * and port (the default port written or not), and a path that is this gateway's path or lies
     * under it at a {@code /} boundary.
     *
     * @param target a request URL
     * @return whether the gateway's credential belongs on the request
     */
    public boolean covers(URI target) {
        String t;
        String g;
        try {
            // Canonical forms (protocol section 4): case, default ports and dot segments cannot fool the prefix test.
            t = CanonicalUrl.of(target.toString());
            g = CanonicalUrl.of(url.toString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int query = t.indexOf('?');
        if (query >= 0) {
            t = t.substring(0, query);
        }
        while (g.endsWith("/")) {
            g = g.substring(0, g.length() - 1);
        }
        return t.equals(g) || t.startsWith(g + "/");
    }

    @Override
    public String toString() {
        return "Gateway[name=" + name + ", url=" + SecureUrls.describe(url) + ", credentials=" + credentials + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private @Nullable String name;
        private @Nullable URI url;
        private @Nullable GatewayCredentials credentials;

        private Builder() {
        }

        /**
         * {@return this builder, with the gateway's name ({@code lgsp}, {@code ndxp}...)}
         *
         * @param name a short name for logs and settings
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * {@return this builder, with the base URL the gateway's credential is sent under}
         *
         * @param url the gateway's base URL
         */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /**
         * {@return this builder, with the agency's credential towards the gateway}
         *
         * @param credentials the agency's credential at the gateway
         */
        public Builder credentials(GatewayCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * The gateway.
         *
         * @return the gateway
         * @throws InvalidInputException naming what is missing or malformed
         */
        public Gateway build() {
            return new Gateway(this);
        }
    }
}
