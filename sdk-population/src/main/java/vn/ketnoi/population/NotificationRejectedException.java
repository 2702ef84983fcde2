package vn.ketnoi.population;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * A change notification failed a check of {@link NotificationVerifier}; {@link #check()} says
 * which. The agency's endpoint answers such a request with 401 and does not apply it.
 */
public class NotificationRejectedException extends KetnoiException {
    private static final long serialVersionUID = 1L;

    /** The check a notification failed ({@code docs/protocol.md} section 8.10). */
    public enum Check {
        /** No {@code Ketnoi-Notification-Signature} header, or more than one. */
        SIGNATURE_MISSING("notification.signature-missing"),
        /** Not a JWS, wrong {@code typ}, or a claim missing or mistyped; or the body is not JSON. */
        MALFORMED("notification.malformed"),
        /** {@code alg} not {@code ES256}/{@code PS256}. */
        ALGORITHM_NOT_ALLOWED("notification.algorithm-not-allowed"),
        /** {@code kid} not in the provider's JWKS, even after one refresh. */
        UNKNOWN_KEY("notification.unknown-key"),
        /** The signature does not verify. */
        SIGNATURE_INVALID("notification.signature-invalid"),
        /** {@code iss} is not the provider or {@code aud} not this agency, or the body's id is not {@code jti}. */
        BINDING_MISMATCH("notification.binding-mismatch"),
        /** The body is not the one signed. */
        DIGEST_MISMATCH("notification.digest-mismatch"),
        /** {@code iat} is too old, or too far in the future. */
        STALE("notification.stale"),
        /** This notification id was already accepted. */
        REPLAYED("notification.replayed");

        private final String code;

        Check(String code) {
            this.code = code;
        }

        /** {@return the error code} */
        public String code() {
            return code;
        }
    }

    /** The check that failed. */
    private final Check check;

    /**
     * A rejected notification.
     *
     * @param check the check that failed
     * @param message what was wrong, without personal data
     */
    public NotificationRejectedException(Check check, String message) {
        super(message, 401, check.code(), null, false, null);
        this.check = check;
    }

    /** {@return the check that failed} */
    public Check check() {
        return check;
    }
}
