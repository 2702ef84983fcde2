/**
 * The sandbox's server: routes, request-signature and token checks, keys and TLS material,
 * the synthetic population and its identity rules, fault injection. The identity rules
 * ({@code Provinces}, {@code PartialDates}, {@code Texts.foldName}, the ID-number checks of
 * {@code LookupOperation}) deliberately re-implement the protocol instead of calling sdk-core:
 * the sandbox is an independent oracle (see the {@code vn.ketnoi.testkit} package comment).
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.testkit.internal;

import org.jspecify.annotations.NullMarked;
