package vn.ketnoi.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import vn.ketnoi.core.RateLimitStore;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.SharedQuotaUnavailableException;

/**
 * The client-side rate limit kept on a Redis server, so that every instance of an agency's
 * application, in any process on any machine, draws on one quota: four instances each configured
 * with {@code rateLimit(20, 1 s)} and this store together send at most 20 calls a second, not 80.
 *
 * <pre>{@code
 * RedisRateLimitStore quota = RedisRateLimitStore.builder()
 *         .uri("redis://quota.agency.internal:6379")
 *         .namespace("000.00.00.H29")               // the agency: one quota per namespace and service
 *         .whenUnreachableUseLocalShare(4)          // or whenUnreachableRefuse()
 *         .build();
 * ClientConfig config = ClientConfig.builder()...
 *         .resilience(ResilienceOptions.builder().rateLimit(20, Duration.ofSeconds(1))
 *                 .rateLimitStore(quota).build())
 *         .build();
 * }</pre>
 *
 * <p>Each permit is one call of an atomic Lua script on the server (a token bucket kept as its
 * theoretical arrival time, GCRA): a single round trip, on the server's clock, so the instances'
 * clocks need not agree. The bucket holds {@code permits} at most, refills {@code permits} per
 * period, and a call that would exceed it reserves a later permit and waits for it, up to the
 * wait the caller accepts ({@link vn.ketnoi.core.ResilienceOptions#rateLimitMaxWait()}).
 *
 * <p><b>When Redis cannot be reached</b> (refused connection, no answer within
 * {@link Builder#commandTimeout}), the store follows its policy, chosen when built, and asks Redis
 * again only after {@link Builder#retryAfterFailure} so that an outage does not cost every call a
 * timeout:
 * <ul>
 *   <li>{@link Builder#whenUnreachableRefuse()} (the default): the call is refused with
 *       {@link SharedQuotaUnavailableException} ({@code client.rate-limit-unavailable},
 *       retryable, nothing sent). The quota is never exceeded; the service stops while Redis is down.</li>
 *   <li>{@link Builder#whenUnreachableUseLocalShare(int)}: each instance goes on alone with its
 *       share of the quota, {@code permits / expectedInstances}, kept in its memory. Together they
 *       stay within the quota as long as no more than {@code expectedInstances} run.</li>
 * </ul>
 * One WARN line on {@code vn.ketnoi.operations} when Redis is lost and one when it answers again.
 * The password never appears in {@link #toString()} or a log line. Thread-safe; close it when
 * the application stops.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {
    private static final Logger OPS = LoggerFactory.getLogger("vn.ketnoi.operations");

    // KEYS[1]: the bucket; ARGV: permits, period (µs), longest wait (µs). Returns the wait (µs) or -1.
    // The bucket is its theoretical arrival time (tat): a call conforms once tat + interval - period
    // is reached. Integers only: Lua's tostring would round a microsecond timestamp.
    private static final String SCRIPT = String.join("\n",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
            "local permits = tonumber(ARGV[1])",
            "local period = tonumber(ARGV[2])",
            "local maxWait = tonumber(ARGV[3])",
            "local interval = math.ceil(period / permits)",
            "local tat = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "if tat < now then tat = now end",
            "local wait = tat + interval - period - now",
            "if wait < 0 then wait = 0 end",
            "if wait > maxWait then return -1 end",
            "local next = tat + interval",
            "redis.call('SET', KEYS[1], string.format('%d', next), 'PX', math.ceil((next - now) / 1000) + 1000)",
            "return wait");

    private final RedisURI uri;
    private final String address;
    private final String namespace;
    private final int expectedInstances; // 0: refuse when unreachable
    private final Duration retryAfterFailure;
    private final LongSupplier nanos;
    private final Map<String, LocalShare> localShares = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private @Nullable RedisClient client;
    private @Nullable StatefulRedisConnection<String, String> connection;
    private @Nullable String digest;
    private volatile long downUntil;
    private volatile boolean down;
    private volatile boolean closed;

    private RedisRateLimitStore(Builder b, LongSupplier nanos) {
        if (b.uri == null) {
            throw new InvalidInputException("redis.uri", "is required (redis://host:port or rediss://host:port)");
        }
        if (b.namespace == null || b.namespace.isBlank() || !b.namespace.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw new InvalidInputException("redis.namespace",
                    "is required: 1 to 100 letters, digits, '.', '_', ':' or '-' (the agency id)");
        }
        RedisURI u;
        try {
            u = RedisURI.create(b.uri);
        } catch (RuntimeException e) {
            throw new InvalidInputException("redis.uri", "is not a redis:// or rediss:// URI");
        }
        if (b.password != null) {
            // What Lettuce 7's setAuthentication(char[]) does, in the API Lettuce 6 (Spring Boot 3.5's) has too.
            u.setCredentialsProvider(new StaticCredentialsProvider((String) null, b.password.clone()));
        }
        u.setTimeout(positive("redis.commandTimeout", b.commandTimeout, Duration.ofSeconds(10)));
        this.connectTimeout = positive("redis.connectTimeout", b.connectTimeout, Duration.ofSeconds(30));
        this.uri = u;
        this.address = (u.isSsl() ? "rediss://" : "redis://") + u.getHost() + ":" + u.getPort();
        this.namespace = b.namespace;
        this.expectedInstances = b.expectedInstances;
        this.retryAfterFailure = positive("redis.retryAfterFailure", b.retryAfterFailure, Duration.ofMinutes(10));
        this.nanos = nanos;
    }

    private final Duration connectTimeout;

    /** {@return a builder} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public long reserve(String scope, int permits, Duration period, Duration maxWait) {
        if (permits < 1 || period.isNegative() || period.isZero() || maxWait.isNegative()) {
            throw new InvalidInputException("rateLimit", "permits must be at least 1 and the period positive");
        }
        if (closed) {
            throw new SharedQuotaUnavailableException(scope, new IllegalStateException("closed"));
        }
        long now = nanos.getAsLong();
        if (down && now - downUntil < 0) {
            return fallback(scope, permits, period, maxWait, null);
        }
        try {
            long micros = evaluate(key(scope), permits, period, maxWait);
            if (down) {
                down = false;
                OPS.warn("Ketnoi shared quota: Redis at {} answers again; the quota is shared again", address);
            }
            return micros < 0 ? -1 : TimeUnit.MICROSECONDS.toNanos(micros);
        } catch (RuntimeException e) {
            downUntil = nanos.getAsLong() + retryAfterFailure.toNanos();
            if (!down) {
                down = true;
                OPS.warn("Ketnoi shared quota: Redis at {} cannot be reached ({}); {} for {} ms, then Redis is asked again",
                        address, e.getClass().getSimpleName(), expectedInstances == 0 ? "calls are refused"
                        : "each instance uses 1/" + expectedInstances + " of the quota", retryAfterFailure.toMillis());
            }
            return fallback(scope, permits, period, maxWait, e);
        }
    }

    private long fallback(String scope, int permits, Duration period, Duration maxWait, @Nullable Throwable cause) {
        if (expectedInstances == 0) {
            throw new SharedQuotaUnavailableException(scope, cause);
        }
        return localShares.computeIfAbsent(scope, s -> new LocalShare())
                .reserve(nanos.getAsLong(), permits, period, maxWait, expectedInstances);
    }

    private long evaluate(String key, int permits, Duration period, Duration maxWait) {
        RedisCommands<String, String> redis = commands();
        String[] keys = {key};
        String[] args = {Integer.toString(permits), Long.toString(micros(period)), Long.toString(micros(maxWait))};
        String sha = digest;
        if (sha == null) {
            sha = redis.digest(SCRIPT);
            digest = sha;
        }
        Long result;
        try {
            result = redis.evalsha(sha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            result = redis.eval(SCRIPT, ScriptOutputType.INTEGER, keys, args); // a restarted server forgot it
        }
        if (result == null) {
            throw new IllegalStateException("the rate-limit script returned nothing");
        }
        return result;
    }

    private RedisCommands<String, String> commands() {
        synchronized (lock) {
            if (connection == null) {
                if (client == null) {
                    client = RedisClient.create(uri);
                    client.setOptions(ClientOptions.builder()
                            .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                            .timeoutOptions(TimeoutOptions.enabled(uri.getTimeout()))
                            // A lost connection fails commands at once instead of queueing them.
                            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                            .autoReconnect(true)
                            .build());
                }
                connection = client.connect();
            }
            return connection.sync();
        }
    }

    private String key(String scope) {
        return "ketnoi:quota:" + namespace + ":" + scope;
    }

    private static long micros(Duration d) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(d.toNanos()));
    }

    private static Duration positive(String field, @Nullable Duration d, Duration max) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
            throw new InvalidInputException(field, "must be positive and at most " + max.toSeconds() + " s");
        }
        return d;
    }

    /** {@return whether the last attempt to reach Redis failed (the policy is in force)} */
    public boolean isRedisUnreachable() {
        return down;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                client = null;
            }
        }
    }

    @Override
    public String toString() {
        return "RedisRateLimitStore[" + address + ", namespace=" + namespace + ", whenUnreachable="
                + (expectedInstances == 0 ? "refuse" : "local share 1/" + expectedInstances) + "]";
    }

    /** This instance's share of the quota while Redis is unreachable: the same bucket, in memory. */
    private static final class LocalShare {
        private long tat;
        private boolean started;

        synchronized long reserve(long now, int permits, Duration period, Duration maxWait, int instances) {
            long window = period.toNanos();
            // permits / instances per period, but at least one: one permit every interval.
            long interval = (long) Math.ceil((double) window * instances / permits);
            long capacityWindow = Math.max(interval, window / instances);
            long t = started && tat - now > 0 ? tat : now;
            started = true;
            long wait = Math.max(0, t + interval - capacityWindow - now);
            if (wait > maxWait.toNanos()) {
                return -1;
            }
            tat = t + interval;
            return wait;
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private @Nullable String uri;
        private char @Nullable [] password;
        private @Nullable String namespace;
        private int expectedInstances;
        private Duration commandTimeout = Duration.ofMillis(500);
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration retryAfterFailure = Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * The Redis server: {@code redis://host:port} or {@code rediss://host:port} (TLS), with
         * {@code /database} if not 0. Required.
         *
         * @param uri the server's URI
         * @return this builder
         */
        public Builder uri(String uri) {
            this.uri = uri;
            return this;
        }

        /**
         * The server's password ({@code requirepass} or an ACL user's), copied; pass it from a
         * secret store, not from code.
         *
         * @param password the password
         * @return this builder
         */
        public Builder password(char[] password) {
            this.password = password == null ? null : password.clone();
            return this;
        }

        /**
         * The namespace of the quota, normally the agency id: instances with the same namespace
         * (and service) share one quota. Required.
         *
         * @param namespace 1 to 100 letters, digits, '.', '_', ':' or '-'
         * @return this builder
         */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * While Redis cannot be reached, refuse every call with {@link SharedQuotaUnavailableException}
         * (the default): the quota is never exceeded.
         *
         * @return this builder
         */
        public Builder whenUnreachableRefuse() {
            this.expectedInstances = 0;
            return this;
        }

        /**
         * While Redis cannot be reached, let each instance go on with {@code permits / expectedInstances}
         * of the quota, in its memory.
         *
         * @param expectedInstances how many instances share the quota, at least 1
         * @return this builder
         */
        public Builder whenUnreachableUseLocalShare(int expectedInstances) {
            if (expectedInstances < 1) {
                throw new InvalidInputException("redis.expectedInstances", "must be at least 1");
            }
            this.expectedInstances = expectedInstances;
            return this;
        }

        /**
         * How long one command may take (the script's round trip) before Redis counts as
         * unreachable; 500 ms by default (it also bounds the connection's handshake). It adds to a call's latency at worst once per
         * {@link #retryAfterFailure}.
         *
         * @param timeout positive, at most 10 s
         * @return this builder
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * How long connecting may take; 1 s by default.
         *
         * @param timeout positive, at most 30 s
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * How long the policy stays in force after Redis failed before Redis is asked again;
         * 1 s by default.
         *
         * @param pause positive, at most 10 minutes
         * @return this builder
         */
        public Builder retryAfterFailure(Duration pause) {
            this.retryAfterFailure = pause;
            return this;
        }

        /**
         * Builds the store. It connects on first use, so a Redis server down at start-up is the
         * policy's case, not a failure to start.
         *
         * @return the store
         * @throws InvalidInputException naming the setting that is missing or wrong
         */
        public RedisRateLimitStore build() {
            RedisRateLimitStore store = new RedisRateLimitStore(this, System::nanoTime);
            if (password != null) {
                Arrays.fill(password, '\0');
                password = null;
            }
            return store;
        }
    }
}
