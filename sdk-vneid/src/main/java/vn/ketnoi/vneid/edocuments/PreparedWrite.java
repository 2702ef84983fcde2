package vn.ketnoi.vneid.edocuments;

import java.util.UUID;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * An issuance or update, signed once, with the idempotency key created once for it. Send it with
 * {@link EdocumentsClient#issue(PreparedWrite)} or {@link EdocumentsClient#update(PreparedWrite)}
 * as often as needed: every send carries the same key and byte-identical body, so the provider
 * applies it at most once. To survive a restart of your own system, store
 * {@link #idempotencyKey()} and {@link #signedDocument()} before the first send and rebuild the
 * write with {@link #restore(String, String, String)}. Immutable.
 */
public final class PreparedWrite {
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final String documentId;
    private final String idempotencyKey;
    private final String signedDocument;

    PreparedWrite(String documentId, String idempotencyKey, String signedDocument) {
        this.documentId = documentId;
        this.idempotencyKey = idempotencyKey;
        this.signedDocument = signedDocument;
    }

    static PreparedWrite fresh(String documentId, String signedDocument) {
        return new PreparedWrite(documentId, UUID.randomUUID().toString(), signedDocument);
    }

    /**
     * Rebuilds a write stored before a restart.
     *
     * @param documentId the document id
     * @param idempotencyKey the stored key
     * @param signedDocument the stored signed document
     * @return the write
     */
    public static PreparedWrite restore(String documentId, String idempotencyKey, String signedDocument) {
        if (documentId == null || !Document.DOCUMENT_ID.matcher(documentId).matches()) {
            throw new InvalidInputException("documentId", "is not a document id");
        }
        if (idempotencyKey == null || !UUID_FORM.matcher(idempotencyKey).matches()) {
            throw new InvalidInputException("idempotencyKey", "must be a lower-case hyphenated UUID");
        }
        if (signedDocument == null || signedDocument.chars().filter(c -> c == '.').count() != 2) {
            throw new InvalidInputException("signedDocument", "must be a compact JWS");
        }
        return new PreparedWrite(documentId, idempotencyKey, signedDocument);
    }

    /** {@return the document id} */
    public String documentId() {
        return documentId;
    }

    /** {@return the idempotency key: a UUID, not secret} */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** {@return the signed document (compact JWS); contains personal data, do not log it} */
    public String signedDocument() {
        return signedDocument;
    }

    @Override
    public String toString() {
        return "PreparedWrite[" + documentId + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
