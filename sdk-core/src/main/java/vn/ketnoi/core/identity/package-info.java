/**
 * Vietnamese identity values, parsed and checked locally without a call: the 12-digit personal
 * ID number and the old 9-digit one, provinces, partial dates of birth, addresses, sex, the
 * chip-card QR code and the folding of Vietnamese names for comparison. Immutable; bad input is an
 * {@link vn.ketnoi.core.identity.IdentityParseException} that never repeats the input.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.identity;

import org.jspecify.annotations.NullMarked;
