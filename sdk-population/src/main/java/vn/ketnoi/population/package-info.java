/**
 * The population database client: looking up citizens and households with the fields the
 * agency was granted, verifying identity claims, batch jobs and the change feed, and verifying
 * the change notifications the database sends. Start with {@link
 * vn.ketnoi.population.PopulationClient}; the wire protocol is docs/protocol.md. Models are
 * immutable records; the client is thread-safe.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.population;

import org.jspecify.annotations.NullMarked;
