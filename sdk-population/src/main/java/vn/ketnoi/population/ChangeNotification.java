package vn.ketnoi.population;

import java.time.Instant;
import java.util.List;

/**
 * A verified change notification pushed by the provider ({@code docs/protocol.md} section 8.10).
 *
 * @param notificationId the delivery's id (the signature's {@code jti}); a retried delivery has a new one
 * @param sentAt         when the provider sent it
 * @param events         the changes; their {@link ChangeEvent#eventId()}s are the ones the feed uses
 */
public record ChangeNotification(String notificationId, Instant sentAt, List<ChangeEvent> events) {
    /**
     * A notification; copies {@code events}.
     *
     * @param notificationId the delivery's id
     * @param sentAt         when the provider sent it
     * @param events         the changes
     */
    public ChangeNotification {
        events = List.copyOf(events);
    }
}
