package vn.ketnoi.vneid.edocuments;

import java.time.Instant;
import java.util.Optional;

/**
 * A status change the wallet pushed to the agency's callback URL (protocol section 10.7), after
 * {@link CallbackVerifier} checked it. Immutable.
 */
public final class DocumentStatusEvent {
    private final String eventId;
    private final String event;
    private final String documentId;
    private final int version;
    private final DocumentStatus status;
    private final DocumentStatus previousStatus;
    private final String reason;
    private final Instant occurredAt;

    DocumentStatusEvent(String eventId, String event, String documentId, int version, DocumentStatus status,
                        DocumentStatus previousStatus, String reason, Instant occurredAt) {
        this.eventId = eventId;
        this.event = event;
        this.documentId = documentId;
        this.version = version;
        this.status = status;
        this.previousStatus = previousStatus;
        this.reason = reason;
        this.occurredAt = occurredAt;
    }

    /** {@return the event's unique id; the same event delivered twice is refused as a replay} */
    public String eventId() {
        return eventId;
    }

    /** {@return the event kind, {@code document.status-changed}} */
    public String event() {
        return event;
    }

    /** {@return the document} */
    public String documentId() {
        return documentId;
    }

    /** {@return the document's current version} */
    public int version() {
        return version;
    }

    /** {@return the new status} */
    public DocumentStatus status() {
        return status;
    }

    /** {@return the status before the change; empty for the first delivery of a new document} */
    public Optional<DocumentStatus> previousStatus() {
        return Optional.ofNullable(previousStatus);
    }

    /** {@return the reason given for a suspension, reinstatement, revocation or rejection} */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** {@return when the change happened at the provider} */
    public Instant occurredAt() {
        return occurredAt;
    }

    @Override
    public String toString() {
        return "DocumentStatusEvent[" + eventId + " " + documentId + " v" + version + " "
                + (previousStatus == null ? "" : previousStatus + " -> ") + status + "]";
    }
}
