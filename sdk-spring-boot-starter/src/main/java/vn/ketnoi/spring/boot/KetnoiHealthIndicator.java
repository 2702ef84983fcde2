package vn.ketnoi.spring.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.ResilienceEvent;

/**
 * Actuator health of the Ketnoi clients, from their {@link ClientHealth} snapshots: nothing is
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
    private final Map<String, Supplier<ClientHealth>> clients;
    private final Duration warnBefore;
    private final Clock clock;

    /**
     * @param clients    the snapshots to report, by client name
     * @param warnBefore how long before the certificate's expiry to flag it
     * @param clock      the clock the remaining time is measured with
     */
    public KetnoiHealthIndicator(Map<String, Supplier<ClientHealth>> clients, Duration warnBefore, Clock clock) {
        super("Ketnoi health check failed");
        this.clients = Map.copyOf(clients);
        this.warnBefore = warnBefore;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean down = false;
        boolean soon = false;
        Instant now = clock.instant();
        for (String name : clients.keySet().stream().sorted().toList()) {
            ClientHealth h = clients.get(name).get();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("circuit", h.circuitState().map(Enum::name).orElse("DISABLED"));
            d.put("tokenFresh", h.tokenFresh());
            h.tokenExpiresAt().ifPresent(t -> d.put("tokenExpiresAt", t.toString()));
            if (h.certificateNotAfter().isPresent()) {
                Instant notAfter = h.certificateNotAfter().get();
                d.put("certificateNotAfter", notAfter.toString());
                d.put("certificateDaysLeft", Duration.between(now, notAfter).toDays());
                soon |= Duration.between(now, notAfter).compareTo(warnBefore) < 0;
            }
            h.lastErrorCode().ifPresent(code -> d.put("lastError", Map.of("code", code,
                    "at", h.lastErrorAt().orElseThrow().toString())));
            d.put("consecutiveFailures", h.consecutiveFailures());
            d.put("consecutiveAuthenticationFailures", h.consecutiveAuthenticationFailures());
            if (h.authenticationFailing()) {
                d.put("authenticationFailing", true);
            }
            down |= !h.isUp() || h.circuitState().filter(s -> s == ResilienceEvent.CircuitState.OPEN).isPresent();
            builder.withDetail(name, d);
        }
        builder.withDetail("certificateExpiresSoon", soon);
        if (down) {
            builder.down();
        } else {
            builder.up();
        }
    }

    /** {@return the client names reported, sorted} */
    public List<String> clientNames() {
        return clients.keySet().stream().sorted().toList();
    }
}
