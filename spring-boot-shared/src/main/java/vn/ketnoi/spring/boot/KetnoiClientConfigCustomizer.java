package vn.ketnoi.spring.boot;

import vn.ketnoi.core.ClientConfig;

/**
 * A bean of this type adjusts the {@link ClientConfig} the starter builds from
 * {@code application.yml}, before any client is created: add interceptors (such as
 * {@code KetnoiTracing} of {@code sdk-opentelemetry}), a clock, a proxy computed at start-up.
 * Every {@code ResilienceListener} bean is added without one.
 */
@FunctionalInterface
public interface KetnoiClientConfigCustomizer {

    /**
     * @param builder the configuration being built; change it in place
     */
    void customize(ClientConfig.Builder builder);
}
