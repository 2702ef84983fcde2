package vn.ketnoi.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * The exchange layer between the agency and the provider (LGSP/NDXP) refused or failed the call,
 * before or instead of the provider. Never a provider answer: nothing in it is data or a provider
 * verdict, and its message is the gateway's text sanitised, masked and shortened (an HTML page is
 * not quoted).
 *
 * <p>Two forms ({@code docs/protocol.md} section 6.2):
 * <ul>
 *   <li>an answer with an {@code X-Road-Error} header: the code is {@code exchange.} followed by
 *       the exchange layer's error type, for example {@code exchange.Client.InvalidHeaders} or
 *       {@code exchange.Server.ServerProxy.ServiceUnavailable};</li>
 *   <li>an answer that is not 2xx and carries no {@code Ketnoi-Signature} at all: a gateway's own
 *       error. The subclasses name the kinds a caller acts on ({@link GatewayCredentialException},
 *       {@link RouteForbiddenException}, {@link RouteUnknownException}, {@link QuotaExceededException},
 *       {@link GatewayUnavailableException}); any other status is {@code exchange.gateway-error}.</li>
 * </ul>
 */
public class ExchangeLayerException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /** The kind, without the {@code exchange.} prefix. */
    private final String type;

    /** Whether the request may have reached the provider and been acted on. */
    private final boolean mayHaveBeenApplied;

    /**
     * An exchange-layer failure that did not reach the provider.
     *
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param type the kind, without the {@code exchange.} prefix of the code
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     */
    public ExchangeLayerException(String message, int statusCode, String type, @Nullable String requestId,
                                  boolean retryable) {
        this(message, statusCode, type, requestId, retryable, false);
    }

    /**
     * @param type               the kind, without the {@code exchange.} prefix of the code
     * @param mayHaveBeenApplied whether the request may have reached the provider and been acted on
     * @param message what went wrong, without personal data or secrets
     * @param statusCode the HTTP status; 0 when there was none
     * @param requestId the exchange's {@code X-Road-Id}; null when unknown
     * @param retryable whether repeating the call may succeed
     */
    protected ExchangeLayerException(String message, int statusCode, String type, @Nullable String requestId,
                                     boolean retryable, boolean mayHaveBeenApplied) {
        super(message, statusCode, "exchange." + type, requestId, retryable, null);
        this.type = type;
        this.mayHaveBeenApplied = mayHaveBeenApplied;
    }

    @Override
    public boolean mayHaveBeenApplied() {
        return mayHaveBeenApplied;
    }

    /**
     * {@return the exchange layer's error type, such as {@code Client.InvalidHeaders}, or the
     * gateway error's kind, such as {@code quota-exceeded}}
     */
    public String type() {
        return type;
    }

    /**
     * {@return whether the exchange layer blames the calling agency ({@code Client.*}, or a gateway's
     * 4xx: its credential, its rights, its route, its quota) rather than itself}
     */
    public boolean isClientFault() {
        return type.startsWith("Client.") || (statusCode() >= 400 && statusCode() < 500);
    }
}
