/**
 * Maps the population database's wire JSON to the public models.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.population.internal;

import org.jspecify.annotations.NullMarked;
