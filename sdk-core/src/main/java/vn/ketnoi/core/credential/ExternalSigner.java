package vn.ketnoi.core.credential;

/**
 * Signs for a key the SDK cannot see: a key in a hardware security module, a USB token, a
 * PKCS#11 slot the JVM has no provider for, or a remote signing service. The SDK hands over the
 * JWS signing input and its SHA-256 digest; use whichever the device's API takes.
 *
 * <ul>
 *   <li>ES256: return the ECDSA signature over P-256, either DER-encoded (what JCA's
 *       {@code SHA256withECDSA} and most HSMs give) or as the 64-byte {@code r || s}.</li>
 *   <li>PS256: return the RSASSA-PSS signature (SHA-256, MGF1 with SHA-256, 32-byte salt).</li>
 * </ul>
 *
 * <p>When the credentials carry a certificate, the SDK checks a signature made through the
 * callback against it when a client is built, so a callback that signs with the wrong key is
 * caught before anything is sent. Must be thread-safe.
 */
@FunctionalInterface
public interface ExternalSigner {
    /**
     * Signs.
     *
     * @param signingInput the JWS signing input ({@code base64url(header) '.' base64url(payload)})
     * @param sha256 the SHA-256 digest of {@code signingInput}, for devices that sign a hash
     * @return the signature
     * @throws Exception when the device refuses or fails; reported as {@code signing.failed}
     */
    byte[] sign(byte[] signingInput, byte[] sha256) throws Exception;
}
