package vn.ketnoi.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import vn.ketnoi.micrometer.KetnoiMetrics;
import vn.ketnoi.micrometer.KetnoiObservations;

/**
 * Publishes the clients' resilience events as Micrometer meters ({@code ketnoi.retries},
 * {@code ketnoi.circuit.state}...) when the application has a {@link MeterRegistry} and
 * {@code sdk-micrometer} is on the class path; and observes every call
 * ({@value KetnoiObservations#NAME}: a timer, and a span with Micrometer Tracing) when it has an
 * {@link ObservationRegistry}, as Actuator gives it.
 */
// After the registries, named for both Boot lines (3.5's Actuator, 4's spring-boot-micrometer-metrics):
// ordering by a name that is not on the class path is harmless, and the class stays shared.
@AutoConfiguration(before = KetnoiAutoConfiguration.class,
        afterName = {"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
                "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, KetnoiMetrics.class})
@ConditionalOnProperty(prefix = "ketnoi", name = "endpoint")
public class KetnoiMetricsAutoConfiguration {

    /**
     * {@return the Micrometer listener of resilience events}
     *
     * @param registry the application's meter registry
     */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    public KetnoiMetrics ketnoiMetrics(MeterRegistry registry) {
        return KetnoiMetrics.of(registry);
    }

    /**
     * {@return the observation of each call, added to the clients' configuration}
     *
     * @param registry the application's observation registry
     */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(name = "ketnoiObservations")
    public KetnoiClientConfigCustomizer ketnoiObservations(ObservationRegistry registry) {
        KetnoiObservations observations = KetnoiObservations.of(registry);
        return observations::instrument;
    }
}
