/**
 * The exceptions every Ketnoi client throws: unchecked, rooted at {@link
 * vn.ketnoi.core.exception.KetnoiException}, each carrying what a caller can act on (HTTP status,
 * error code, request id, whether a retry may succeed) and never personal data. docs/errors.md maps
 * the protocol's error codes to these types.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.exception;

import org.jspecify.annotations.NullMarked;
