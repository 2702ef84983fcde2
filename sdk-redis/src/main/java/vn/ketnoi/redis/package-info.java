/**
 * One rate limit shared by every instance of an agency's application, kept on a Redis server:
 * {@link vn.ketnoi.redis.RedisRateLimitStore}, set on
 * {@link vn.ketnoi.core.ResilienceOptions.Builder#rateLimitStore(vn.ketnoi.core.RateLimitStore)}.
 * {@code docs/scale.md} says when to use it and what happens when Redis cannot be reached.
 *
 * <p>Null-marked: every type here is non-null unless written {@code @Nullable}, and a value
 * that may be absent is returned as an {@code Optional} (docs/compatibility.md, "Nullness").
 */
@NullMarked
package vn.ketnoi.redis;

import org.jspecify.annotations.NullMarked;
