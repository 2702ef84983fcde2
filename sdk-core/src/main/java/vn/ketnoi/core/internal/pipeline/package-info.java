/**
 * The ordered steps every call goes through (see {@code Pipeline}) and the per-call context.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.pipeline;

import org.jspecify.annotations.NullMarked;
