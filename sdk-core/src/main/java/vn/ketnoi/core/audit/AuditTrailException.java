package vn.ketnoi.core.audit;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * An audit file failed verification: a record is damaged, altered, missing or out of order.
 * {@link #report()} names the first bad record by sequence number. The file is left as it is: it
 * is evidence. The message carries sequence numbers and the file name only, never event content.
 */
public class AuditTrailException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /** The error code, {@code audit.trail-damaged}. */
    public static final String CODE = "audit.trail-damaged";

    private final transient AuditTrailReport report;

    /**
     * A trail that failed verification.
     *
     * @param report what the check found
     */
    public AuditTrailException(AuditTrailReport report) {
        super("audit trail " + report.file().getFileName() + ": " + report.describe(), 0, CODE, null, false, null);
        this.report = report;
    }

    /** {@return what verification found} */
    public AuditTrailReport report() {
        return report;
    }
}
