package vn.ketnoi.spring.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.RateLimitStore;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.redis.RedisRateLimitStore;

/**
 * One agency quota for every instance of the application: when {@code ketnoi.rate-limit.redis.uri}
 * is set and {@code sdk-redis} is on the class path, a {@link RedisRateLimitStore} bean (closed
 * with the context), which {@link KetnoiAutoConfiguration} gives every client it builds through
 * {@link ResilienceOptions.Builder#rateLimitStore}; an application's own {@link RateLimitStore}
 * bean takes its place. The rate stays {@code ketnoi.resilience.rate-limit.*} (the agency's quota).
 *
 * <p>The keys are those of the Kafka Connect connectors' {@code ketnoi.connect.rate-limit.redis.*},
 * under the starter's prefix: {@code uri}, {@code password} (or {@code password-file}, or the
 * variable {@code KETNOI_RATE_LIMIT_REDIS_PASSWORD}), {@code namespace} (the agency id when
 * unset), {@code local-share-instances} (0, the default, refuses calls while Redis is
 * unreachable; n goes on with 1/n of the quota) and {@code command-timeout}. They are the
 * starter's, not {@link ConfigLoader}'s: {@link KetnoiEnvironment} checks their names and keeps them
 * from the loader, which refuses keys it does not know.
 */
@AutoConfiguration(before = KetnoiAutoConfiguration.class)
@ConditionalOnProperty(prefix = "ketnoi.rate-limit.redis", name = "uri")
public class KetnoiSharedQuotaAutoConfiguration {
    static final String PREFIX = "ketnoi.rate-limit.redis.";
    private static final List<String> KEYS = List.of("uri", "password", "password-file", "namespace",
            "local-share-instances", "command-timeout");
    private static final String VARIABLE_PREFIX = ConfigLoader.environmentVariable(PREFIX);

    /**
     * Whether a property or {@code KETNOI_*} variable is one of this class's keys, which the
     * settings loader must not see.
     *
     * @throws ConfigurationException for an unknown key under the prefix: a misspelt key would
     *         otherwise leave every instance on a quota of its own, silently
     */
    static boolean ownsKey(String name, boolean variable) {
        String prefix = variable ? VARIABLE_PREFIX : PREFIX;
        if (!name.startsWith(prefix)) {
            return false;
        }
        for (String key : KEYS) {
            if (name.equals(variable ? ConfigLoader.environmentVariable(PREFIX + key) : PREFIX + key)) {
                return true;
            }
        }
        throw new ConfigurationException(name, (variable ? "unknown environment variable" : "unknown property")
                + " (the shared quota's keys are " + PREFIX + String.join(", " + PREFIX, KEYS) + ")");
    }

    /** The store on Redis; nested so that an application without sdk-redis still starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisRateLimitStore.class)
    static class Redis {

        @Bean
        @ConditionalOnMissingBean(RateLimitStore.class)
        public RedisRateLimitStore ketnoiRateLimitStore(Environment environment) {
            RedisRateLimitStore.Builder b = RedisRateLimitStore.builder().uri(environment.getProperty(PREFIX + "uri"));
            String namespace = environment.getProperty(PREFIX + "namespace", environment.getProperty("ketnoi.agency-id", ""));
            b.namespace(namespace);
            char[] password = password(environment);
            if (password != null) {
                b.password(password);
                Arrays.fill(password, '\0');
            }
            Binder binder = Binder.get(environment);
            int share = bind(binder, "local-share-instances", Integer.class, "is not a whole number", 0);
            if (share < 0) {
                throw new ConfigurationException(PREFIX + "local-share-instances", "must be 0 (refuse) or more");
            }
            if (share > 0) {
                b.whenUnreachableUseLocalShare(share);
            } else {
                b.whenUnreachableRefuse();
            }
            Duration timeout = bind(binder, "command-timeout", Duration.class,
                    "is not a duration (write 500ms, 2s or ISO-8601 such as PT2S)", null);
            if (timeout != null) {
                b.commandTimeout(timeout);
            }
            try {
                return b.build();
            } catch (ConfigurationException e) {
                throw e;
            } catch (InvalidInputException e) {
                // The builder names its own fields (redis.uri); the application wrote properties.
                String field = e.field().startsWith("redis.") ? e.field().substring("redis.".length()) : e.field();
                String key = switch (field) {
                    case "commandTimeout" -> "command-timeout";
                    case "namespace" -> "namespace (or ketnoi.agency-id)";
                    default -> field;
                };
                throw new ConfigurationException(PREFIX + key, e.problem(), e);
            }
        }

        private static <T> @Nullable T bind(Binder binder, String key, Class<T> type, String problem, @Nullable T otherwise) {
            try {
                return binder.bind(PREFIX + key, type).orElse(otherwise);
            } catch (BindException e) {
                throw new ConfigurationException(PREFIX + key, problem, e);
            }
        }

        /** The password, its file (without its final line break) or neither; never both. */
        private static char @Nullable [] password(Environment environment) {
            String value = environment.getProperty(PREFIX + "password");
            String file = environment.getProperty(PREFIX + "password-file");
            if (value != null && file != null) {
                throw new ConfigurationException(PREFIX + "password-file", "is set together with " + PREFIX
                        + "password: set only one");
            }
            if (file == null) {
                return value == null || value.isEmpty() ? null : value.toCharArray();
            }
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                return text.replaceFirst("\r?\n$", "").toCharArray();
            } catch (IOException | RuntimeException e) {
                throw new ConfigurationException(PREFIX + "password-file", "cannot read the file " + file, e);
            }
        }
    }

    /** {@code ketnoi.rate-limit.redis.uri} without sdk-redis: refused, not ignored, since each instance would keep its own quota. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("vn.ketnoi.redis.RedisRateLimitStore")
    static class NoRedis {

        @Bean
        @ConditionalOnMissingBean(RateLimitStore.class)
        public RateLimitStore ketnoiRateLimitStore() {
            throw new ConfigurationException(PREFIX + "uri", "is set, but vn.ketnoi:sdk-redis is not on the class"
                    + " path: add it as a dependency (or remove the property)");
        }
    }

    /**
     * {@code config} with {@code store} keeping the rate limit of every service, unless a service's
     * options name a store already.
     *
     * @throws ConfigurationException when no service has a rate limit: the store would not be used
     */
    static ClientConfig shareQuota(ClientConfig config, RateLimitStore store) {
        ClientConfig.Builder b = config.toBuilder();
        // A scope that is not one of the three services (exchange, civil status) reads the default options.
        ResilienceOptions defaults = config.resilience("*");
        boolean limited = defaults.rateLimitPermits() > 0;
        b.resilience(withStore(defaults, store));
        for (String service : ConfigLoader.SERVICES) {
            ResilienceOptions own = config.resilience(service);
            limited |= own.rateLimitPermits() > 0;
            b.resilience(service, withStore(own, store));
        }
        if (!limited) {
            throw new ConfigurationException("ketnoi.resilience.rate-limit.permits", "is required with a shared quota ("
                    + store.getClass().getSimpleName() + "): set the agency's quota, with ketnoi.resilience.rate-limit.period");
        }
        return b.build();
    }

    private static ResilienceOptions withStore(ResilienceOptions options, RateLimitStore store) {
        return options.rateLimitStore().isPresent() ? options : options.toBuilder().rateLimitStore(store).build();
    }
}
