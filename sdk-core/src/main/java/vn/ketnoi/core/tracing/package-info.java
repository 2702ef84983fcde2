/**
 * W3C Trace Context: the {@code traceparent} value every request carries
 * ({@link vn.ketnoi.core.tracing.TraceParent}).
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.tracing;

import org.jspecify.annotations.NullMarked;
