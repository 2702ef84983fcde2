/**
 * The sandbox's server: routes, request-signature and token checks, keys and TLS material,
 * the synthetic population and its identity rules, fault injection.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.testkit.internal;

import org.jspecify.annotations.NullMarked;
