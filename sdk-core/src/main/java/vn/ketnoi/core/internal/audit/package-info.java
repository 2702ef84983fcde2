/**
 * Writes one audit event per call to the configured sink.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.audit;

import org.jspecify.annotations.NullMarked;
