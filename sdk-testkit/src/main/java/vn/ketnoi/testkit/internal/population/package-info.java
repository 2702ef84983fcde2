/**
 * The sandbox's population database: lookups, consent, batch jobs and the change feed.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.testkit.internal.population;

import org.jspecify.annotations.NullMarked;
