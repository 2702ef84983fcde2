package vn.ketnoi.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something the resilience layer did. Carries no personal data: the service, the logical
 * operation name, the error code that caused it, and figures.
 */
public final class ResilienceEvent {

    /** What happened. */
    public enum Type {
        /** An attempt failed and another will follow after {@link #delay()}. */
        RETRY,
        /** An attempt failed with a retryable error but no retry follows: budget spent, deadline too near, or Retry-After too long. */
        RETRY_SUPPRESSED,
        /** The circuit breaker moved from {@link #fromState()} to {@link #toState()}. */
        CIRCUIT_STATE_CHANGED,
        /** A call was refused before it was sent: circuit open, bulkhead full or client-side rate limit. */
        REJECTED
    }

    /** Circuit-breaker states. */
    public enum CircuitState {
        /** Calls pass. */
        CLOSED,
        /** Calls are refused until the open duration has passed. */
        OPEN,
        /** A few trial calls pass; their outcome closes or opens the breaker again. */
        HALF_OPEN
    }

    private final Type type;
    private final String service;
    private final String operation;
    private final String errorCode;
    private final int attempt;
    private final Duration delay;
    private final CircuitState fromState;
    private final CircuitState toState;
    private final Instant time;

    private ResilienceEvent(Type type, String service, String operation, String errorCode, int attempt,
                            Duration delay, CircuitState from, CircuitState to, Instant time) {
        this.type = Objects.requireNonNull(type, "type");
        this.service = Objects.requireNonNull(service, "service");
        this.operation = operation;
        this.errorCode = errorCode;
        this.attempt = attempt;
        this.delay = delay;
        this.fromState = from;
        this.toState = to;
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * {@return a retry (or a suppressed one) after attempt number {@code attempt} failed with {@code errorCode}}
     *
     * @param type {@link Type#RETRY} or a suppressed retry
     * @param service the resilience scope
     * @param operation the operation
     * @param errorCode the code the attempt failed with
     * @param attempt the attempt that failed, from 1
     * @param delay the wait before the next attempt
     * @param time when it happened
     */
    public static ResilienceEvent retry(Type type, String service, String operation, String errorCode, int attempt,
                                        Duration delay, Instant time) {
        return new ResilienceEvent(type, service, operation, errorCode, attempt, delay, null, null, time);
    }

    /**
     * {@return a call refused with {@code errorCode} ({@code client.circuit-open}, {@code client.bulkhead-full}, {@code client.rate-limited})}
     *
     * @param service the resilience scope
     * @param operation the operation
     * @param errorCode the code the call was refused with
     * @param time when it happened
     */
    public static ResilienceEvent rejected(String service, String operation, String errorCode, Instant time) {
        return new ResilienceEvent(Type.REJECTED, service, operation, errorCode, 0, null, null, null, time);
    }

    /**
     * {@return a circuit-breaker state change}
     *
     * @param service the resilience scope
     * @param from the state left
     * @param to the state entered
     * @param time when it happened
     */
    public static ResilienceEvent stateChanged(String service, CircuitState from, CircuitState to, Instant time) {
        return new ResilienceEvent(Type.CIRCUIT_STATE_CHANGED, service, null, null, 0, null, from, to, time);
    }

    /** {@return what happened} */
    public Type type() {
        return type;
    }

    /** {@return the service (OAuth scope) of the client: {@code population}, {@code vneid}, {@code edocuments}} */
    public String service() {
        return service;
    }

    /** {@return the logical operation, such as {@code population.lookup}; empty for state changes} */
    public Optional<String> operation() {
        return Optional.ofNullable(operation);
    }

    /** {@return the error code that caused a retry or a rejection} */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** {@return the number of the attempt that failed (1 for the first); 0 when not about an attempt} */
    public int attempt() {
        return attempt;
    }

    /** {@return the pause before the retry} */
    public Optional<Duration> delay() {
        return Optional.ofNullable(delay);
    }

    /** {@return the state left, for a state change} */
    public Optional<CircuitState> fromState() {
        return Optional.ofNullable(fromState);
    }

    /** {@return the state entered, for a state change} */
    public Optional<CircuitState> toState() {
        return Optional.ofNullable(toState);
    }

    /** {@return when it happened} */
    public Instant time() {
        return time;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ResilienceEvent[").append(type).append(", service=").append(service);
        if (operation != null) {
            sb.append(", operation=").append(operation);
        }
        if (errorCode != null) {
            sb.append(", code=").append(errorCode);
        }
        if (attempt > 0) {
            sb.append(", attempt=").append(attempt);
        }
        if (delay != null) {
            sb.append(", delay=").append(delay.toMillis()).append("ms");
        }
        if (toState != null) {
            sb.append(", ").append(fromState).append("->").append(toState);
        }
        return sb.append(']').toString();
    }
}
