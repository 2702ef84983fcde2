package vn.ketnoi.core;

/**
 * Receives the resilience events of every client built from a {@link ClientConfig}: retries,
 * retries the budget or a deadline suppressed, circuit-breaker state changes and calls refused
 * before they were sent. Register with {@link ClientConfig.Builder#addResilienceListener}.
 *
 * <p>Called synchronously on the thread where the event happens, which may be an HTTP client I/O
 * thread: return quickly and never block. An exception thrown by a listener is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface ResilienceListener {

    /**
     * Called on the thread of the call; must return quickly and not throw.
     *
     * @param event what happened
     */
    void onEvent(ResilienceEvent event);
}
