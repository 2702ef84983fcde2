package vn.ketnoi.core.audit;

/**
 * Receives the audit events of every client configured with it. Implementations must be
 * thread-safe: calls run concurrently. An exception thrown here is logged (without the event's
 * content) and does not change the call's result: the data has already been received.
 */
@FunctionalInterface
public interface AuditSink {
    /**
     * Records one event.
     *
     * @param event the event; never null
     */
    void record(AuditEvent event);
}
