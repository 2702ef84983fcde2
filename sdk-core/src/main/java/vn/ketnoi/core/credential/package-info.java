/**
 * The agency's identity towards the providers: its client id, signing key and certificate
 * ({@link vn.ketnoi.core.credential.AgencyCredentials}), loaded from PKCS#12 or PEM, or held
 * outside the JVM behind an {@link vn.ketnoi.core.credential.ExternalSigner} (an HSM, a cloud KMS).
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.credential;

import org.jspecify.annotations.NullMarked;
