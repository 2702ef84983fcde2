package vn.ketnoi.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * A gateway has no route for the URL called (404 without a provider signature,
 * {@code exchange.route-unknown}): check the route table's URL and the service id. Not retryable.
 */
public class RouteUnknownException extends ExchangeLayerException {
    private static final long serialVersionUID = 1L;

    public RouteUnknownException(String message, int statusCode, @Nullable String requestId) {
        super(message, statusCode, "route-unknown", requestId, false, false);
    }
}
