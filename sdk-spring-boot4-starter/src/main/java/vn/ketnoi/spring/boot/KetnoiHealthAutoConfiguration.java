package vn.ketnoi.spring.boot;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * Registers {@link KetnoiHealthIndicator} as the {@code ketnoi} health contributor when Actuator
 * is present ({@code management.health.ketnoi.enabled=false} turns it off). Certificates expiring
 * within 30 days are flagged.
 */
@AutoConfiguration(after = KetnoiAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ClientConfig.class)
@ConditionalOnEnabledHealthIndicator("ketnoi")
public class KetnoiHealthAutoConfiguration {
    /**
     * {@return the health indicator of the configured clients}
     *
     * @param config the client configuration (certificate expiry)
     * @param population the population client, if any
     * @param vneid the VNeID sign-in client, if any
     * @param edocuments the e-documents client, if any
     * @param beans where the clients of the optional modules (exchange, civil status) are looked up
     */
    @Bean(name = "ketnoiHealthIndicator")
    @ConditionalOnMissingBean(name = "ketnoiHealthIndicator")
    public KetnoiHealthIndicator ketnoiHealthIndicator(ClientConfig config, ObjectProvider<PopulationClient> population,
                                                       ObjectProvider<VneidAuthClient> vneid,
                                                       ObjectProvider<EdocumentsClient> edocuments,
                                                       BeanFactory beans) {
        return new KetnoiHealthIndicator(KetnoiHealthReport.clientsOf(population, vneid, edocuments, beans),
                KetnoiHealthReport.WARN_BEFORE, config.clock());
    }
}
