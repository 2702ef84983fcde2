/**
 * The sandbox's VNeID wallet: issued documents, their status lists and callbacks.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.testkit.internal.wallet;

import org.jspecify.annotations.NullMarked;
