package vn.ketnoi.civilstatus;

import java.time.Instant;

/**
 * A certified extract of a register entry ("trích lục"): a JWS the civil-status provider signs
 * with a key of its published set, verified before this object exists (signature, key,
 * {@code typ}, issuer, audience; fail closed). Keep {@link #compact()} to present it again: anyone
 * can verify it with {@link CivilStatusClient#verifyExtract}. Immutable.
 */
public final class CertifiedExtract {
    /** The {@code typ} of an extract's JWS. */
    public static final String TYP = "ketnoi-civil-extract+jwt";

    private final String compact;
    private final String extractId;
    private final Instant issuedAt;
    private final CivilRegistration registration;

    CertifiedExtract(String compact, String extractId, Instant issuedAt, CivilRegistration registration) {
        this.compact = compact;
        this.extractId = extractId;
        this.issuedAt = issuedAt;
        this.registration = registration;
    }

    /** {@return the signed extract, as the provider issued it} */
    public String compact() {
        return compact;
    }

    /** {@return the extract's own id} */
    public String extractId() {
        return extractId;
    }

    /** {@return when the provider signed it} */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** {@return the registration it certifies} */
    public CivilRegistration registration() {
        return registration;
    }

    /** {@return the extract's id and kind: the content is personal data} */
    @Override
    public String toString() {
        return "CertifiedExtract[" + extractId + ", " + registration.getClass().getSimpleName() + "]";
    }
}
