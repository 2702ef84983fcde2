package vn.ketnoi.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * A gateway knows the service but does not let the agency's application call it (403 without a
 * provider signature, {@code exchange.route-forbidden}): the right to that API is granted by the
 * gateway's operator, not by the provider. Not retryable.
 */
public class RouteForbiddenException extends ExchangeLayerException {
    private static final long serialVersionUID = 1L;

    /**
     * The gateway does not let this agency reach the service.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     */
    public RouteForbiddenException(String message, int statusCode, @Nullable String requestId) {
        super(message, statusCode, "route-forbidden", requestId, false, false);
    }
}
