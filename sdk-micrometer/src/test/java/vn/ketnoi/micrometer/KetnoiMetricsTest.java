package vn.ketnoi.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import vn.ketnoi.core.ResilienceEvent;
import vn.ketnoi.core.ResilienceEvent.CircuitState;

/** The binding turns each kind of event into its meter, tagged by service, operation and code. */
class KetnoiMetricsTest {

    @Test
    void countsRetriesRejectionsAndTracksTheBreakerState() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        KetnoiMetrics metrics = KetnoiMetrics.of(registry);
        Instant now = Instant.now();
        metrics.onEvent(ResilienceEvent.retry(ResilienceEvent.Type.RETRY, "population", "population.lookup",
                "server.unavailable", 1, Duration.ofMillis(50), now));
        metrics.onEvent(ResilienceEvent.retry(ResilienceEvent.Type.RETRY, "population", "population.lookup",
                "server.unavailable", 2, Duration.ofMillis(90), now));
        metrics.onEvent(ResilienceEvent.retry(ResilienceEvent.Type.RETRY_SUPPRESSED, "population",
                "population.lookup", "transport.io", 1, Duration.ofMillis(10), now));
        metrics.onEvent(ResilienceEvent.rejected("population", "population.lookup", "client.circuit-open", now));
        metrics.onEvent(ResilienceEvent.stateChanged("population", CircuitState.CLOSED, CircuitState.OPEN, now));

        assertEquals(2.0, registry.get("ketnoi.retries").tag("service", "population")
                .tag("code", "server.unavailable").counter().count());
        assertEquals(1.0, registry.get("ketnoi.retries.suppressed").tag("code", "transport.io").counter().count());
        assertEquals(1.0, registry.get("ketnoi.rejections").tag("code", "client.circuit-open").counter().count());
        assertEquals(2.0, registry.get("ketnoi.circuit.state").tag("service", "population").gauge().value());

        metrics.onEvent(ResilienceEvent.stateChanged("population", CircuitState.OPEN, CircuitState.HALF_OPEN, now));
        metrics.onEvent(ResilienceEvent.stateChanged("population", CircuitState.HALF_OPEN, CircuitState.CLOSED, now));
        assertEquals(0.0, registry.get("ketnoi.circuit.state").tag("service", "population").gauge().value());
        assertEquals(1.0, registry.get("ketnoi.circuit.transitions").tag("to", "closed").counter().count());
    }
}
