package vn.ketnoi.core.exception;

/**
 * The client-side rate limit (the agency's quota, as configured) allowed no call in time
 * ({@code client.rate-limited}). The provider's own refusal is {@link RateLimitedException}.
 */
public class ClientRateLimitedException extends CallRejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * A call refused by the client-side rate limit of {@code service}.
     *
     * @param service the resilience scope
     */
    public ClientRateLimitedException(String service) {
        super("The client-side rate limit for service '" + service + "' allowed no call in time; the call was not sent",
                "client.rate-limited");
    }
}
