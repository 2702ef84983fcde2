package vn.ketnoi.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import vn.ketnoi.testkit.internal.gateway.FaultPlan;

/**
 * A {@link SandboxGateway} failing on command, as real gateways fail: failures for the next N
 * service requests (queued in the order given), and tampering with what it forwards, in force
 * until {@link #clear()}. Both apply to service routes only: the gateway's token endpoint and the
 * pass-through paths (the provider's token endpoint and key set) keep working, so that the call
 * under test is the one that meets the failure. Thread-safe.
 *
 * <p>Tampering is how a test shows that a gateway cannot change anything end-to-end unnoticed:
 * the provider refuses an altered request ({@code signature.digest-mismatch},
 * {@code signature.binding-mismatch}), the SDK an altered answer ({@code response.*}).
 */
public final class SandboxGatewayFaults {
    private final FaultPlan plan;

    SandboxGatewayFaults(FaultPlan plan) {
        this.plan = plan;
    }

    /**
     * The next {@code times} service requests get 502 with an HTML error page, as a web server
     * in front of a gateway answers when the gateway behind it is down.
     *
     * @param times at least one
     * @return this
     */
    public SandboxGatewayFaults htmlBadGateway(int times) {
        plan.add(new FaultPlan.Fault(FaultPlan.Kind.HTML_BAD_GATEWAY, 502, Duration.ZERO), count(times));
        return this;
    }

    /**
     * The next {@code times} service requests get the gateway's own JSON error with this status
     * ({@code {"error":...,"message":...}}): 401, 403, 404, 502, 503, 504 or any other status of
     * 400 and more. For 429 and 503 use {@link #status(int, int, Duration)} to choose Retry-After.
     *
     * @param status 400 to 599
     * @param times at least one
     * @return this
     */
    public SandboxGatewayFaults status(int status, int times) {
        return status(status, times, Duration.ofSeconds(1));
    }

    /**
     * As {@link #status(int, int)}, with {@code Retry-After} (in whole seconds) on a 429 or 503.
     *
     * @param status 400 to 599
     * @param times at least one
     * @param retryAfter zero or more
     * @return this
     */
    public SandboxGatewayFaults status(int status, int times, Duration retryAfter) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: 400 to 599");
        }
        if (retryAfter == null || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter: zero or more");
        }
        plan.add(new FaultPlan.Fault(FaultPlan.Kind.STATUS, status, retryAfter), count(times));
        return this;
    }

    /**
     * The next {@code times} service requests are held this long before they are forwarded: a
     * slow gateway.
     *
     * @param delay how long
     * @param times at least one
     * @return this
     */
    public SandboxGatewayFaults delay(Duration delay, int times) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay: zero or more");
        }
        plan.add(new FaultPlan.Fault(FaultPlan.Kind.DELAY, 0, delay), count(times));
        return this;
    }

    /**
     * The next {@code times} service requests get no answer: the gateway closes the connection.
     *
     * @param times at least one
     * @return this
     */
    public SandboxGatewayFaults dropConnection(int times) {
        plan.add(new FaultPlan.Fault(FaultPlan.Kind.DROP, 0, Duration.ZERO), count(times));
        return this;
    }

    /**
     * The next {@code times} service requests are forwarded and the provider acts on them, but
     * its answer is lost on the way back: the agency gets the gateway's own JSON error with this
     * status instead (a 504 after the provider applied a write, the case idempotency keys are for).
     *
     * @param status 400 to 599, typically 502 or 504
     * @param times at least one
     * @return this
     */
    public SandboxGatewayFaults loseAnswer(int status, int times) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: 400 to 599");
        }
        plan.add(new FaultPlan.Fault(FaultPlan.Kind.ANSWER_LOST, status, Duration.ZERO), count(times));
        return this;
    }

    /**
     * Alters the body of every forwarded service request.
     *
     * @param tamper gets the body as received, returns the body to forward
     * @return this
     */
    public SandboxGatewayFaults tamperRequestBody(UnaryOperator<byte[]> tamper) {
        plan.requestBody(Objects.requireNonNull(tamper, "tamper"));
        return this;
    }

    /**
     * Alters one header of every forwarded service request.
     *
     * @param name the header name
     * @param tamper gets the value as forwarded (null when absent), returns the new one (null removes it)
     * @return this
     */
    public SandboxGatewayFaults tamperRequestHeader(String name, UnaryOperator<@Nullable String> tamper) {
        plan.requestHeader(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tamper, "tamper"));
        return this;
    }

    /**
     * Alters the path within the service (with its query) of every forwarded service request:
     * {@code /citizens/lookup} may become {@code /citizens/verify}.
     *
     * @param tamper gets the path within the service as received, returns the one to forward
     * @return this
     */
    public SandboxGatewayFaults tamperPath(UnaryOperator<String> tamper) {
        plan.path(Objects.requireNonNull(tamper, "tamper"));
        return this;
    }

    /**
     * Alters the body of every answer to a service request.
     *
     * @param tamper gets the body as received, returns the one passed back
     * @return this
     */
    public SandboxGatewayFaults tamperResponseBody(UnaryOperator<byte[]> tamper) {
        plan.responseBody(Objects.requireNonNull(tamper, "tamper"));
        return this;
    }

    /**
     * Alters one header of every answer to a service request.
     *
     * @param name the header name
     * @param tamper gets the value as received (null when absent), returns the new one (null removes it)
     * @return this
     */
    public SandboxGatewayFaults tamperResponseHeader(String name, UnaryOperator<@Nullable String> tamper) {
        plan.responseHeader(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tamper, "tamper"));
        return this;
    }

    /** {@return failures still queued, counted in requests} */
    public int pending() {
        return plan.pending();
    }

    /**
     * Removes every queued failure and every tampering hook.
     *
     * @return this
     */
    public SandboxGatewayFaults clear() {
        plan.clear();
        return this;
    }

    private static int count(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times: at least one");
        }
        return times;
    }
}
