package vn.ketnoi.testkit.internal.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The wallet's store: every document of every agency, each version's JWS and the current
 * status, and the status-change events a write produces. One lock guards it all
 * ({@link #lock}): writes run one at a time under it.
 */
final class Documents {
    /** One stored document: every version's JWS, the current status. Guarded by the lock. */
    static final class Doc {
        final String agencyId;
        final String documentId;
        final String subject;
        final String type;
        final Instant createdAt;
        final List<String> versions = new ArrayList<>();
        JsonNode claims;
        String status;
        String statusBeforeSuspension;
        String reason;
        Instant updatedAt;

        Doc(String agencyId, String documentId, String subject, String type, Instant createdAt) {
            this.agencyId = agencyId;
            this.documentId = documentId;
            this.subject = subject;
            this.type = type;
            this.createdAt = createdAt;
        }

        String latest() {
            return versions.get(versions.size() - 1);
        }
    }

    /** Guards the documents, the stored operations and the events of the write in progress. */
    final Object lock = new Object();
    private final Clock clock;
    /** By agency and document id, {@code agency|documentId}, in the order issued. */
    private final Map<String, Doc> byKey = new LinkedHashMap<>();
    private List<Map<String, Object>> pendingEvents; // guarded by lock, set during a write

    Documents(Clock clock) {
        this.clock = clock;
    }

    /** The document, or null; call under the lock. */
    Doc get(String agencyId, String documentId) {
        return byKey.get(agencyId + "|" + documentId);
    }

    /** Stores a new document; call under the lock. */
    void put(Doc d) {
        byKey.put(d.agencyId + "|" + d.documentId, d);
    }

    /** Every document, in the order issued; call under the lock. */
    Collection<Doc> all() {
        return byKey.values();
    }

    int size() {
        return byKey.size();
    }

    /** Collects the events of one write into {@code events} until {@link #endWrite()}; call under the lock. */
    void beginWrite(List<Map<String, Object>> events) {
        pendingEvents = events;
    }

    void endWrite() {
        pendingEvents = null;
    }

    /** The record of section 10.4: the document's metadata and its latest version. */
    static Map<String, Object> record(Doc d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("documentId", d.documentId);
        m.put("type", d.type);
        m.put("issuer", d.agencyId);
        m.put("version", d.versions.size());
        m.put("status", d.status);
        if (d.reason != null) {
            m.put("statusReason", d.reason);
        }
        m.put("issueDate", d.claims.get("issueDate").asText());
        m.put("validFrom", d.claims.get("validFrom").asText());
        if (d.claims.hasNonNull("validUntil")) {
            m.put("validUntil", d.claims.get("validUntil").asText());
        }
        m.put("createdAt", d.createdAt.toString());
        m.put("updatedAt", d.updatedAt.toString());
        m.put("document", d.latest());
        return m;
    }

    /** Records the event of a change a write already made ({@code previous} null for a new document). */
    void event(Doc d, String previous) {
        Map<String, Object> e = change(d, d.status, d.reason);
        if (previous == null) {
            e.remove("previousStatus");
        } else {
            e.put("previousStatus", previous);
        }
        if (pendingEvents != null) {
            pendingEvents.add(e);
        }
    }

    /** Changes the status now and returns the {@code document.status-changed} event; call under the lock. */
    Map<String, Object> change(Doc d, String status, String reason) {
        String previous = d.status;
        d.status = status;
        d.reason = reason;
        d.updatedAt = clock.instant();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", UUID.randomUUID().toString());
        e.put("event", "document.status-changed");
        e.put("agency", d.agencyId);
        e.put("documentId", d.documentId);
        e.put("version", d.versions.size());
        e.put("status", status);
        e.put("previousStatus", previous);
        if (reason != null) {
            e.put("reason", reason);
        }
        e.put("occurredAt", d.updatedAt.toString());
        return e;
    }
}
