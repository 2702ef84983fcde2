package vn.ketnoi.spring.boot;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import vn.ketnoi.civilstatus.CivilStatusClient;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.RateLimitStore;
import vn.ketnoi.core.ResilienceListener;
import vn.ketnoi.core.config.KetnoiSettings;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.edocuments.DocumentSigningKey;
import vn.ketnoi.vneid.edocuments.DocumentVerifier;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * Creates the Ketnoi clients from the {@code ketnoi.*} properties, once {@code ketnoi.endpoint}
 * is set: {@link KetnoiSettings}, the shared {@link ClientConfig} (with every
 * {@link ResilienceListener} bean and {@link KetnoiClientConfigCustomizer} applied), one
 * {@link KetnoiRuntime} the clients share (closed after them; every client's rate limit drawing on
 * the {@link RateLimitStore} bean when there is one), a
 * {@link PopulationClient}, a {@link VneidAuthClient} and, when {@code ketnoi.edocuments.operator-id}
 * is set, an {@link EdocumentsClient} signing with the application's {@link DocumentSigningKey} bean,
 * else the key of {@code ketnoi.edocuments.signing-key.*}, else the agency's key (which start-up
 * refuses unless its certificate is a document-signing one: protocol section 10.1); when
 * {@code ketnoi.edocuments.trust-anchors} is set, a {@link DocumentVerifier} trusting those
 * certificates. With sdk-exchange on the class path, an {@link ExchangeClient} (the generic
 * client: any service by its id); with sdk-civil-status and {@code ketnoi.civil-status.operator-id}
 * set, a {@link CivilStatusClient}. Every client is built the one way an application builds it,
 * {@code XxxClient.builder(runtime).settings(settings)...build()}. Each bean backs off when the
 * application defines its own. The clients are closed with the context.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "ketnoi", name = "endpoint")
public class KetnoiAutoConfiguration {

    /**
     * {@return the settings read from the {@code ketnoi.*} properties}
     *
     * @param environment the Spring environment holding them
     */
    @Bean
    @ConditionalOnMissingBean
    public KetnoiSettings ketnoiSettings(Environment environment) {
        return KetnoiEnvironment.load(environment);
    }

    /**
     * {@return the client configuration, with the application's resilience listeners and customizers applied}
     *
     * @param settings the settings read from the properties
     * @param listeners resilience listeners defined as beans, in order
     * @param customizers customizers defined as beans, applied in order
     * @param rateLimitStore the store every client's rate limit draws on, shared by every instance
     *        of the application ({@link KetnoiSharedQuotaAutoConfiguration}), if there is one
     */
    @Bean
    @ConditionalOnMissingBean
    public ClientConfig ketnoiClientConfig(KetnoiSettings settings, ObjectProvider<ResilienceListener> listeners,
                                           ObjectProvider<KetnoiClientConfigCustomizer> customizers,
                                           ObjectProvider<RateLimitStore> rateLimitStore) {
        ClientConfig.Builder b = settings.clientConfig().toBuilder();
        listeners.orderedStream().forEach(b::addResilienceListener);
        customizers.orderedStream().forEach(c -> c.customize(b));
        RateLimitStore store = rateLimitStore.getIfAvailable();
        // Last, so that it applies to the rate limits the customizers set too.
        return store == null ? b.build() : KetnoiSharedQuotaAutoConfiguration.shareQuota(b.build(), store);
    }

    /**
     * {@return one runtime for every client: one connection pool, one worker pool, one copy of the provider's keys}
     *
     * @param config the client configuration
     */
    @Bean
    @ConditionalOnMissingBean
    public KetnoiRuntime ketnoiRuntime(ClientConfig config) {
        return KetnoiRuntime.create(config);
    }

    /**
     * {@return the population database client, on the shared runtime and}
     * on the wire profile {@code ketnoi.population.wire} names (the Ketnoi protocol unless set;
     * {@code gateway-json} only with {@code ketnoi.population.accept-transport-only-integrity=true},
     * {@code docs/wire-profiles.md}).
     *
     * @param runtime the shared runtime
     * @param settings the loaded settings
     */
    @Bean
    @ConditionalOnMissingBean
    public PopulationClient ketnoiPopulationClient(KetnoiRuntime runtime, KetnoiSettings settings) {
        return PopulationClient.builder(runtime).settings(settings).build();
    }

    /** The VNeID clients; in a nested class so that an application without sdk-vneid still starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(VneidAuthClient.class)
    static class Vneid {

        @Bean
        @ConditionalOnMissingBean
        public VneidAuthClient ketnoiVneidAuthClient(KetnoiRuntime runtime, KetnoiSettings settings) {
            return VneidAuthClient.builder(runtime).settings(settings).build();
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "ketnoi.edocuments", name = "operator-id")
        public EdocumentsClient ketnoiEdocumentsClient(KetnoiRuntime runtime, KetnoiSettings settings,
                                                       ObjectProvider<DocumentSigningKey> signingKey) {
            ClientConfig config = runtime.config();
            // The API key's certificate is a TLS/request-signing one, which no verifier accepts on a
            // document: it is the last resort, and the builder refuses it unless it is a document-signing one.
            return EdocumentsClient.builder(runtime).settings(settings)
                    .signingKey(signingKey.getIfAvailable(() -> DocumentSigningKey.of(
                            settings.edocumentsSigningKey().orElse(config.credentials()))))
                    .build();
        }

        @Bean
        @ConditionalOnMissingBean
        @org.springframework.context.annotation.Conditional(TrustAnchorsSet.class)
        public DocumentVerifier ketnoiDocumentVerifier(KetnoiRuntime runtime, KetnoiSettings settings) {
            DocumentVerifier.Builder b = DocumentVerifier.builder(runtime).trustAnchors(settings.edocumentsTrustAnchors());
            settings.edocumentsStatusListMaxAge().ifPresent(b::statusListMaxAge);
            return b.build();
        }
    }

    /** The generic exchange client; nested so that an application without sdk-exchange still starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ExchangeClient.class)
    static class Exchange {

        @Bean
        @ConditionalOnMissingBean
        public ExchangeClient ketnoiExchangeClient(KetnoiRuntime runtime) {
            // Its token asks for every scope granted to the agency: nothing in the settings narrows it.
            return ExchangeClient.builder(runtime).build();
        }
    }

    /** The civil-status client; nested so that an application without sdk-civil-status still starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(CivilStatusClient.class)
    static class CivilStatus {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "ketnoi.civil-status", name = "operator-id")
        public CivilStatusClient ketnoiCivilStatusClient(KetnoiRuntime runtime, KetnoiSettings settings) {
            return CivilStatusClient.builder(runtime).settings(settings).build();
        }
    }

    /** {@code ketnoi.edocuments.trust-anchors} is set, as one comma-separated value or as a YAML list. */
    static final class TrustAnchorsSet implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(org.springframework.context.annotation.ConditionContext context,
                               org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            Environment e = context.getEnvironment();
            return e.containsProperty("ketnoi.edocuments.trust-anchors")
                    || e.containsProperty("ketnoi.edocuments.trust-anchors[0]");
        }
    }
}
