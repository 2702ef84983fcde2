/**
 * Signing and verification: request signatures, client assertions, verification of signed
 * answers against key sets that age out, canonical URLs, key loading.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.crypto;

import org.jspecify.annotations.NullMarked;
