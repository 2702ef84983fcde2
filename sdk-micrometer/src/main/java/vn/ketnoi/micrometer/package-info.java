/**
 * Micrometer meters for Ketnoi clients' resilience events: retries, suppressed retries,
 * rejections and circuit-breaker state, per service ({@link vn.ketnoi.micrometer.KetnoiMetrics}); and a
 * Micrometer Observation of each call ({@link vn.ketnoi.micrometer.KetnoiObservations}).
 * Tags never carry personal data.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.micrometer;

import org.jspecify.annotations.NullMarked;
