package vn.ketnoi.core.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.exception.AccessDeniedException;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.FieldError;
import vn.ketnoi.core.exception.InvalidRequestException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.RateLimitedException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.ServiceUnavailableException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.logging.Masking;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/** Turns a verified error response into the exception the catalogue assigns to its code. */
public final class ErrorMapper {
    private final UnaryOperator<KetnoiServiceException> serviceErrors;

    public ErrorMapper(UnaryOperator<KetnoiServiceException> serviceErrors) {
        this.serviceErrors = serviceErrors == null ? UnaryOperator.identity() : serviceErrors;
    }

    public KetnoiException toException(KetnoiResponse response) {
        String requestId = response.request().headers().first("X-Road-Id").orElse(null);
        int status = response.status();
        if (!ExchangeLayerError.isXRoadError(response) && ExchangeLayerError.isGatewayError(response)) {
            // Not 2xx and unsigned: the gateway's own answer. Never parsed as a problem document,
            // so nothing in it can pass for the provider's verdict.
            return ExchangeLayerError.gatewayError(response, "The exchange layer answered instead of the provider");
        }
        JsonNode body = parse(response);
        if (ExchangeLayerError.isXRoadError(response)) {
            // Unsigned: anyone on the path writes the message; it never reaches a log raw. The type
            // already has the protocol's form (ExchangeLayerError checked it).
            String xroadError = ExchangeLayerError.type(response);
            String message = body != null && body.hasNonNull("message")
                    ? Untrusted.text(Masking.text(body.get("message").asText()))
                    : "The exchange layer refused the call";
            boolean retryable = xroadError.startsWith("Server.") && response.request().isIdempotent();
            return new ExchangeLayerException("Exchange layer: " + message, status, xroadError, requestId, retryable);
        }
        if (body == null || !body.hasNonNull("code")) {
            return new ResponseVerificationException("The provider's error response is not a problem document",
                    status, "response.malformed", requestId, null);
        }
        // Signed, but still the provider's text: callers log messages, titles and field names.
        String code = Untrusted.text(body.get("code").asText(), 128);
        String title = Untrusted.text(body.path("title").asText(code));
        String detail = Untrusted.text(body.path("detail").asText(""));
        boolean retryable = body.path("retryable").asBoolean(false);
        List<FieldError> fields = new ArrayList<>();
        for (JsonNode e : body.path("errors")) {
            fields.add(new FieldError(Untrusted.text(e.path("field").asText("?"), 128),
                    Untrusted.text(e.path("problem").asText(""))));
        }
        StringBuilder message = new StringBuilder(title);
        if (!detail.isEmpty()) {
            message.append(": ").append(detail);
        }
        if (!fields.isEmpty()) {
            message.append(" Fields: ");
            for (int i = 0; i < fields.size(); i++) {
                message.append(i == 0 ? "" : "; ").append(fields.get(i).field()).append(" ").append(fields.get(i).problem());
            }
        }
        KetnoiServiceException base = new KetnoiServiceException(message.toString(), status, code, requestId,
                retryable, title, detail, fields);
        KetnoiServiceException refined = serviceErrors.apply(base);
        if (refined != base) {
            return refined;
        }
        if (code.startsWith("auth.token") || code.startsWith("token.")) {
            return new AuthenticationException(base);
        }
        if (code.startsWith("signature.")) {
            return new SignatureRejectedException(base);
        }
        if (code.equals("rate-limited") || status == 429) {
            return new RateLimitedException(base, retryAfter(response));
        }
        if (code.startsWith("server.") || status >= 500) {
            return new ServiceUnavailableException(base, retryAfter(response));
        }
        if (code.equals("auth.forbidden") || status == 403) {
            return new AccessDeniedException(base);
        }
        if (status == 401) {
            return new AuthenticationException(base);
        }
        if (code.startsWith("request.")) {
            return new InvalidRequestException(base);
        }
        return base;
    }

    /**
     * The problem code of a provider's error response, or {@code null}; always {@code null} for an
     * exchange-layer answer, whose body is anyone's text. Call it on verified answers only.
     */
    public static String problemCode(KetnoiResponse response) {
        if (ExchangeLayerError.is(response)) {
            return null;
        }
        JsonNode body = parse(response);
        return body != null && body.hasNonNull("code") ? body.get("code").asText() : null;
    }

    private static JsonNode parse(KetnoiResponse response) {
        if (response.bodyLength() == 0) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(response.body());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code Retry-After} in seconds, or null: the one reading of it, for provider and gateway
     * answers alike. The HTTP-date form is used by neither the protocol nor the gateways we know,
     * and is ignored.
     */
    public static Duration retryAfter(KetnoiResponse response) {
        String v = response.headers().first("Retry-After").orElse(null);
        if (v == null) {
            return null;
        }
        try {
            long s = Long.parseLong(v.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
