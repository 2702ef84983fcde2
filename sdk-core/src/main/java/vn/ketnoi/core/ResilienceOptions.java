package vn.ketnoi.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * How a service client copes with a slow, failing or overloaded provider: retries, a retry
 * budget, a circuit breaker, a bulkhead, a client-side rate limiter and a per-attempt deadline.
 * Immutable and thread-safe. Set it on {@link ClientConfig.Builder#resilience(ResilienceOptions)}
 * for every service, or per service with
 * {@link ClientConfig.Builder#resilience(String, ResilienceOptions)}. The deadline of the whole
 * call, retries and back-off included, is {@link HttpOptions#callTimeout()}.
 *
 * <p>Defaults ({@link #defaults()}):
 * <ul>
 *   <li>up to 3 attempts; back-off exponential from 100 ms to 2 s with full jitter; a
 *       {@code Retry-After} of up to 10 s is honoured, a longer one ends the call;</li>
 *   <li>a retry budget: retries may add 10 % to the call rate, plus 1 retry a second (a burst of
 *       at most 10), so a dead provider is not hit by a storm of retries;</li>
 *   <li>each attempt at most 20 s;</li>
 *   <li>a circuit breaker over the last 20 calls that opens at 50 % failures (after at least 10
 *       calls), stays open 10 s, then lets 3 trial calls through;</li>
 *   <li>at most 64 calls in flight per service client (the connection pool's size);</li>
 *   <li>no client-side rate limit (set {@link Builder#rateLimit(int, Duration)} to the agency's quota);
 *       with one, its permits are this client's own unless a {@link RateLimitStore} shares them
 *       among every instance of the application ({@link Builder#rateLimitStore(RateLimitStore)}).</li>
 * </ul>
 * Only idempotent requests are retried: reads, and writes that carry an {@code Idempotency-Key}.
 * Requests carrying one-time values (authorization codes, CIBA request ids) never are.
 */
public final class ResilienceOptions {
    private static final ResilienceOptions DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration retryAfterCap;
    private final double retryBudgetRatio;
    private final double retryBudgetPerSecond;
    private final int retryBudgetBurst;
    private final Duration attemptTimeout;
    private final boolean circuitBreakerEnabled;
    private final int failureRateThreshold;
    private final int slidingWindowSize;
    private final int minimumCalls;
    private final Duration openDuration;
    private final int halfOpenCalls;
    private final int maxConcurrentCalls;
    private final int rateLimitPermits;
    private final Duration rateLimitPeriod;
    private final Duration rateLimitMaxWait;
    private final RateLimitStore rateLimitStore;

    private ResilienceOptions(Builder b) {
        if (b.maxAttempts < 1 || b.maxAttempts > 10) {
            throw new InvalidInputException("resilience.maxAttempts", "must be between 1 and 10");
        }
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = positive("resilience.initialBackoff", b.initialBackoff);
        this.maxBackoff = positive("resilience.maxBackoff", b.maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new InvalidInputException("resilience.maxBackoff", "must not be shorter than initialBackoff");
        }
        this.retryAfterCap = nonNegative("resilience.retryAfterCap", b.retryAfterCap);
        if (!(b.retryBudgetRatio >= 0 && b.retryBudgetRatio <= 1)) {
            throw new InvalidInputException("resilience.retryBudgetRatio", "must be between 0 and 1");
        }
        if (!(b.retryBudgetPerSecond >= 0 && b.retryBudgetPerSecond <= 1000)) {
            throw new InvalidInputException("resilience.retryBudgetPerSecond", "must be between 0 and 1000");
        }
        if (b.retryBudgetBurst < 1) {
            throw new InvalidInputException("resilience.retryBudgetBurst", "must be at least 1");
        }
        this.retryBudgetRatio = b.retryBudgetRatio;
        this.retryBudgetPerSecond = b.retryBudgetPerSecond;
        this.retryBudgetBurst = b.retryBudgetBurst;
        this.attemptTimeout = positive("resilience.attemptTimeout", b.attemptTimeout);
        this.circuitBreakerEnabled = b.circuitBreakerEnabled;
        if (b.failureRateThreshold < 1 || b.failureRateThreshold > 100) {
            throw new InvalidInputException("resilience.failureRateThreshold", "must be between 1 and 100");
        }
        this.failureRateThreshold = b.failureRateThreshold;
        if (b.slidingWindowSize < 1 || b.minimumCalls < 1) {
            throw new InvalidInputException("resilience.slidingWindowSize", "and minimumCalls must be at least 1");
        }
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumCalls = b.minimumCalls;
        this.openDuration = positive("resilience.openDuration", b.openDuration);
        if (b.halfOpenCalls < 1) {
            throw new InvalidInputException("resilience.halfOpenCalls", "must be at least 1");
        }
        this.halfOpenCalls = b.halfOpenCalls;
        if (b.maxConcurrentCalls < 1) {
            throw new InvalidInputException("resilience.maxConcurrentCalls", "must be at least 1");
        }
        this.maxConcurrentCalls = b.maxConcurrentCalls;
        if (b.rateLimitPermits < 0) {
            throw new InvalidInputException("resilience.rateLimit", "permits must not be negative");
        }
        this.rateLimitPermits = b.rateLimitPermits;
        this.rateLimitPeriod = b.rateLimitPermits == 0 ? null : positive("resilience.rateLimitPeriod", b.rateLimitPeriod);
        this.rateLimitMaxWait = nonNegative("resilience.rateLimitMaxWait", b.rateLimitMaxWait);
        this.rateLimitStore = b.rateLimitStore;
    }

    /** {@return the defaults listed above} */
    public static ResilienceOptions defaults() {
        return DEFAULTS;
    }

    /**
     * No retries, no circuit breaker, no client-side rate limit; only the bulkhead of the
     * defaults and the deadlines remain. For applications that apply their own policy.
     *
     * @return the options
     */
    public static ResilienceOptions disabled() {
        return builder().maxAttempts(1).circuitBreaker(false).build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these options} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxBackoff = maxBackoff;
        b.retryAfterCap = retryAfterCap;
        b.retryBudgetRatio = retryBudgetRatio;
        b.retryBudgetPerSecond = retryBudgetPerSecond;
        b.retryBudgetBurst = retryBudgetBurst;
        b.attemptTimeout = attemptTimeout;
        b.circuitBreakerEnabled = circuitBreakerEnabled;
        b.failureRateThreshold = failureRateThreshold;
        b.slidingWindowSize = slidingWindowSize;
        b.minimumCalls = minimumCalls;
        b.openDuration = openDuration;
        b.halfOpenCalls = halfOpenCalls;
        b.maxConcurrentCalls = maxConcurrentCalls;
        b.rateLimitPermits = rateLimitPermits;
        b.rateLimitPeriod = rateLimitPeriod;
        b.rateLimitMaxWait = rateLimitMaxWait;
        b.rateLimitStore = rateLimitStore;
        return b;
    }

    /** {@return attempts per call, the first included; 1 means no retry} */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@return upper bound of the first back-off; each later one doubles, up to {@link #maxBackoff()}} */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** {@return the longest back-off} */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** {@return the longest {@code Retry-After} waited for; a longer one ends the call with the provider's error} */
    public Duration retryAfterCap() {
        return retryAfterCap;
    }

    /** {@return retries allowed per call made, as a fraction (0.1: retries add at most 10 % to the call rate)} */
    public double retryBudgetRatio() {
        return retryBudgetRatio;
    }

    /** {@return retries allowed per second whatever the call rate: the budget's floor} */
    public double retryBudgetPerSecond() {
        return retryBudgetPerSecond;
    }

    /** {@return the most retries the budget can save up} */
    public int retryBudgetBurst() {
        return retryBudgetBurst;
    }

    /** {@return the deadline of one attempt (token, signing, exchange and verification)} */
    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    /** {@return whether the circuit breaker is on} */
    public boolean circuitBreakerEnabled() {
        return circuitBreakerEnabled;
    }

    /** {@return percentage of failed calls in the window at which the breaker opens} */
    public int failureRateThreshold() {
        return failureRateThreshold;
    }

    /** {@return number of most recent calls the failure rate is taken over} */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** {@return calls needed in the window before the failure rate is judged} */
    public int minimumCalls() {
        return minimumCalls;
    }

    /** {@return how long the breaker stays open before it lets trial calls through} */
    public Duration openDuration() {
        return openDuration;
    }

    /** {@return trial calls in the half-open state} */
    public int halfOpenCalls() {
        return halfOpenCalls;
    }

    /** {@return calls in flight allowed at once; the next is refused with {@code client.bulkhead-full}} */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** {@return the client-side rate limit as permits per period, when one is set} */
    public Optional<Duration> rateLimitPeriod() {
        return Optional.ofNullable(rateLimitPeriod);
    }

    /** {@return permits per {@link #rateLimitPeriod()}; 0 when there is no client-side limit} */
    public int rateLimitPermits() {
        return rateLimitPermits;
    }

    /** {@return how long a call may wait for a rate-limit permit (never beyond its deadline)} */
    public Duration rateLimitMaxWait() {
        return rateLimitMaxWait;
    }

    /** {@return where the rate limit's permits are kept when they are shared; empty: in this client} */
    public Optional<RateLimitStore> rateLimitStore() {
        return Optional.ofNullable(rateLimitStore);
    }

    private static Duration positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException(field, "must be positive and at most one hour");
        }
        return d;
    }

    private static Duration nonNegative(String field, Duration d) {
        if (d == null || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException(field, "must be between zero and one hour");
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResilienceOptions r && toString().equals(r.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }

    @Override
    public String toString() {
        return "ResilienceOptions[attempts=" + maxAttempts + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", retryAfterCap=" + retryAfterCap + ", budget=" + retryBudgetRatio + "+" + retryBudgetPerSecond
                + "/s burst " + retryBudgetBurst + ", attemptTimeout=" + attemptTimeout + ", breaker="
                + (circuitBreakerEnabled ? failureRateThreshold + "% of " + slidingWindowSize + " (min "
                + minimumCalls + "), open " + openDuration + ", halfOpen " + halfOpenCalls : "off")
                + ", maxConcurrent=" + maxConcurrentCalls + ", rateLimit="
                + (rateLimitPermits == 0 ? "none" : rateLimitPermits + "/" + rateLimitPeriod + " wait " + rateLimitMaxWait
                + (rateLimitStore == null ? "" : " shared in " + rateLimitStore))
                + "]";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private Duration retryAfterCap = Duration.ofSeconds(10);
        private double retryBudgetRatio = 0.1;
        private double retryBudgetPerSecond = 1;
        private int retryBudgetBurst = 10;
        private Duration attemptTimeout = Duration.ofSeconds(20);
        private boolean circuitBreakerEnabled = true;
        private int failureRateThreshold = 50;
        private int slidingWindowSize = 20;
        private int minimumCalls = 10;
        private Duration openDuration = Duration.ofSeconds(10);
        private int halfOpenCalls = 3;
        private int maxConcurrentCalls = 64;
        private int rateLimitPermits;
        private Duration rateLimitPeriod;
        private Duration rateLimitMaxWait = Duration.ofSeconds(1);
        private RateLimitStore rateLimitStore;

        private Builder() {
        }

        /**
         * Attempts per call, the first included (1 to 10); 1 switches retries off.
         *
         * @param maxAttempts 1 to 10
         * @return this builder
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The back-off bounds: the n-th retry waits a random time up to {@code min(max, initial * 2^(n-1))}.
         *
         * @param initial the first back-off's upper bound
         * @param max the longest back-off
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * The longest {@code Retry-After} honoured; a longer one ends the retries.
         *
         * @param cap a positive duration
         * @return this builder
         */
        public Builder retryAfterCap(Duration cap) {
            this.retryAfterCap = cap;
            return this;
        }

        /**
         * The retry budget: {@code ratio} retries earned per call, {@code perSecond} earned with
         * time, at most {@code burst} saved.
         *
         * @param ratio retries earned per call
         * @param perSecond retries earned per second
         * @param burst the most retries saved
         * @return this builder
         */
        public Builder retryBudget(double ratio, double perSecond, int burst) {
            this.retryBudgetRatio = ratio;
            this.retryBudgetPerSecond = perSecond;
            this.retryBudgetBurst = burst;
            return this;
        }

        /**
         * The deadline of one attempt, within the call's.
         *
         * @param attemptTimeout a positive duration
         * @return this builder
         */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /**
         * Switches the circuit breaker on or off.
         *
         * @param enabled whether it is on
         * @return this builder
         */
        public Builder circuitBreaker(boolean enabled) {
            this.circuitBreakerEnabled = enabled;
            return this;
        }

        /**
         * Opens at {@code failureRatePercent} failures among the last {@code windowSize} calls, once {@code minimumCalls} were made.
         *
         * @param failureRatePercent 1 to 100
         * @param windowSize the calls counted
         * @param minimumCalls the calls made before the rate counts
         * @return this builder
         */
        public Builder circuitBreaker(int failureRatePercent, int windowSize, int minimumCalls) {
            this.circuitBreakerEnabled = true;
            this.failureRateThreshold = failureRatePercent;
            this.slidingWindowSize = windowSize;
            this.minimumCalls = minimumCalls;
            return this;
        }

        /**
         * How long the breaker stays open, and how many trial calls it then lets through.
         *
         * @param openDuration how long it stays open
         * @param halfOpenCalls the trial calls let through
         * @return this builder
         */
        public Builder circuitBreakerRecovery(Duration openDuration, int halfOpenCalls) {
            this.openDuration = openDuration;
            this.halfOpenCalls = halfOpenCalls;
            return this;
        }

        /**
         * The bulkhead: the most calls in flight at once; more are refused.
         *
         * @param maxConcurrentCalls at least 1
         * @return this builder
         */
        public Builder maxConcurrentCalls(int maxConcurrentCalls) {
            this.maxConcurrentCalls = maxConcurrentCalls;
            return this;
        }

        /**
         * A client-side limit of {@code permits} calls per {@code period}, such as the agency's quota; 0 removes it.
         *
         * @param permits calls per period; 0 removes the limit
         * @param period the period
         * @return this builder
         */
        public Builder rateLimit(int permits, Duration period) {
            this.rateLimitPermits = permits;
            this.rateLimitPeriod = period;
            return this;
        }

        /**
         * How long a call may wait for a permit of the rate limit before it is refused.
         *
         * @param maxWait zero or more
         * @return this builder
         */
        public Builder rateLimitMaxWait(Duration maxWait) {
            this.rateLimitMaxWait = maxWait;
            return this;
        }

        /**
         * Keeps the rate limit's permits in {@code store}, shared by every client (in any process)
         * that uses the same store, so that the agency's instances together keep to
         * {@link #rateLimit(int, Duration)}; {@code null} keeps them in this client. The store's
         * policy decides what happens when it cannot be reached.
         *
         * @param store the shared store, or {@code null}
         * @return this builder
         */
        public Builder rateLimitStore(RateLimitStore store) {
            this.rateLimitStore = store;
            return this;
        }

        /** {@return the options} */
        public ResilienceOptions build() {
            return new ResilienceOptions(this);
        }
    }
}
