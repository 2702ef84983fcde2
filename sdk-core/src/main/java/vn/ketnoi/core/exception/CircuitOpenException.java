package vn.ketnoi.core.exception;

/**
 * The circuit breaker of the service is open: recent calls failed too often, so calls fail fast
 * for a while instead of adding load to a provider that is down ({@code client.circuit-open}).
 */
public class CircuitOpenException extends CallRejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * A call refused while the circuit breaker of {@code service} is open.
     *
     * @param service the resilience scope
     */
    public CircuitOpenException(String service) {
        super("The circuit breaker for service '" + service + "' is open; the call was not sent", "client.circuit-open");
    }
}
