package vn.ketnoi.vneid.edocuments;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.Untrusted;

/**
 * The content of a document a citizen presented, as signed by its issuer. Only
 * {@link VerificationResult#document()} hands one out, after the signature and the issuer were
 * checked. Immutable; {@code toString()} masks the subject.
 */
public final class PresentedDocument {
    private final String documentId;
    private final DocumentType type;
    private final String issuer;
    private final PersonalIdNumber subject;
    private final int version;
    private final Instant signedAt;
    private final LocalDate issueDate;
    private final LocalDate validFrom;
    private final LocalDate validUntil;
    private final Map<String, Object> payload;
    private final PdfRendition pdf;
    private final X509Certificate signingCertificate;

    PresentedDocument(String documentId, DocumentType type, String issuer, PersonalIdNumber subject, int version,
                      Instant signedAt, LocalDate issueDate, LocalDate validFrom, LocalDate validUntil,
                      Map<String, Object> payload, PdfRendition pdf, X509Certificate signingCertificate) {
        this.documentId = documentId;
        this.type = type;
        this.issuer = issuer;
        this.subject = subject;
        this.version = version;
        this.signedAt = signedAt;
        this.issueDate = issueDate;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.payload = payload;
        this.pdf = pdf;
        this.signingCertificate = signingCertificate;
    }

    /** {@return the issuer's document id} */
    public String documentId() {
        return documentId;
    }

    /** {@return the document type; an extension type when the issuer defined its own} */
    public DocumentType type() {
        return type;
    }

    /** {@return the issuing agency's id (the {@code iss} claim, matching the signing certificate)} */
    public String issuer() {
        return issuer;
    }

    /** {@return the citizen the document is about; compare it with the person in front of you} */
    public PersonalIdNumber subject() {
        return subject;
    }

    /** {@return the version presented} */
    public int version() {
        return version;
    }

    /** {@return when the issuer signed this version} */
    public Instant signedAt() {
        return signedAt;
    }

    /** {@return the issue date} */
    public LocalDate issueDate() {
        return issueDate;
    }

    /** {@return first day of validity} */
    public LocalDate validFrom() {
        return validFrom;
    }

    /** {@return last day of validity; empty when the document does not expire} */
    public Optional<LocalDate> validUntil() {
        return Optional.ofNullable(validUntil);
    }

    /**
     * The type-specific payload as signed: member names of the type's payload (for example
     * {@code licenceNumber}, {@code classes} for a driving licence), values as JSON gives them
     * (strings, numbers, booleans, lists, maps). Unmodifiable.
     *
     * @return the payload
     */
    public Map<String, Object> payload() {
        return payload;
    }

    /** {@return the digest and size of the PDF rendition the document binds, when it has one} */
    public Optional<PdfRendition> pdf() {
        return Optional.ofNullable(pdf);
    }

    /**
     * Whether these bytes are the PDF rendition the issuer signed.
     *
     * @param pdf the PDF file's bytes
     * @return true when the document binds a PDF and its digest matches
     */
    public boolean pdfMatches(byte[] pdf) {
        return this.pdf != null && this.pdf.matches(pdf);
    }

    /** {@return the issuer's signing certificate (the leaf of {@code x5c})} */
    public X509Certificate signingCertificate() {
        return signingCertificate;
    }

    @Override
    public String toString() {
        // Ids written by the issuing agency, read from a citizen's QR code: escaped for the log they may reach.
        return "PresentedDocument[" + Untrusted.text(documentId, 128) + " v" + version + ", " + type
                + ", issuer=" + Untrusted.text(issuer, 128)
                + ", subject=" + subject + "]";
    }
}
