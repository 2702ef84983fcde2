/**
 * Spring Security sign-in with VNeID: a configurer and filter that run the OpenID Connect
 * flow of {@link vn.ketnoi.vneid.auth.VneidAuthClient} and put a {@link
 * vn.ketnoi.spring.boot.security.VneidPrincipal} in the security context.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.spring.boot.security;

import org.jspecify.annotations.NullMarked;
