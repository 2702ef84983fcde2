/**
 * VNeID sign-in (OpenID Connect with PAR, PKCE and private_key_jwt) and back-channel
 * authentication (CIBA): building the sign-in request, completing it with the returned code into a
 * verified {@link vn.ketnoi.vneid.auth.VneidIdentity}, and checking the assurance level. Start with
 * {@link vn.ketnoi.vneid.auth.VneidAuthClient}.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.vneid.auth;

import org.jspecify.annotations.NullMarked;
