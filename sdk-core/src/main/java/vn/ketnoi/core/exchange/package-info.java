/**
 * How calls reach a provider through the exchange layer (a provincial or ministerial LGSP, the
 * national platform NDXP): services addressed by {@link vn.ketnoi.core.exchange.ServiceId}, a route
 * table in {@link vn.ketnoi.core.ClientConfig} mapping each id to the URL that serves it, and the
 * {@link vn.ketnoi.core.exchange.Gateway}s on the way with their own hop-by-hop credentials
 * ({@link vn.ketnoi.core.exchange.GatewayCredentials}), separate from the agency's end-to-end
 * signing key. Immutable, thread-safe values.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core.exchange;

import org.jspecify.annotations.NullMarked;
