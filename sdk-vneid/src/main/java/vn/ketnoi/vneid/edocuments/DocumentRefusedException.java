package vn.ketnoi.vneid.edocuments;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * The provider refused a document: its signature ({@code edocuments.signature-invalid}), its
 * issuer's chain ({@code edocuments.untrusted-issuer}, {@code edocuments.certificate-expired}),
 * its subject ({@code edocuments.subject-not-found}, {@code edocuments.subject-not-eligible}) or
 * its type ({@code edocuments.unknown-type}). Not retryable: the document must be fixed.
 */
public class DocumentRefusedException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /** @param source the mapped provider error */
    public DocumentRefusedException(KetnoiServiceException source) {
        super(source);
    }
}
