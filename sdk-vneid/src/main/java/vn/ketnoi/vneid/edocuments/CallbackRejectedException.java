package vn.ketnoi.vneid.edocuments;

import vn.ketnoi.core.exception.KetnoiException;

/**
 * A callback that must not be acted on: its signature, freshness, binding or uniqueness failed
 * ({@link CallbackVerifier}). Answer the request with {@link #HTTP_STATUS} and drop it, except for
 * {@code callback.replayed}: a repeat of an event already recorded, which is answered 2xx (the
 * provider may redeliver an event whose acknowledgement it missed) and not acted on again. The
 * error code tells which check failed:
 *
 * <ul>
 *   <li>{@code callback.signature-missing}: no {@code Ketnoi-Signature} header;</li>
 *   <li>{@code callback.signature-malformed}: not a JWS of type {@code ketnoi-callback+jwt};</li>
 *   <li>{@code callback.unknown-key}: signed with a key the provider does not publish;</li>
 *   <li>{@code callback.signature-invalid}: the signature does not verify, or its algorithm is not allowed;</li>
 *   <li>{@code callback.binding-mismatch}: {@code iss}, {@code aud} or {@code jti} do not match;</li>
 *   <li>{@code callback.digest-mismatch}: the body is not the one signed;</li>
 *   <li>{@code callback.stale}: signed too long ago, or in the future;</li>
 *   <li>{@code callback.replayed}: this event was already accepted;</li>
 *   <li>{@code callback.malformed}: the signed body is not a status event.</li>
 * </ul>
 */
public final class CallbackRejectedException extends KetnoiException {
    private static final long serialVersionUID = 1L;
    /** The status to answer a rejected callback with. */
    public static final int HTTP_STATUS = 401;

    CallbackRejectedException(String errorCode, String message) {
        super("Callback rejected (" + errorCode + "): " + message, 0, errorCode, null, false, null);
    }
}
