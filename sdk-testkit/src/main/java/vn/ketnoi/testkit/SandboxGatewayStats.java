package vn.ketnoi.testkit;

import java.util.Map;
import java.util.Objects;

import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.internal.gateway.Counters;

/**
 * Counts of a {@link SandboxGateway}, so that a test can show which requests went through and
 * which the gateway answered itself. Thread-safe; live (reads the current counts).
 */
public final class SandboxGatewayStats {
    private final Counters counters;

    SandboxGatewayStats(Counters counters) {
        this.counters = counters;
    }

    /**
     * {@return requests to this service forwarded to the next hop (whatever the next hop answered)}
     *
     * @param service a service id
     */
    public long forwarded(ServiceId service) {
        return counters.forwarded().getOrDefault(Objects.requireNonNull(service, "service").toString(), 0L);
    }

    /** {@return forwarded requests by service id or pass-through path} */
    public Map<String, Long> forwarded() {
        return counters.forwarded();
    }

    /**
     * Requests the gateway answered itself, by reason: {@code invalid_token},
     * {@code route_unknown}, {@code route_forbidden}, {@code quota_exceeded},
     * {@code request_too_large}, {@code upstream_unreachable}, {@code upstream_timeout},
     * {@code upstream_failed}, {@code token_refused} (its token endpoint), and for failures on
     * command {@code fault_html_502}, {@code fault_dropped}, {@code fault_delayed} (then forwarded
     * too), {@code fault_answer_lost} (forwarded, answer replaced) and {@code fault_<status>}.
     *
     * @return counts by reason
     */
    public Map<String, Long> refused() {
        return counters.refused();
    }

    /**
     * {@return how many requests were refused for this reason}
     *
     * @param reason one of the reasons of {@link #refused()}
     */
    public long refused(String reason) {
        return counters.refused().getOrDefault(reason, 0L);
    }

    /** {@return gateway tokens issued by its token endpoint} */
    public long tokensIssued() {
        return counters.tokensIssued();
    }

    /** Sets every count back to zero. */
    public void reset() {
        counters.reset();
    }

    @Override
    public String toString() {
        return "SandboxGatewayStats[forwarded=" + forwarded() + ", refused=" + refused() + ", tokens=" + tokensIssued()
                + "]";
    }
}
