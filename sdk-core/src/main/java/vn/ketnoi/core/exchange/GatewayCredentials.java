package vn.ketnoi.core.exchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.http.SecureUrls;

/**
 * The agency's credential towards one gateway of the exchange layer (an LGSP, NDXP): the
 * application key and secret the province issued, exchanged at the gateway's token URL for a
 * short-lived bearer token ({@code POST tokenUrl}, HTTP Basic {@code key:secret},
 * {@code grant_type=client_credentials}). The token travels in its own header,
 * {@code Gateway-Authorization: Bearer <token>} unless {@link #withHeader} names another.
 *
 * <p>This credential is hop-by-hop: it is never signed, never sent to the provider's URLs, and
 * rotated independently of the agency's end-to-end signing key, which never leaves the agency.
 * Mutual TLS to a gateway needs nothing here: it is the client certificate of
 * {@link vn.ketnoi.core.TlsOptions}. Immutable; {@link #toString()} never shows the secret.
 */
public final class GatewayCredentials {
    /** The header the gateway token goes in unless {@link #withHeader} says otherwise. */
    public static final String DEFAULT_HEADER = "Gateway-Authorization";
    private static final Pattern TOKEN_CHARS = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    private final URI tokenUrl;
    private final String key;
    private final String secret;
    private final String header;

    private GatewayCredentials(URI tokenUrl, String key, String secret, String header) {
        this.tokenUrl = tokenUrl;
        this.key = key;
        this.secret = secret;
        this.header = header;
    }

    /**
     * An application key and secret, exchanged for a token at {@code tokenUrl}.
     *
     * @param tokenUrl the gateway's token endpoint
     * @param key the consumer key
     * @param secret the consumer secret; never logged
     * @return the credentials
     * @throws InvalidInputException naming the missing or malformed part; never quoting the secret
     */
    public static GatewayCredentials keyAndSecret(@Nullable URI tokenUrl, @Nullable String key,
                                                  @Nullable String secret) {
        SecureUrls.configured("gateway.tokenUrl", tokenUrl);
        if (key == null || key.isEmpty() || key.indexOf(':') >= 0 || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // HTTP Basic splits at the first colon: a key with one could never be read back.
            throw new InvalidInputException("gateway.key", "must be printable ASCII without spaces or ':'");
        }
        if (secret == null || secret.isEmpty()) {
            throw new InvalidInputException("gateway.secret", "is required");
        }
        if (secret.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("gateway.secret", "must not contain control characters");
        }
        return new GatewayCredentials(tokenUrl, key, secret, DEFAULT_HEADER);
    }

    /**
     * The same credential sent in another header, for a gateway that expects its token elsewhere
     * (for example {@code Authorization}, where no provider token travels).
     *
     * @param name the header the gateway reads
     * @return credentials sent in that header
     * @throws InvalidInputException when {@code name} is not an HTTP header name
     */
    public GatewayCredentials withHeader(@Nullable String name) {
        if (name == null || !TOKEN_CHARS.matcher(name).matches()) {
            throw new InvalidInputException("gateway.header", "must be an HTTP header name");
        }
        return new GatewayCredentials(tokenUrl, key, secret, name);
    }

    /** {@return where the key and secret are exchanged for a gateway token} */
    public URI tokenUrl() {
        return tokenUrl;
    }

    /** {@return the application key (not a secret: the gateway's name for the agency's application)} */
    public String key() {
        return key;
    }

    /** {@return the header the gateway token is sent in} */
    public String header() {
        return header;
    }

    /**
     * The value of the {@code Authorization} header of a request to {@link #tokenUrl()}:
     * {@code Basic base64(key:secret)}. A secret: the SDK sends it there and nowhere else, and
     * never logs it.
     *
     * @return the header value
     */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "GatewayCredentials[tokenUrl=" + SecureUrls.describe(tokenUrl) + ", key=" + key + ", secret=***, header="
                + header + "]";
    }
}
