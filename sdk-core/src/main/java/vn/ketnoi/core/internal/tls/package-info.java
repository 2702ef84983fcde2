/**
 * TLS setup (trust material, client certificate, pinning) and the explanation of TLS failures.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.tls;

import org.jspecify.annotations.NullMarked;
