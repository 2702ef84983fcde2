/**
 * Jackson, configured once, with input limits.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.json;

import org.jspecify.annotations.NullMarked;
