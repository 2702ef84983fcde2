package vn.ketnoi.core.internal.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.RateLimitStore;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.ResilienceListener;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.exception.AuthenticationException;
import vn.ketnoi.core.exception.BulkheadFullException;
import vn.ketnoi.core.exception.CircuitOpenException;
import vn.ketnoi.core.exception.ClientRateLimitedException;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.RateLimitedException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.ServiceUnavailableException;
import vn.ketnoi.core.exception.SharedQuotaUnavailableException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.core.internal.OperationsLog;
import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.internal.pipeline.Pipeline;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The resilience layer of one service client, a pipeline step placed after the application
 * interceptors and before the per-attempt steps (token, exchange headers, signature,
 * verification). It wraps a logical call, outermost first, in
 *
 * <pre>
 *   rate limiter   (the agency's quota: a call that would exceed it waits, then is refused;
 *                   in this client, or shared by every instance through a RateLimitStore)
 *   bulkhead       (calls in flight; refused at once when full)
 *   circuit breaker (one outcome per logical call, recorded when the call ends)
 *   retry          (idempotent requests only; back-off with full jitter, Retry-After, budget)
 *     attempt      (its own deadline, within the call's)
 * </pre>
 *
 * {@code docs/resilience.md} says why in this order. Rejections come before anything is sent,
 * so they cost the provider nothing. Each call's outcome also goes to the client's failure record
 * ({@link #health}); the breaker's and the retry budget's changes are logged once each on
 * {@link OperationsLog}. Thread-safe.
 */
public final class ResilienceStep implements Pipeline.Step {
    private static final Logger LOG = LoggerFactory.getLogger(ResilienceStep.class);

    private final String service;
    private final ResilienceOptions options;
    private final List<ResilienceListener> listeners;
    private final Function<KetnoiResponse, KetnoiException> errors;
    private final Clock clock;
    private final RetryBudget budget;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    private final RateLimitStore rateLimitStore;
    private final CallHealth health;
    private volatile String lastErrorCode = "none"; // for the log lines: what the breaker last counted

    public ResilienceStep(String service, ResilienceOptions options, List<ResilienceListener> listeners,
                          Function<KetnoiResponse, KetnoiException> errors, Clock clock) {
        this.service = service;
        this.options = options;
        this.listeners = List.copyOf(listeners);
        this.errors = errors;
        this.clock = clock;
        this.health = new CallHealth(service, clock);
        this.budget = new RetryBudget(options.retryBudgetRatio(), options.retryBudgetPerSecond(),
                options.retryBudgetBurst());
        this.bulkhead = Bulkhead.of(service, BulkheadConfig.custom()
                .maxConcurrentCalls(options.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        if (options.circuitBreakerEnabled()) {
            this.breaker = CircuitBreaker.of(service, CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(options.slidingWindowSize())
                    .minimumNumberOfCalls(options.minimumCalls())
                    .failureRateThreshold(options.failureRateThreshold())
                    .waitDurationInOpenState(options.openDuration())
                    .permittedNumberOfCallsInHalfOpenState(options.halfOpenCalls())
                    .writableStackTraceEnabled(false)
                    .build());
            breaker.getEventPublisher().onStateTransition(e -> {
                ResilienceEvent.CircuitState from = state(e.getStateTransition().getFromState());
                ResilienceEvent.CircuitState to = state(e.getStateTransition().getToState());
                if (from != null && to != null) {
                    logTransition(from, to);
                    emit(ResilienceEvent.stateChanged(service, from, to, clock.instant()));
                }
            });
        } else {
            this.breaker = null;
        }
        this.rateLimitStore = options.rateLimitPermits() == 0 ? null : options.rateLimitStore().orElse(null);
        this.rateLimiter = options.rateLimitPermits() == 0 || rateLimitStore != null ? null : RateLimiter.of(service, RateLimiterConfig.custom()
                .limitForPeriod(options.rateLimitPermits())
                .limitRefreshPeriod(options.rateLimitPeriod().orElseThrow())
                .timeoutDuration(options.rateLimitMaxWait())
                .build());
    }

    @Override
    public CompletableFuture<KetnoiResponse> apply(Pipeline.Chain chain) {
        if (budget.deposit()) {
            OperationsLog.LOG.warn("Ketnoi {}: the retry budget is refilled; failed calls are retried again", service);
        }
        KetnoiRequest request = chain.request();
        if (rateLimiter == null && rateLimitStore == null) {
            return guarded(chain);
        }
        Duration remaining = Duration.between(clock.instant(), chain.deadline());
        long waitNanos;
        if (rateLimiter != null) {
            waitNanos = rateLimiter.reservePermission();
        } else {
            try {
                Duration maxWait = remaining.isNegative() ? Duration.ZERO : min(options.rateLimitMaxWait(), remaining);
                waitNanos = rateLimitStore.reserve(service, options.rateLimitPermits(),
                        options.rateLimitPeriod().orElseThrow(), maxWait);
            } catch (KetnoiException e) {
                emit(ResilienceEvent.rejected(service, request.operation(), e.errorCode(), clock.instant()));
                return CompletableFuture.failedFuture(e);
            } catch (RuntimeException e) {
                // A store that broke its contract: refused as unavailable, never let through unmetered.
                emit(ResilienceEvent.rejected(service, request.operation(), "client.rate-limit-unavailable",
                        clock.instant()));
                return CompletableFuture.failedFuture(new SharedQuotaUnavailableException(service, e));
            }
        }
        if (waitNanos < 0 || waitNanos >= remaining.toNanos()) {
            emit(ResilienceEvent.rejected(service, request.operation(), "client.rate-limited", clock.instant()));
            return CompletableFuture.failedFuture(new ClientRateLimitedException(service));
        }
        if (waitNanos == 0) {
            return guarded(chain);
        }
        return pause(Duration.ofNanos(waitNanos), chain.context()).thenCompose(v -> guarded(chain));
    }

    private CompletableFuture<KetnoiResponse> guarded(Pipeline.Chain chain) {
        KetnoiRequest request = chain.request();
        if (!bulkhead.tryAcquirePermission()) {
            emit(ResilienceEvent.rejected(service, request.operation(), "client.bulkhead-full", clock.instant()));
            return CompletableFuture.failedFuture(new BulkheadFullException(service, options.maxConcurrentCalls()));
        }
        if (breaker != null && !breaker.tryAcquirePermission()) {
            bulkhead.onComplete();
            emit(ResilienceEvent.rejected(service, request.operation(), "client.circuit-open", clock.instant()));
            CircuitOpenException open = new CircuitOpenException(service);
            health.record(open);
            return CompletableFuture.failedFuture(open);
        }
        long start = System.nanoTime();
        CompletableFuture<KetnoiResponse> call;
        try {
            call = attempt(chain, 1, new CallState());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.whenComplete((response, failure) -> {
            bulkhead.onComplete();
            KetnoiException e = failure != null ? Pipeline.ketnoi(failure)
                    : response.isSuccessful() ? null : errors.apply(response);
            if (e != null || failure == null) {
                health.record(e);
            }
            if (breaker != null) {
                record(e, failure, System.nanoTime() - start);
            }
        });
    }

    /** One outcome per logical call: the breaker judges the provider, not each attempt. */
    private void record(KetnoiException e, Throwable failure, long nanos) {
        if (e != null && countsAsFailure(e)) {
            lastErrorCode = e.errorCode();
        }
        if (failure != null && e == null) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, Pipeline.unwrap(failure));
        } else if (e != null && "client.cancelled".equals(e.errorCode())) {
            breaker.releasePermission(); // the caller gave up: says nothing about the provider
        } else if (e != null && countsAsFailure(e)) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static final class CallState {
        boolean mayHaveBeenApplied;
    }

    private CompletableFuture<KetnoiResponse> attempt(Pipeline.Chain chain, int n, CallState state) {
        CallContext context = chain.context();
        KetnoiRequest request = chain.request();
        Instant callDeadline = chain.deadline();
        if (context.isAborted()) {
            return CompletableFuture.failedFuture(finish(request, n - 1, state, aborted(request, context), null));
        }
        Instant now = clock.instant();
        Instant attemptDeadline = min(callDeadline, now.plus(options.attemptTimeout()));
        return chain.proceed(request, attemptDeadline).handle((response, failure) -> {
            if (failure == null && response.isSuccessful()) {
                return CompletableFuture.completedFuture(response);
            }
            KetnoiException e = failure != null ? Pipeline.ketnoi(failure) : errors.apply(response);
            if (e == null) {
                return CompletableFuture.<KetnoiResponse>failedFuture(Pipeline.unwrap(failure));
            }
            state.mayHaveBeenApplied |= uncertain(e);
            Optional<Duration> pause = retryPause(request, e, n, callDeadline, context);
            if (pause.isEmpty()) {
                KetnoiException last = finish(request, n, state, e, response);
                return last == null ? CompletableFuture.completedFuture(response)
                        : CompletableFuture.<KetnoiResponse>failedFuture(last);
            }
            return pause(pause.get(), context).thenCompose(v -> attempt(chain, n + 1, state));
        }).thenCompose(f -> f);
    }

    /** The pause before the next attempt, or empty when the call ends here. */
    private Optional<Duration> retryPause(KetnoiRequest request, KetnoiException e, int n, Instant deadline,
                                          CallContext context) {
        if (!request.isIdempotent() || !retryable(e) || context.isAborted()) {
            return Optional.empty();
        }
        if (n >= options.maxAttempts()) {
            return Optional.empty();
        }
        Duration pause = backoff(n);
        Optional<Duration> retryAfter = retryAfter(e);
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(options.retryAfterCap()) > 0) {
                suppressed(request, e, n, retryAfter.get());
                return Optional.empty();
            }
            pause = max(pause, retryAfter.get());
        }
        if (!clock.instant().plus(pause).isBefore(deadline)) {
            suppressed(request, e, n, pause);
            return Optional.empty();
        }
        if (!budget.tryWithdraw()) {
            if (budget.markSpent()) {
                OperationsLog.LOG.warn("Ketnoi {}: the retry budget is spent (last error {}); failed calls are not"
                        + " retried until it refills", service, e.errorCode());
            }
            suppressed(request, e, n, pause);
            return Optional.empty();
        }
        emit(ResilienceEvent.retry(ResilienceEvent.Type.RETRY, service, request.operation(), e.errorCode(), n, pause,
                clock.instant()));
        return Optional.of(pause);
    }

    private void suppressed(KetnoiRequest request, KetnoiException e, int n, Duration pause) {
        emit(ResilienceEvent.retry(ResilienceEvent.Type.RETRY_SUPPRESSED, service, request.operation(), e.errorCode(),
                n, pause, clock.instant()));
    }

    /**
     * The call's outcome: {@code null} to hand the error response up as it is (it is mapped to its
     * exception above), or the exception to fail with. A write with an idempotency key some
     * attempt of which may have been applied ends in {@link WriteOutcomeUnknownException}, unless
     * the provider's last answer was a definitive refusal.
     */
    private static KetnoiException finish(KetnoiRequest request, int attempts, CallState state, KetnoiException e,
                                          KetnoiResponse response) {
        Optional<String> key = request.headers().first("Idempotency-Key");
        if (key.isPresent() && state.mayHaveBeenApplied && !definitive(e)) {
            return new WriteOutcomeUnknownException(key.get(), Math.max(1, attempts), e);
        }
        return response != null ? null : e;
    }

    private static KetnoiException aborted(KetnoiRequest request, CallContext context) {
        String code = context.abortCode();
        return new TransportException("timeout".equals(code) || "transport.timeout".equals(code)
                ? "The call's deadline passed" : "The call was cancelled", code,
                null, request.isIdempotent(), false, null);
    }

    /** Failures that say the provider (or the way to it) is unwell, and that a later attempt may not meet. */
    static boolean retryable(KetnoiException e) {
        if (inProgress(e)) {
            return true; // an earlier attempt with this key is still being processed: ask again shortly
        }
        if (e instanceof TransportException t) {
            return t.errorCode().startsWith("transport.");
        }
        if (e instanceof QuotaExceededException || e instanceof GatewayUnavailableException) {
            return true; // the request's idempotence is checked by the caller of this decision
        }
        if (e instanceof ExchangeLayerException x) {
            return x.type().startsWith("Server.");
        }
        if (e instanceof RateLimitedException || e instanceof ServiceUnavailableException) {
            return true;
        }
        if (e instanceof SignatureRejectedException) {
            return "signature.stale".equals(e.errorCode()); // each attempt is signed afresh
        }
        if (e instanceof AuthenticationException && e.errorCode().startsWith("token.")) {
            return e.statusCode() >= 500 || e.statusCode() == 429; // the token endpoint is unwell
        }
        return false;
    }

    /** What the breaker counts as a failure: the provider's health, not the caller's mistakes or business outcomes. */
    static boolean countsAsFailure(KetnoiException e) {
        if (e instanceof SignatureRejectedException || inProgress(e)) {
            return false; // our clock, or our own earlier attempt: not the provider's health
        }
        return retryable(e) || e instanceof ResponseVerificationException;
    }

    /** Whether the provider may have acted on this attempt. */
    static boolean uncertain(KetnoiException e) {
        if (inProgress(e)) {
            return true; // the provider is applying an earlier attempt of this write
        }
        if (e instanceof TransportException t) {
            return t.mayHaveBeenApplied();
        }
        if (e instanceof ResponseVerificationException) {
            return true; // an answer came, but it cannot be trusted to say what happened
        }
        if (e instanceof ServiceUnavailableException) {
            return e.statusCode() != 503; // server.internal: it may have failed after acting
        }
        if (e instanceof ExchangeLayerException x) {
            return x.mayHaveBeenApplied() || x.type().startsWith("Server.");
        }
        return false;
    }

    /** A signed, final answer of the provider to this write: replays of the key give the same. */
    private static boolean definitive(KetnoiException e) {
        return e instanceof KetnoiServiceException && !retryable(e) && !e.errorCode().startsWith("token.")
                && e.statusCode() >= 400 && e.statusCode() < 500;
    }

    /** {@code request.idempotency-in-progress} (protocol section 10.3). */
    private static boolean inProgress(KetnoiException e) {
        return e instanceof KetnoiServiceException && "request.idempotency-in-progress".equals(e.errorCode());
    }

    private static Optional<Duration> retryAfter(KetnoiException e) {
        if (e instanceof RateLimitedException r) {
            return r.retryAfter();
        }
        if (e instanceof QuotaExceededException q) {
            return q.retryAfter();
        }
        if (e instanceof GatewayUnavailableException g) {
            return g.retryAfter();
        }
        if (e instanceof ServiceUnavailableException s) {
            return s.retryAfter();
        }
        return Optional.empty();
    }

    /** Full jitter: uniformly random up to the exponential bound, so that failed callers spread out. */
    private Duration backoff(int n) {
        long base = options.initialBackoff().toNanos();
        long cap = options.maxBackoff().toNanos();
        long bound = n >= 62 ? cap : Math.min(cap, base << Math.min(n - 1, 30));
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** Waits: on the caller's thread for a synchronous call, on a timer for an asynchronous one. */
    private static CompletableFuture<Void> pause(Duration d, CallContext context) {
        if (!context.isAsync()) {
            try {
                Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
                return CompletableFuture.completedFuture(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(new TransportException("Interrupted while waiting to retry",
                        "client.interrupted", null, false, false, e));
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> done.complete(null),
                CompletableFuture.delayedExecutor(d.toNanos(), TimeUnit.NANOSECONDS, context.afterSend()));
        // An abort (deadline, cancel) ends the pause at once instead of at its end.
        context.onAbort(() -> done.complete(null));
        return done;
    }

    /**
     * One line per change of the breaker's state: opened and closed again at WARN; half-open, and
     * open again after failed trial calls, at INFO, so that a long outage is two WARN lines, not one
     * per open period.
     */
    private void logTransition(ResilienceEvent.CircuitState from, ResilienceEvent.CircuitState to) {
        if (to == ResilienceEvent.CircuitState.OPEN && from == ResilienceEvent.CircuitState.HALF_OPEN) {
            OperationsLog.LOG.info("Ketnoi {}: circuit breaker OPEN again, the trial calls failed (last error {})",
                    service, lastErrorCode);
        } else if (to == ResilienceEvent.CircuitState.OPEN) {
            OperationsLog.LOG.warn("Ketnoi {}: circuit breaker OPEN (was {}, last error {}); calls are refused for {} s",
                    service, from, lastErrorCode, options.openDuration().toSeconds());
        } else if (to == ResilienceEvent.CircuitState.CLOSED) {
            OperationsLog.LOG.warn("Ketnoi {}: circuit breaker CLOSED again (was {}); calls go out", service, from);
        } else {
            OperationsLog.LOG.info("Ketnoi {}: circuit breaker {} (was {}); trial calls go out", service, to, from);
        }
    }

    /**
     * The client's health: the breaker's state and the failure record, on a snapshot of the rest.
     *
     * @param rest the snapshot of the token and certificate, whose circuit state is replaced
     * @return the snapshot
     */
    public ClientHealth health(ClientHealth rest) {
        return health.addTo(ClientHealth.of(rest.service(), circuitState().orElse(null),
                rest.tokenExpiresAt().orElse(null), rest.certificateNotAfter().orElse(null), rest.checkedAt()));
    }

    private void emit(ResilienceEvent event) {
        for (ResilienceListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("A resilience listener failed on {}: {}", event.type(), e.getClass().getName());
            }
        }
    }

    /** The circuit breaker's state now; empty when the breaker is disabled (or forced into another state). */
    public java.util.Optional<ResilienceEvent.CircuitState> circuitState() {
        return breaker == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(state(breaker.getState()));
    }

    private static ResilienceEvent.CircuitState state(CircuitBreaker.State s) {
        switch (s) {
            case CLOSED:
                return ResilienceEvent.CircuitState.CLOSED;
            case OPEN:
                return ResilienceEvent.CircuitState.OPEN;
            case HALF_OPEN:
                return ResilienceEvent.CircuitState.HALF_OPEN;
            default:
                return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
