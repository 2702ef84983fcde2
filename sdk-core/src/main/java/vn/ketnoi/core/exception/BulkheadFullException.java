package vn.ketnoi.core.exception;

/** Too many calls to the service are in flight from this client ({@code client.bulkhead-full}). */
public class BulkheadFullException extends CallRejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * A call refused because {@code limit} calls to {@code service} are already in flight.
     *
     * @param service the resilience scope, such as {@code population}
     * @param limit the most calls in flight
     */
    public BulkheadFullException(String service, int limit) {
        super("More than " + limit + " calls to service '" + service + "' are in flight; the call was not sent",
                "client.bulkhead-full");
    }
}
