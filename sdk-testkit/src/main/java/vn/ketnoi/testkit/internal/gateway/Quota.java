package vn.ketnoi.testkit.internal.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-application token buckets: {@code perSecond} requests a second on average, bursts of up to
 * {@code perSecond}. A refused request learns how long until the next one would pass.
 */
public final class Quota {
    private static final long SECOND = 1_000_000_000L;

    private final class Bucket {
        private double tokens = perSecond;
        private long last = nanos.getAsLong();

        /** {@return 0 when a request may pass, else the nanoseconds until one may} */
        synchronized long take() {
            long now = nanos.getAsLong();
            tokens = Math.min(perSecond, tokens + (now - last) * (double) perSecond / SECOND);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * SECOND / perSecond));
        }
    }

    private final int perSecond;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perSecond requests per second per application; 0 for no limit
     * @param nanos a monotonic clock in nanoseconds
     */
    public Quota(int perSecond, LongSupplier nanos) {
        this.perSecond = perSecond;
        this.nanos = nanos;
    }

    /**
     * Takes one request from the application's bucket.
     *
     * @return 0 when the request may pass, else the whole seconds (at least 1) to wait, for Retry-After
     */
    public long take(String applicationKey) {
        if (perSecond <= 0) {
            return 0;
        }
        long wait = buckets.computeIfAbsent(applicationKey, k -> new Bucket()).take();
        return wait == 0 ? 0 : Math.max(1, (wait + SECOND - 1) / SECOND);
    }
}
