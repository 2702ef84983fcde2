package vn.ketnoi.kafka.connect;

import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.redis.RedisRateLimitStore;

/**
 * The sink's rate limit ({@code ketnoi.resilience.rate-limit.*}) shared with every other instance
 * of the agency through Redis, when {@code ketnoi.connect.rate-limit.redis.uri} is set: every task
 * of every connector (and every application) with the same namespace draws from one quota.
 * Without it each task limits itself alone.
 */
final class SharedQuota implements AutoCloseable {
    static final String PREFIX = "ketnoi.connect.rate-limit.redis.";
    static final String URI = PREFIX + "uri";
    static final String PASSWORD = PREFIX + "password";
    static final String NAMESPACE = PREFIX + "namespace";
    static final String LOCAL_SHARE = PREFIX + "local-share-instances";

    private final @Nullable RedisRateLimitStore store;

    private SharedQuota(@Nullable RedisRateLimitStore store) {
        this.store = store;
    }

    /** Declares the keys. */
    static ConfigDef define(ConfigDef def) {
        return def.define(URI, ConfigDef.Type.STRING, null, ConfigDef.Importance.MEDIUM,
                        "Redis (redis://host:port or rediss://) holding the agency's quota shared by every instance;"
                                + " unset: each task applies ketnoi.resilience.rate-limit.* alone.")
                .define(PASSWORD, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
                        "Redis's password; give it through a config provider.")
                .define(NAMESPACE, ConfigDef.Type.STRING, null, ConfigDef.Importance.LOW,
                        "The quota's namespace; the agency id when unset.")
                .define(LOCAL_SHARE, ConfigDef.Type.INT, 0, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
                        "While Redis is unreachable: 0 refuses every call (retried by Connect later, the quota is never"
                                + " exceeded); n goes on with 1/n of the quota in the task's memory.");
    }

    /**
     * The store the configuration names, or none.
     *
     * @param config the connector's configuration (the password already resolved by the config provider)
     * @param agencyId the default namespace
     */
    static SharedQuota from(Map<String, String> config, String agencyId) {
        String uri = config.get(URI);
        if (uri == null || uri.isBlank()) {
            return new SharedQuota(null);
        }
        RedisRateLimitStore.Builder b = RedisRateLimitStore.builder().uri(uri)
                .namespace(config.getOrDefault(NAMESPACE, agencyId));
        String password = config.get(PASSWORD);
        if (password != null && !password.isEmpty()) {
            b.password(password.toCharArray());
        }
        int share = Integer.parseInt(config.getOrDefault(LOCAL_SHARE, "0").trim());
        if (share > 0) {
            b.whenUnreachableUseLocalShare(share);
        } else {
            b.whenUnreachableRefuse();
        }
        return new SharedQuota(b.build());
    }

    /** {@code config} with the service's rate limit drawn from the shared store, if there is one. */
    ClientConfig apply(ClientConfig config, String service) {
        if (store == null) {
            return config;
        }
        return config.toBuilder().resilience(service,
                config.resilience(service).toBuilder().rateLimitStore(store).build()).build();
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
