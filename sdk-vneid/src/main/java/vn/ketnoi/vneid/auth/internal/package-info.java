/**
 * The provider's metadata, the HTTP exchanges of sign-in and the verification of ID tokens.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.vneid.auth.internal;

import org.jspecify.annotations.NullMarked;
