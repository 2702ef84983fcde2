package vn.ketnoi.vneid.edocuments.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.TransportException;

/**
 * The one place where e-document writes are retried: a small bounded loop with jittered
 * exponential backoff, for failures after which the outcome is unknown or the provider asked to
 * come back. Safe only because every attempt carries the same idempotency key and byte-identical
 * body. A fuller resilience layer will replace this class; nothing else retries writes.
 */
public final class WriteRetry {
    /** Three attempts in all, 200 ms then 400 ms apart (plus up to 50 % jitter). */
    public static final WriteRetry DEFAULT = new WriteRetry(3, Duration.ofMillis(200));

    private final int maxAttempts;
    private final Duration firstBackoff;

    public WriteRetry(int maxAttempts, Duration firstBackoff) {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1 to 10");
        }
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
    }

    /** The answer of the attempt that got one, or the failure; {@code onGiveUp} wraps an uncertain last failure. */
    public <T> T run(Supplier<T> attempt, java.util.function.BiFunction<Integer, KetnoiException, RuntimeException> onGiveUp) {
        KetnoiException last = null;
        for (int i = 1; i <= maxAttempts; i++) {
            try {
                return attempt.get();
            } catch (KetnoiException e) {
                if (!isUncertainOrBusy(e)) {
                    throw e;
                }
                last = e;
                if (i < maxAttempts) {
                    sleep(backoff(i));
                }
            }
        }
        throw onGiveUp.apply(maxAttempts, last);
    }

    /** Failures where the write may or may not have been applied, or the provider said "later". */
    public static boolean isUncertainOrBusy(KetnoiException e) {
        if (e instanceof TransportException) {
            String c = e.errorCode();
            return c.equals("transport.connect-failed") || c.equals("transport.io") || c.equals("transport.timeout");
        }
        if (e instanceof KetnoiServiceException) {
            return e.statusCode() == 503 || e.errorCode().equals("request.idempotency-in-progress");
        }
        return false;
    }

    private Duration backoff(int attempt) {
        long base = firstBackoff.toMillis() << (attempt - 1);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
