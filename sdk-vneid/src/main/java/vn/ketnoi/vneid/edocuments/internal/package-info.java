/**
 * Document JWS building and parsing, claims, status lists and provider-signed answers.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.vneid.edocuments.internal;

import org.jspecify.annotations.NullMarked;
