package vn.ketnoi.micrometer;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.ResilienceListener;

/**
 * Publishes the SDK's resilience events as Micrometer meters. Register it on the client
 * configuration:
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *         ...
 *         .addResilienceListener(KetnoiMetrics.of(registry))
 *         .build();
 * }</pre>
 *
 * <p>Meters, each tagged with {@code service}:
 * <ul>
 *   <li>{@code ketnoi.retries} (counter; tags {@code operation}, {@code code}): retries made;</li>
 *   <li>{@code ketnoi.retries.suppressed} (counter; tags {@code operation}, {@code code}):
 *       retryable failures not retried (budget spent, deadline near, Retry-After too long);</li>
 *   <li>{@code ketnoi.rejections} (counter; tags {@code operation}, {@code code}): calls refused
 *       before sending ({@code client.circuit-open}, {@code client.bulkhead-full},
 *       {@code client.rate-limited});</li>
 *   <li>{@code ketnoi.circuit.state} (gauge): 0 closed, 1 half-open, 2 open;</li>
 *   <li>{@code ketnoi.circuit.transitions} (counter; tag {@code to}).</li>
 * </ul>
 * No personal data is ever a tag. Thread-safe.
 */
public final class KetnoiMetrics implements ResilienceListener {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();

    private KetnoiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * {@return a listener that records into {@code registry}}
     *
     * @param registry where the meters are registered
     */
    public static KetnoiMetrics of(MeterRegistry registry) {
        return new KetnoiMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void onEvent(ResilienceEvent event) {
        String service = event.service();
        String operation = event.operation().orElse("none");
        String code = event.errorCode().orElse("none");
        switch (event.type()) {
            case RETRY:
                counter("ketnoi.retries", "Retries made", service, operation, code).increment();
                break;
            case RETRY_SUPPRESSED:
                counter("ketnoi.retries.suppressed", "Retryable failures not retried", service, operation, code)
                        .increment();
                break;
            case REJECTED:
                counter("ketnoi.rejections", "Calls refused before sending", service, operation, code).increment();
                break;
            case CIRCUIT_STATE_CHANGED:
                ResilienceEvent.CircuitState to = event.toState().orElseThrow();
                state(service).set(to == ResilienceEvent.CircuitState.CLOSED ? 0
                        : to == ResilienceEvent.CircuitState.HALF_OPEN ? 1 : 2);
                Counter.builder("ketnoi.circuit.transitions").description("Circuit-breaker state changes")
                        .tag("service", service).tag("to", to.name().toLowerCase(java.util.Locale.ROOT))
                        .register(registry).increment();
                break;
            default:
                break;
        }
    }

    private Counter counter(String name, String description, String service, String operation, String code) {
        return Counter.builder(name).description(description)
                .tag("service", service).tag("operation", operation).tag("code", code)
                .register(registry);
    }

    private AtomicInteger state(String service) {
        return states.computeIfAbsent(service, s -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("ketnoi.circuit.state", value, AtomicInteger::get)
                    .description("Circuit-breaker state: 0 closed, 1 half-open, 2 open")
                    .tag("service", s).register(registry);
            return value;
        });
    }
}
