package vn.ketnoi.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * A gateway refused the agency's gateway credential (401 without a provider signature,
 * {@code exchange.gateway-credential-refused}), after the SDK fetched a new gateway token once and
 * repeated the call. Check the application key and secret the province issued, and whether they
 * were rotated. Not retryable.
 */
public class GatewayCredentialException extends ExchangeLayerException {
    private static final long serialVersionUID = 1L;

    /**
     * The gateway refused the agency's gateway credential.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     */
    public GatewayCredentialException(String message, int statusCode, @Nullable String requestId) {
        super(message, statusCode, "gateway-credential-refused", requestId, false, false);
    }
}
