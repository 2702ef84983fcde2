package vn.ketnoi.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One kind of fault the sandbox can inject into the calls to a route, at a rate. Immutable.
 *
 * <pre>{@code
 * sandbox.faults().add("/population/", SandboxFault.serviceUnavailable(Duration.ofSeconds(1)).rate(0.3));
 * sandbox.faults().add("/.well-known/jwks.json", SandboxFault.status(503));   // JWKS endpoint down
 * }</pre>
 */
public final class SandboxFault {

    /** The kinds of fault. */
    public enum Kind {
        /** Waits {@link #duration()} before serving (a long one is a stalled response). */
        LATENCY,
        /** Serves the body in 32-byte pieces, one every {@link #duration()}. */
        SLOW_DRIP,
        /** Answers {@link #status()} instead of serving: a signed {@code server.internal} (500) or {@code server.unavailable} (503) problem on provider APIs, a plain error elsewhere. */
        STATUS,
        /** Answers 429 {@code rate-limited} with {@code Retry-After} of {@link #duration()}. */
        RATE_LIMITED,
        /** Drops the connection before the operation runs: nothing is applied. */
        RESET_BEFORE,
        /** Runs the operation (a write is stored), then drops the connection without answering. */
        RESET_AFTER,
        /** Runs the operation, then sends half the body and drops the connection. */
        TRUNCATE
    }

    private final Kind kind;
    private final double rate;
    private final Duration duration;
    private final int status;

    private SandboxFault(Kind kind, double rate, Duration duration, int status) {
        this.kind = kind;
        this.rate = rate;
        this.duration = duration;
        this.status = status;
    }

    /**
     * Added latency.
     *
     * @param delay how long to wait before serving
     * @return the fault, at rate 1
     */
    public static SandboxFault latency(Duration delay) {
        return new SandboxFault(Kind.LATENCY, 1, positive(delay), 0);
    }

    /**
     * A slow-drip body.
     *
     * @param perPiece the pause before each 32-byte piece
     * @return the fault, at rate 1
     */
    public static SandboxFault slowDrip(Duration perPiece) {
        return new SandboxFault(Kind.SLOW_DRIP, 1, positive(perPiece), 0);
    }

    /**
     * An error status instead of the answer.
     *
     * @param status 500 or 503
     * @return the fault, at rate 1
     */
    public static SandboxFault status(int status) {
        if (status != 500 && status != 503) {
            throw new IllegalArgumentException("status must be 500 or 503");
        }
        return new SandboxFault(Kind.STATUS, 1, Duration.ZERO, status);
    }

    /**
     * 503 {@code server.unavailable} with a {@code Retry-After}.
     *
     * @param retryAfter whole seconds, 0 or more
     * @return the fault, at rate 1
     */
    public static SandboxFault serviceUnavailable(Duration retryAfter) {
        return new SandboxFault(Kind.STATUS, 1, Objects.requireNonNull(retryAfter, "retryAfter"), 503);
    }

    /**
     * 429 {@code rate-limited} with a {@code Retry-After}.
     *
     * @param retryAfter whole seconds, 0 or more
     * @return the fault, at rate 1
     */
    public static SandboxFault rateLimited(Duration retryAfter) {
        return new SandboxFault(Kind.RATE_LIMITED, 1, Objects.requireNonNull(retryAfter, "retryAfter"), 429);
    }

    /** @return a connection reset before the operation runs, at rate 1 */
    public static SandboxFault resetBeforeApply() {
        return new SandboxFault(Kind.RESET_BEFORE, 1, Duration.ZERO, 0);
    }

    /** @return a connection reset after the operation ran (a write is stored), at rate 1 */
    public static SandboxFault resetAfterApply() {
        return new SandboxFault(Kind.RESET_AFTER, 1, Duration.ZERO, 0);
    }

    /** @return a body cut in half, at rate 1 */
    public static SandboxFault truncatedBody() {
        return new SandboxFault(Kind.TRUNCATE, 1, Duration.ZERO, 0);
    }

    /**
     * The same fault at another rate.
     *
     * @param rate the share of calls it hits, 0 to 1
     * @return a new fault
     */
    public SandboxFault rate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1");
        }
        return new SandboxFault(kind, rate, duration, status);
    }

    /**
     * Parses the form {@code SandboxMain --fault} and the admin endpoint take:
     * {@code KIND[:MILLIS|:STATUS][@RATE]}, for example {@code latency:200@0.1}, {@code status:503@0.3},
     * {@code reset-after@0.05}.
     *
     * @param spec the text
     * @return the fault
     */
    public static SandboxFault parse(String spec) {
        String s = spec.strip();
        double rate = 1;
        int at = s.indexOf('@');
        if (at >= 0) {
            rate = Double.parseDouble(s.substring(at + 1));
            s = s.substring(0, at);
        }
        String[] parts = s.split(":", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        long n = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
        SandboxFault f;
        switch (name) {
            case "latency":
                f = latency(Duration.ofMillis(n < 0 ? 1000 : n));
                break;
            case "slow-drip":
                f = slowDrip(Duration.ofMillis(n < 0 ? 200 : n));
                break;
            case "status":
                f = status(n < 0 ? 503 : (int) n);
                break;
            case "unavailable":
                f = serviceUnavailable(Duration.ofSeconds(Math.max(0, n)));
                break;
            case "rate-limited":
                f = rateLimited(Duration.ofSeconds(Math.max(0, n)));
                break;
            case "reset-before":
                f = resetBeforeApply();
                break;
            case "reset-after":
                f = resetAfterApply();
                break;
            case "truncate":
                f = truncatedBody();
                break;
            default:
                throw new IllegalArgumentException("unknown fault kind: " + parts[0]);
        }
        return f.rate(rate);
    }

    /** {@return what this fault does} */
    public Kind kind() {
        return kind;
    }

    /** {@return the share of calls to the route this fault hits} */
    public double rate() {
        return rate;
    }

    /** {@return the latency, drip pause or Retry-After, by kind} */
    public Duration duration() {
        return duration;
    }

    /** {@return the status answered, for {@link Kind#STATUS} and {@link Kind#RATE_LIMITED}} */
    public int status() {
        return status;
    }

    private static Duration positive(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the duration must be positive");
        }
        return d;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + (status > 0 ? ":" + status : "")
                + (duration.isZero() ? "" : ":" + duration.toMillis() + "ms") + "@" + rate;
    }
}
