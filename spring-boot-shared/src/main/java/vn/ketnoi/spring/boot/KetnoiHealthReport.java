package vn.ketnoi.spring.boot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

import vn.ketnoi.civilstatus.CivilStatusClient;
import vn.ketnoi.core.ClientHealth;
import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * What {@code KetnoiHealthIndicator} reports, without Actuator's types: Boot 3.5 and Boot 4 keep
 * their health API in different packages, so each starter's indicator is a few lines copying this
 * report into its own {@code Health.Builder}. The rules (DOWN, {@code certificateExpiresSoon}) are
 * documented on the indicator.
 */
final class KetnoiHealthReport {
    /** Certificates expiring within 30 days are flagged. */
    static final Duration WARN_BEFORE = Duration.ofDays(30);

    private final Map<String, Supplier<ClientHealth>> clients;
    private final Duration warnBefore;
    private final Clock clock;

    KetnoiHealthReport(Map<String, Supplier<ClientHealth>> clients, Duration warnBefore, Clock clock) {
        this.clients = Map.copyOf(clients);
        this.warnBefore = warnBefore;
        this.clock = clock;
    }

    /** The snapshots of the clients the context holds, by name: what the auto-configurations hand the indicator. */
    static Map<String, Supplier<ClientHealth>> clientsOf(ObjectProvider<PopulationClient> population,
                                                        ObjectProvider<VneidAuthClient> vneid,
                                                        ObjectProvider<EdocumentsClient> edocuments,
                                                        BeanFactory beans) {
        Map<String, Supplier<ClientHealth>> clients = new LinkedHashMap<>();
        population.ifAvailable(p -> clients.put("population", p::health));
        edocuments.ifAvailable(e -> clients.put("edocuments", e::health));
        // Optional modules: their classes are loaded only once known to be on the class path.
        if (present("vn.ketnoi.exchange.ExchangeClient")) {
            ExchangeHealth.add(beans, clients);
        }
        if (present("vn.ketnoi.civilstatus.CivilStatusClient")) {
            CivilStatusHealth.add(beans, clients);
        }
        vneid.ifAvailable(v -> clients.put("vneid", v::health));
        return clients;
    }

    private static boolean present(String className) {
        return ClassUtils.isPresent(className, KetnoiHealthReport.class.getClassLoader());
    }

    /** Names sdk-exchange's client: loaded only when that module is present. */
    private static final class ExchangeHealth {
        static void add(BeanFactory beans, Map<String, Supplier<ClientHealth>> clients) {
            beans.getBeanProvider(ExchangeClient.class).ifAvailable(x -> clients.put("exchange", x::health));
        }
    }

    /** Names sdk-civil-status's client: loaded only when that module is present. */
    private static final class CivilStatusHealth {
        static void add(BeanFactory beans, Map<String, Supplier<ClientHealth>> clients) {
            beans.getBeanProvider(CivilStatusClient.class).ifAvailable(c -> clients.put("civilStatus", c::health));
        }
    }

    /**
     * Hands each detail to {@code detail}, in a stable order.
     *
     * @return true when the clients are DOWN
     */
    boolean report(BiConsumer<String, Object> detail) {
        boolean down = false;
        boolean soon = false;
        Instant now = clock.instant();
        for (String name : clientNames()) {
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
            detail.accept(name, d);
        }
        detail.accept("certificateExpiresSoon", soon);
        return down;
    }

    List<String> clientNames() {
        return clients.keySet().stream().sorted().toList();
    }
}
