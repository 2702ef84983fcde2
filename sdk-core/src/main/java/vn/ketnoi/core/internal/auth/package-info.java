/**
 * The access token: obtained with a signed client assertion, cached, refreshed once when the
 * provider says it is invalid.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.auth;

import org.jspecify.annotations.NullMarked;
