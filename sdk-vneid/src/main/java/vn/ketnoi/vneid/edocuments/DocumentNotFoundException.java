package vn.ketnoi.vneid.edocuments;

import vn.ketnoi.core.exception.KetnoiServiceException;

/**
 * No document with this id was issued by this agency ({@code edocuments.document-not-found}), or
 * no operation is known under this idempotency key ({@code edocuments.operation-not-found}).
 */
public class DocumentNotFoundException extends KetnoiServiceException {
    private static final long serialVersionUID = 1L;

    /** @param source the mapped provider error */
    public DocumentNotFoundException(KetnoiServiceException source) {
        super(source);
    }
}
