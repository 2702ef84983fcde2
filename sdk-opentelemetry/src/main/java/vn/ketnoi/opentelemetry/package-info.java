/**
 * OpenTelemetry tracing for Ketnoi clients: a client span per call, with the trace context
 * carried to the provider ({@link vn.ketnoi.opentelemetry.KetnoiTracing}). Span attributes never
 * carry personal data.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.opentelemetry;

import org.jspecify.annotations.NullMarked;
