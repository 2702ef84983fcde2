package vn.ketnoi.vneid.edocuments;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.logging.Masking;

/**
 * A document to issue or update: the common envelope (document id, subject, dates, version) and a
 * typed {@link DocumentPayload}. The issuing agency is the client's agency. Immutable; built with
 * {@link #builder()}, which validates every field before anything is signed or sent.
 *
 * <p>The agency assigns {@code documentId}: 1 to 64 letters, digits, {@code .}, {@code _} or
 * {@code -}, starting with a letter or digit, unique among the agency's documents, and carrying no
 * personal data (it appears in public status lists).
 */
public final class Document {
    /** The form of a document id (protocol section 10.1). */
    public static final Pattern DOCUMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String documentId;
    private final PersonalIdNumber subject;
    private final DocumentPayload payload;
    private final LocalDate issueDate;
    private final LocalDate validFrom;
    private final LocalDate validUntil;
    private final int version;
    private final PdfRendition pdf;

    private Document(Builder b) {
        if (b.documentId == null || !DOCUMENT_ID.matcher(b.documentId).matches()) {
            throw new InvalidInputException("documentId", "is required: 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (b.subject == null) {
            throw new InvalidInputException("subject", "is required: the citizen's personal ID number");
        }
        if (b.payload == null) {
            throw new InvalidInputException("payload", "is required");
        }
        if (b.payload.type() == null || b.payload.fields() == null) {
            throw new InvalidInputException("payload", "must give its type and fields");
        }
        if (b.issueDate == null) {
            throw new InvalidInputException("issueDate", "is required");
        }
        if (b.version < 1) {
            throw new InvalidInputException("version", "must be 1 or more");
        }
        LocalDate from = b.validFrom == null ? b.issueDate : b.validFrom;
        if (b.validUntil != null && b.validUntil.isBefore(from)) {
            throw new InvalidInputException("validUntil", "must not be before validFrom");
        }
        this.documentId = b.documentId;
        this.subject = b.subject;
        this.payload = b.payload;
        this.issueDate = b.issueDate;
        this.validFrom = from;
        this.validUntil = b.validUntil;
        this.version = b.version;
        this.pdf = b.pdf;
    }

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this document's values, for example to make its next version} */
    public Builder toBuilder() {
        return new Builder().documentId(documentId).subject(subject).payload(payload).issueDate(issueDate)
                .validFrom(validFrom).validUntil(validUntil).version(version).pdf(pdf);
    }

    /** {@return the agency-assigned document id} */
    public String documentId() {
        return documentId;
    }

    /** {@return the document type, from the payload} */
    public DocumentType type() {
        return payload.type();
    }

    /** {@return the citizen the document is issued to} */
    public PersonalIdNumber subject() {
        return subject;
    }

    /** {@return the typed content} */
    public DocumentPayload payload() {
        return payload;
    }

    /** {@return the legal issue date} */
    public LocalDate issueDate() {
        return issueDate;
    }

    /** {@return first day of validity; the issue date unless given} */
    public LocalDate validFrom() {
        return validFrom;
    }

    /** {@return last day of validity, inclusive; empty for a document without expiry} */
    public Optional<LocalDate> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /** {@return the version: 1 when issued, one more on each update} */
    public int version() {
        return version;
    }

    /** {@return the PDF rendition bound to the document, if any} */
    public Optional<PdfRendition> pdf() {
        return Optional.ofNullable(pdf);
    }

    @Override
    public String toString() {
        return "Document[" + documentId + ", " + payload.type() + ", v" + version + ", subject="
                + Masking.idNumber(subject.value()) + "]";
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private String documentId;
        private PersonalIdNumber subject;
        private DocumentPayload payload;
        private LocalDate issueDate;
        private LocalDate validFrom;
        private LocalDate validUntil;
        private int version = 1;
        private PdfRendition pdf;

        private Builder() {
        }

        /**
         * @param v the agency-assigned document id
         * @return this builder
         */
        public Builder documentId(String v) {
            this.documentId = v;
            return this;
        }

        /**
         * @param v the citizen's personal ID number
         * @return this builder
         */
        public Builder subject(PersonalIdNumber v) {
            this.subject = v;
            return this;
        }

        /**
         * The subject from text.
         *
         * @param idNumber 12 digits
         * @return this builder
         * @throws vn.ketnoi.core.identity.IdentityParseException when it is not a valid personal ID number
         */
        public Builder subject(String idNumber) {
            this.subject = PersonalIdNumber.parse(idNumber);
            return this;
        }

        /**
         * @param v the typed content
         * @return this builder
         */
        public Builder payload(DocumentPayload v) {
            this.payload = v;
            return this;
        }

        /**
         * @param v the legal issue date
         * @return this builder
         */
        public Builder issueDate(LocalDate v) {
            this.issueDate = v;
            return this;
        }

        /**
         * @param v the first day of validity; defaults to the issue date
         * @return this builder
         */
        public Builder validFrom(LocalDate v) {
            this.validFrom = v;
            return this;
        }

        /**
         * @param v the last day of validity, inclusive; null for none
         * @return this builder
         */
        public Builder validUntil(LocalDate v) {
            this.validUntil = v;
            return this;
        }

        /**
         * @param v the version; 1 (the default) to issue, the next number to update
         * @return this builder
         */
        public Builder version(int v) {
            this.version = v;
            return this;
        }

        /**
         * @param v the PDF rendition, or null
         * @return this builder
         */
        public Builder pdf(PdfRendition v) {
            this.pdf = v;
            return this;
        }

        /**
         * @return the document
         * @throws InvalidInputException naming the first bad field
         */
        public Document build() {
            return new Document(this);
        }
    }
}
