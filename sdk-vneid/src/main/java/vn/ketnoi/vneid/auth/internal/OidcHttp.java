package vn.ketnoi.vneid.auth.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.internal.Untrusted;
import vn.ketnoi.core.spi.PlainClient;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.auth.VneidAuthException;

/**
 * The client's HTTP, on the plain profile of the pipeline ({@link PlainClient}): application and
 * network interceptors, trace context, the {@code vneid} service's rate limiter, bulkhead and
 * circuit breaker, every call bounded by the configured call timeout. Only idempotent requests
 * are ever repeated: the code exchange, PAR and CIBA requests carry one-time values and are sent
 * non-idempotent.
 */
public final class OidcHttp implements AutoCloseable {
    private final PlainClient plain;
    private final String issuerPrefix;
    private final String backChannel;

    public OidcHttp(PlainClient plain) {
        this(plain, null, null);
    }

    /**
     * @param issuer      the provider's issuer
     * @param backChannel where the back channel is reached instead of at the issuer (an exchange
     *                    gateway's route), or null to send every request where it points
     */
    public OidcHttp(PlainClient plain, String issuer, URI backChannel) {
        this.plain = plain;
        this.issuerPrefix = backChannel == null ? null : stripSlash(issuer) + "/";
        this.backChannel = backChannel == null ? null : stripSlash(backChannel.toString()) + "/";
    }

    public KetnoiResponse get(URI uri, String accept, String bearer, String operation) {
        KetnoiRequest.Builder b = KetnoiRequest.builder("GET", uri).header("Accept", accept).operation(operation)
                .idempotent(true);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    /** POSTs a form; {@code idempotent} false marks the request as one never to repeat. */
    public KetnoiResponse postForm(URI uri, Map<String, String> form, String operation, boolean idempotent) {
        KetnoiRequest r = KetnoiRequest.builder("POST", uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .body(formBody(form))
                .operation(operation)
                .idempotent(idempotent)
                .build();
        return send(r);
    }

    public KetnoiResponse send(KetnoiRequest r) {
        return plain.send(routed(r));
    }

    /** A send by a given deadline: for the key-set cache, whose fetches have their own. */
    public KetnoiResponse send(KetnoiRequest r, java.time.Instant deadline) {
        return plain.send(routed(r), deadline);
    }

    /**
     * The request sent to the back channel's route when it addresses a URL under the issuer: the
     * same path and query under the route. Nothing is signed over the URL here (OpenID's client
     * assertion names the token endpoint the provider publishes), so the move changes no check.
     */
    KetnoiRequest routed(KetnoiRequest r) {
        String uri = r.uri().toString();
        if (issuerPrefix == null || !uri.startsWith(issuerPrefix)) {
            return r;
        }
        return r.toBuilder().uri(URI.create(backChannel + uri.substring(issuerPrefix.length()))).build();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public static byte[] formBody(Map<String, String> form) {
        return query(form).getBytes(StandardCharsets.UTF_8);
    }

    public static String query(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** The JSON body of a response, or an error naming the endpoint when it is not JSON. */
    public static JsonNode json(KetnoiResponse r, String endpoint) {
        try {
            JsonNode n = Json.mapper().readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new IOException("not an object");
            }
            return n;
        } catch (IOException e) {
            throw new VneidAuthException("the " + endpoint + " endpoint answered " + r.status() + " with a body that is not a JSON object",
                    r.status(), "vneid." + endpoint + ".invalid-response", null, false, e);
        }
    }

    /** The exception for an OAuth error response ({@code error}, {@code error_description}). */
    public static VneidAuthException oauthError(KetnoiResponse r, String endpoint) {
        String error = null;
        String description = null;
        try {
            JsonNode n = Json.mapper().readTree(r.body());
            if (n != null && n.isObject()) {
                error = n.path("error").asText(null);
                description = n.path("error_description").asText(null);
            }
        } catch (IOException e) {
            // Not JSON: reported below by status alone.
        }
        if (error == null || !error.matches("[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}")) {
            return new VneidAuthException("the " + endpoint + " endpoint answered HTTP " + r.status(), r.status(),
                    "vneid." + endpoint + ".http-" + r.status(), null, r.status() >= 500, null);
        }
        String msg = "the " + endpoint + " endpoint refused the request: " + error
                + (description == null ? "" : " (" + Untrusted.text(vn.ketnoi.core.logging.Masking.text(description)) + ")");
        return new VneidAuthException(msg, r.status(), "vneid." + endpoint + "." + error, error, false, null);
    }

    /** The health of the plain profile's resilience step on a snapshot of the rest. */
    public vn.ketnoi.core.ClientHealth health(vn.ketnoi.core.ClientHealth rest) {
        return plain.health(rest);
    }

    @Override
    public void close() {
        plain.close();
    }
}
