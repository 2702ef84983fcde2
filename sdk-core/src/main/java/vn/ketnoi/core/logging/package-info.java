/**
 * Masking of personal data and secrets for logs, exception messages and {@code toString()}
 * ({@link vn.ketnoi.core.logging.Masking}).
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.logging;

import org.jspecify.annotations.NullMarked;
