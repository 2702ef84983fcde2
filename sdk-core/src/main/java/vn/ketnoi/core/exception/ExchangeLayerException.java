package vn.ketnoi.core.exception;

/**
 * The exchange layer between the agency and the provider (LGSP/NDXP) refused or failed the call,
 * before or instead of the provider: the response had an {@code X-Road-Error} header. The code is
 * {@code exchange.} followed by the exchange layer's error type, for example
 * {@code exchange.Client.InvalidHeaders} or {@code exchange.Server.ServerProxy.ServiceUnavailable}.
 */
public class ExchangeLayerException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    private final String type;

    public ExchangeLayerException(String message, int statusCode, String type, String requestId, boolean retryable) {
        super(message, statusCode, "exchange." + type, requestId, retryable, null);
        this.type = type;
    }

    /** {@return the exchange layer's error type, such as {@code Client.InvalidHeaders}} */
    public String type() {
        return type;
    }

    /** {@return whether the exchange layer blames the calling agency ({@code Client.*}) rather than itself} */
    public boolean isClientFault() {
        return type.startsWith("Client.");
    }
}
