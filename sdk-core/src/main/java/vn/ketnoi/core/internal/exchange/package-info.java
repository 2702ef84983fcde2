/**
 * The exchange layer's hop-by-hop credentials: gateway tokens, fetched, cached and refreshed once
 * when the gateway refuses one, and the network step that adds them to the requests under a
 * gateway's URL.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.exchange;

import org.jspecify.annotations.NullMarked;
