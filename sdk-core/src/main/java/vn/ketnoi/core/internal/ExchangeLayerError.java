package vn.ketnoi.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.exception.RouteForbiddenException;
import vn.ketnoi.core.exception.RouteUnknownException;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Decides whether an answer is the exchange layer's own error ({@code docs/protocol.md} §6.2), the
 * one kind of answer that comes unsigned, and turns it into its exception. Two forms:
 *
 * <ul>
 *   <li>{@code X-Road-Error}: anyone on the path can add that header, so it alone proves nothing:
 *       only the combinations the protocol allows count (one header, a well-formed type,
 *       {@code Client.*} with 400, {@code Server.*} with 502, 503 or 504);</li>
 *   <li>a gateway's own error: not 2xx, and no {@code Ketnoi-Signature} header at all (an LGSP
 *       answering 401, 403, 404, 429, 502, 504 itself, in JSON or an HTML page).</li>
 * </ul>
 *
 * Either is never a success, so it can only ever become an exception: never data, never a
 * provider verdict, its body never read as a problem document. Everything else, whatever its
 * headers (a 2xx without a signature included), is a provider answer and passes the full
 * signature check.
 */
public final class ExchangeLayerError {
    private static final Pattern TYPE = Pattern.compile("(Client|Server)(\\.[A-Za-z0-9_-]{1,64}){1,4}");
    private static final List<Integer> SERVER_STATUSES = List.of(502, 503, 504);

    private ExchangeLayerError() {
    }

    /** Whether this answer is an exchange-layer error that may go unverified: either form. */
    public static boolean is(KetnoiResponse response) {
        return isXRoadError(response) || isGatewayError(response);
    }

    /** Not 2xx and no {@code Ketnoi-Signature} header at all: a gateway's own answer, not the provider's. */
    public static boolean isGatewayError(KetnoiResponse response) {
        return !response.isSuccessful() && !response.headers().contains("Ketnoi-Signature");
    }

    /** An {@code X-Road-Error} answer of the form section 6.2 allows. */
    public static boolean isXRoadError(KetnoiResponse response) {
        List<String> types = response.headers().all("X-Road-Error");
        if (types.size() != 1 || !TYPE.matcher(types.get(0)).matches()) {
            return false;
        }
        String type = types.get(0);
        int status = response.status();
        return type.startsWith("Client.") ? status == 400 : SERVER_STATUSES.contains(status);
    }

    /**
     * The typed exception of a gateway's own error answer (DESIGN15 section 4): 401 credential
     * refused, 403 route forbidden, 404 route unknown, 429 quota exceeded, 502/503/504 gateway
     * unavailable, anything else {@code exchange.gateway-error}. Retryable only where a later
     * attempt may succeed, and only for an idempotent request; after a 502 or 504 a write (a
     * request with an {@code Idempotency-Key}, or one not safe to repeat) may have reached the provider.
     *
     * @param what the first words of the message, written by the SDK
     */
    public static ExchangeLayerException gatewayError(KetnoiResponse response, String what) {
        int status = response.status();
        String requestId = response.request().headers().first("X-Road-Id").orElse(null);
        boolean idempotent = response.request().isIdempotent();
        String message = what + " (HTTP " + status + ")" + said(response);
        switch (status) {
            case 401:
                return new GatewayCredentialException(message, status, requestId);
            case 403:
                return new RouteForbiddenException(message, status, requestId);
            case 404:
                return new RouteUnknownException(message, status, requestId);
            case 429:
                return new QuotaExceededException(message, status, requestId, idempotent, ErrorMapper.retryAfter(response));
            case 502:
            case 503:
            case 504:
                // A write (it carries an Idempotency-Key, or is not safe to repeat) may have reached
                // the provider before a 502 or 504; a 503 gateway did not forward it.
                boolean write = response.request().headers().contains("Idempotency-Key") || !idempotent;
                return new GatewayUnavailableException(message, status, requestId, idempotent,
                        status != 503 && write, ErrorMapper.retryAfter(response));
            default:
                return new ExchangeLayerException(message, status, "gateway-error", requestId, false);
        }
    }

    /**
     * What the gateway said, made safe for a message: an HTML page is not quoted; from JSON one
     * message field; plain text cut short. Masked and escaped: it is anyone's text on the path.
     */
    static String said(KetnoiResponse response) {
        if (response.bodyLength() == 0) {
            return "";
        }
        String type = response.headers().first("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String body = new String(response.body(), 0, Math.min(response.bodyLength(), 4096), StandardCharsets.UTF_8);
        String trimmed = body.stripLeading();
        if (type.contains("html") || type.contains("xml") || trimmed.startsWith("<")) {
            return ": an HTML page, not quoted";
        }
        String text = null;
        if (type.contains("json") || trimmed.startsWith("{")) {
            try {
                JsonNode n = Json.mapper().readTree(response.body());
                for (String field : List.of("message", "error_description", "description", "error", "title")) {
                    if (n != null && n.path(field).isTextual()) {
                        text = n.path(field).asText();
                        break;
                    }
                }
                if (text == null && n != null && n.path("fault").path("message").isTextual()) {
                    text = n.path("fault").path("message").asText(); // WSO2's form
                }
            } catch (IOException e) {
                text = null;
            }
            if (text == null) {
                return "";
            }
        } else {
            text = body;
        }
        return ": " + Untrusted.text(Masking.text(text), 200);
    }

    /** The exchange layer's error type of an answer for which {@link #isXRoadError} holds. */
    public static String type(KetnoiResponse response) {
        return response.headers().first("X-Road-Error").orElseThrow();
    }

    /**
     * RFC 6750 section 3.1's codes that only a resource server gives (a gateway refusing its own
     * bearer token); a token endpoint never does (RFC 6749 section 5.2).
     */
    private static final Set<String> RESOURCE_SERVER_ERRORS = Set.of("invalid_token", "insufficient_scope");

    /**
     * Whether an answer is a token endpoint's own OAuth refusal, which comes unsigned (protocol
     * section 2): a JSON object with a textual {@code error} (RFC 6749 section 5.2's codes, or an
     * extension code) that is not one of the codes only a resource server gives. A gateway's
     * {@code invalid_token}, an HTML page or any other body refused on the way is the exchange
     * layer's. Only ever tells an error from an error: a success is never judged by it.
     */
    public static boolean isOAuthError(KetnoiResponse response) {
        if (response.status() < 400 || response.bodyLength() == 0) {
            return false;
        }
        try {
            JsonNode n = Json.mapper().readTree(response.body());
            return n != null && n.isObject() && n.path("error").isTextual()
                    && !RESOURCE_SERVER_ERRORS.contains(n.get("error").asText());
        } catch (IOException e) {
            return false;
        }
    }
}
