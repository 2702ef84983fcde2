/**
 * The configuration every Ketnoi client is built from: {@link vn.ketnoi.core.ClientConfig} (credentials,
 * endpoints, purpose, timeouts, TLS, proxy, resilience, response limits) and what a client reports
 * about its own state ({@link vn.ketnoi.core.ClientHealth}, {@link vn.ketnoi.core.ResilienceListener}).
 * Immutable, thread-safe values built with builders.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.core;

import org.jspecify.annotations.NullMarked;
