package vn.ketnoi.vneid.edocuments;

import java.util.List;
import java.util.Optional;

import vn.ketnoi.core.exception.FieldError;

/** The outcome of one item of a batch issuance: the issued document, or why it was refused. */
public final class BatchIssuanceItem {
    private final int index;
    private final String documentId;
    private final int status;
    private final DocumentRecord document;
    private final String errorCode;
    private final String errorDetail;
    private final List<FieldError> fieldErrors;

    BatchIssuanceItem(int index, String documentId, int status, DocumentRecord document, String errorCode,
                    String errorDetail, List<FieldError> fieldErrors) {
        this.index = index;
        this.documentId = documentId;
        this.status = status;
        this.document = document;
        this.errorCode = errorCode;
        this.errorDetail = errorDetail;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** {@return the item's position in the batch, from 0} */
    public int index() {
        return index;
    }

    /** {@return the item's document id} */
    public String documentId() {
        return documentId;
    }

    /** {@return whether the item was issued} */
    public boolean isIssued() {
        return document != null;
    }

    /** {@return the HTTP status the item would have had alone: 201 when issued} */
    public int status() {
        return status;
    }

    /** {@return the issued document, when issued} */
    public Optional<DocumentRecord> document() {
        return Optional.ofNullable(document);
    }

    /** {@return the error code of section 11, when refused} */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** {@return the provider's explanation, when refused; no personal data} */
    public Optional<String> errorDetail() {
        return Optional.ofNullable(errorDetail);
    }

    /** {@return the refused fields, when the provider named any} */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    @Override
    public String toString() {
        return "BatchIssuanceItem[" + index + ", " + documentId + ", " + (document != null ? "issued" : errorCode) + "]";
    }
}
