package vn.ketnoi.spring.boot;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import vn.ketnoi.core.ClientHealth;

/**
 * Actuator health (Boot 3.5's health API) of the Ketnoi clients, from their {@link ClientHealth} snapshots: nothing is
 * sent to the providers. Per client: the circuit-breaker state, whether an access token is cached
 * and when it expires, when the agency certificate expires and the days left, the last error (its
 * code and time, never personal data), the calls failed in a row and the authentication failures
 * in a row.
 *
 * <p>DOWN when a circuit is open, the agency certificate has expired, or the agency was refused
 * {@link ClientHealth#AUTHENTICATION_FAILURES_DOWN} times in a row (no call can succeed);
 * {@code ketnoi.certificateExpiresSoon=true} when fewer than {@code warnBefore} remain, which a
 * monitoring rule should page on. A missing token is normal before the first call.
 */
public class KetnoiHealthIndicator extends AbstractHealthIndicator {
    private final KetnoiHealthReport report;

    /**
     * @param clients    the snapshots to report, by client name
     * @param warnBefore how long before the certificate's expiry to flag it
     * @param clock      the clock the remaining time is measured with
     */
    public KetnoiHealthIndicator(Map<String, Supplier<ClientHealth>> clients, Duration warnBefore, Clock clock) {
        super("Ketnoi health check failed");
        this.report = new KetnoiHealthReport(clients, warnBefore, clock);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (report.report(builder::withDetail)) {
            builder.down();
        } else {
            builder.up();
        }
    }

    /** {@return the client names reported, sorted} */
    public List<String> clientNames() {
        return report.clientNames();
    }
}
