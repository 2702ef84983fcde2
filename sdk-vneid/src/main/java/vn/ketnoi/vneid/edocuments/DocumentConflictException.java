package vn.ketnoi.vneid.edocuments;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * The write conflicts with the document's state: a status change its status does not allow
 * ({@code edocuments.illegal-status-change}), an update whose version is not the next one
 * ({@code edocuments.version-conflict}), or a document id already used by another issuance
 * ({@code edocuments.duplicate-document}).
 */
public class DocumentConflictException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /** @param source the mapped provider error */
    public DocumentConflictException(KetnoiServiceException source) {
        super(source);
    }
}
