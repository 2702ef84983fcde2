package vn.ketnoi.vneid.edocuments;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import vn.ketnoi.core.internal.Untrusted;

/**
 * A document as the provider holds it: its current version and status, and the signed document
 * (the compact JWS the citizen's wallet presents). Holds no personal data outside the signed
 * document, so its {@link #toString()} is safe to log. Immutable.
 */
public final class DocumentRecord {
    private final String documentId;
    private final DocumentType type;
    private final String issuer;
    private final int version;
    private final DocumentStatus status;
    private final String statusReason;
    private final LocalDate issueDate;
    private final LocalDate validFrom;
    private final LocalDate validUntil;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final String signedDocument;

    private DocumentRecord(JsonNode n) {
        this.documentId = n.path("documentId").asText();
        this.type = DocumentType.of(n.path("type").asText());
        this.issuer = n.path("issuer").asText();
        this.version = n.path("version").asInt();
        this.status = DocumentStatus.fromWire(n.path("status").asText());
        this.statusReason = n.hasNonNull("statusReason") ? n.get("statusReason").asText() : null;
        this.issueDate = LocalDate.parse(n.path("issueDate").asText());
        this.validFrom = LocalDate.parse(n.path("validFrom").asText());
        this.validUntil = n.hasNonNull("validUntil") ? LocalDate.parse(n.get("validUntil").asText()) : null;
        this.createdAt = Instant.parse(n.path("createdAt").asText());
        this.updatedAt = Instant.parse(n.path("updatedAt").asText());
        this.signedDocument = n.path("document").asText();
    }

    /** Reads the wire form (protocol section 10.4); throws a runtime exception when it does not fit. */
    static DocumentRecord fromJson(JsonNode n) {
        if (n == null || !n.isObject() || !n.hasNonNull("documentId") || !n.hasNonNull("document")) {
            throw new IllegalArgumentException("not a document record");
        }
        return new DocumentRecord(n);
    }

    /** {@return the agency-assigned document id} */
    public String documentId() {
        return documentId;
    }

    /** {@return the document type} */
    public DocumentType type() {
        return type;
    }

    /** {@return the issuing agency's id} */
    public String issuer() {
        return issuer;
    }

    /** {@return the current version} */
    public int version() {
        return version;
    }

    /** {@return the current status} */
    public DocumentStatus status() {
        return status;
    }

    /** {@return the reason given with the last suspension, reinstatement, revocation or rejection} */
    public Optional<String> statusReason() {
        return Optional.ofNullable(statusReason);
    }

    /** {@return the legal issue date of the current version} */
    public LocalDate issueDate() {
        return issueDate;
    }

    /** {@return first day of validity} */
    public LocalDate validFrom() {
        return validFrom;
    }

    /** {@return last day of validity, if any} */
    public Optional<LocalDate> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /** {@return when the provider first stored the document} */
    public Instant createdAt() {
        return createdAt;
    }

    /** {@return when the provider last changed it} */
    public Instant updatedAt() {
        return updatedAt;
    }

    /**
     * The current version's signed document: the compact JWS the wallet presents (as a QR code)
     * and verifiers check. It contains personal data: do not log it.
     *
     * @return the compact JWS
     */
    public String signedDocument() {
        return signedDocument;
    }

    @Override
    public String toString() {
        return "DocumentRecord[" + Untrusted.text(documentId, 128) + ", " + type + ", v" + version + ", " + status + "]";
    }
}
