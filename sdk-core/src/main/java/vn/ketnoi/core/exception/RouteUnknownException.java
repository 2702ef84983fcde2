package vn.ketnoi.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * A gateway has no route for the URL called (404 without a provider signature,
 * {@code exchange.route-unknown}): check the route table's URL and the service id. Not retryable.
 */
public class RouteUnknownException extends ExchangeLayerException {
    private static final long serialVersionUID = 1L;

    /**
     * The gateway knows no route to the service.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     */
    public RouteUnknownException(String message, int statusCode, @Nullable String requestId) {
        super(message, statusCode, "route-unknown", requestId, false, false);
    }
}
