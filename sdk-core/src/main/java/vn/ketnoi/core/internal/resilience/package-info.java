/**
 * Circuit breaker, bulkhead, rate limiter and retries with a retry budget, per service.
 *
 * <p>Null-marked, as the public packages (docs/compatibility.md, "Nullness"). Internal: not
 * part of the public API, may change in any release.
 */
@NullMarked
package vn.ketnoi.core.internal.resilience;

import org.jspecify.annotations.NullMarked;
