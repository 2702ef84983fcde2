package vn.ketnoi.vneid.edocuments;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.vneid.edocuments.internal.Claims;
import vn.ketnoi.vneid.edocuments.internal.DocumentJws;

/**
 * Document preparation, apart from sending: the checks a document must pass before it is signed
 * (reserved ids, a signing certificate valid now), the signature over the protocol's claims, and
 * the size a QR code holds; the result is a {@link PreparedWrite} with a fresh idempotency key.
 * Sends nothing and holds nothing: {@link EdocumentsClient#prepare} is its one caller.
 */
final class DocumentPreparation {
    private DocumentPreparation() {
    }

    /** Signs {@code document} once with {@code signingKey} as {@code config}'s agency, at its clock's now. */
    static PreparedWrite prepare(Document document, DocumentSigningKey signingKey, ClientConfig config) {
        if (document == null) {
            throw new InvalidInputException("document", "is required");
        }
        if (document.documentId().equals("batch") || document.documentId().equals("search")) {
            throw new InvalidInputException("documentId", "is a reserved word");
        }
        Instant now = config.clock().instant();
        X509Certificate leaf = signingKey.certificateChain().get(0);
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new InvalidInputException("signingKey.certificate", "the signing certificate expired at "
                    + leaf.getNotAfter().toInstant() + ": documents signed with it would be refused");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new InvalidInputException("signingKey.certificate", "the signing certificate is not valid before "
                    + leaf.getNotBefore().toInstant());
        }
        Map<String, Object> claims = Claims.of(config.agencyId(), document.subject().value(),
                document.documentId(), document.version(), document.type().wireName(), now, document.issueDate(),
                document.validFrom(), document.validUntil().orElse(null), document.payload().fields(),
                document.pdf().map(PdfRendition::digest).orElse(null), document.pdf().map(PdfRendition::size).orElse(0L));
        DocumentJws.RawSigner raw = signingKey.external() != null ? signingKey.external()::sign
                : DocumentJws.inMemory(signingKey.credentials());
        String jws = DocumentJws.sign(claims, signingKey.algorithm(), signingKey.certificateChain(), raw);
        if (jws.length() > DocumentVerifier.MAX_PRESENTATION_BYTES) {
            // The wallet shows the signed document as a QR code; a larger one could not be presented.
            throw new InvalidInputException("document", "the signed document is " + jws.length() + " bytes, over the "
                    + DocumentVerifier.MAX_PRESENTATION_BYTES + " a QR code holds: shorten the payload, or sign"
                    + " with ES256 and a shorter certificate chain");
        }
        return PreparedWrite.fresh(document.documentId(), jws);
    }
}
