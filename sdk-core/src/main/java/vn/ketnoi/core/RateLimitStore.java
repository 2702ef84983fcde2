package vn.ketnoi.core;

import java.time.Duration;

/**
 * Where the permits of the client-side rate limit are kept, when they must be shared: every
 * instance of an agency's application that holds the same store (a Redis server, in
 * {@code sdk-redis}) draws on one quota, instead of each on its own. Set it with
 * {@link ResilienceOptions.Builder#rateLimitStore(RateLimitStore)}; without one, each client keeps
 * its permits in its own memory.
 *
 * <p>The contract is a reservation, so that one round trip decides: the store takes one permit of
 * {@code permits} per {@code period} under {@code scope}, now or at a later moment at most
 * {@code maxWait} away, and answers how long the caller must wait before it may use it; when no
 * permit comes within {@code maxWait} it takes nothing and answers {@code -1}. A store that cannot
 * decide (its server is unreachable) follows its own documented policy: answer from a local share
 * of the quota, or throw {@link vn.ketnoi.core.exception.SharedQuotaUnavailableException}. It must
 * answer within a finite time. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RateLimitStore {

    /**
     * Reserves one permit.
     *
     * @param scope the resilience scope (the service client's), to which the store adds its own namespace
     * @param permits permits per period, at least 1
     * @param period the period, positive
     * @param maxWait the longest wait the caller accepts, zero or more
     * @return nanoseconds to wait before the call may go (0: at once), or -1 when no permit comes in time
     * @throws vn.ketnoi.core.exception.SharedQuotaUnavailableException when the store cannot decide
     *         and its policy is to refuse
     */
    long reserve(String scope, int permits, Duration period, Duration maxWait);
}
