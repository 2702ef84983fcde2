package vn.ketnoi.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.RateLimitStore;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.SharedQuotaUnavailableException;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.redis.RedisRateLimitStore;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * One agency quota for every instance of a Spring application: two application contexts (two
 * instances) pointed by {@code ketnoi.rate-limit.redis.*} at one real Redis server draw on one
 * quota, counted at the sandbox; an application's own {@link RateLimitStore} bean is used by every
 * client; and the shared quota's settings are checked at start-up.
 */
class KetnoiSharedQuotaTest {
    private static final String P12_PASSWORD = "changeit";
    private static final String REDIS_PASSWORD = "quota-test-redis-pw";
    /** The agency's quota: 5 an hour, so that nothing refills while the test runs and the count is exact. */
    private static final int QUOTA = 5;

    @TempDir
    static Path dir;
    static KetnoiSandbox sandbox;
    static Path p12;
    static Path redisPasswordFile;
    static Process redis;
    static int redisPort;

    @BeforeAll
    static void start() throws Exception {
        redis = startRedis();
        sandbox = KetnoiSandbox.builder().populationSize(20).build().start();
        p12 = dir.resolve("agency.p12");
        sandbox.defaultAgency().writePkcs12(p12, P12_PASSWORD.toCharArray());
        redisPasswordFile = dir.resolve("redis-password");
        Files.writeString(redisPasswordFile, REDIS_PASSWORD + "\n");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (sandbox != null) {
            sandbox.close();
        }
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KetnoiSharedQuotaAutoConfiguration.class, KetnoiAutoConfiguration.class));

    private static String[] properties(String... more) {
        List<String> p = new ArrayList<>(List.of(
                "ketnoi.endpoint=" + sandbox.baseUri(),
                "ketnoi.agency-id=" + sandbox.defaultAgency().id(),
                "ketnoi.provider-issuer=" + sandbox.issuer(),
                "ketnoi.credentials.pkcs12.path=" + p12,
                "ketnoi.credentials.pkcs12.password=" + P12_PASSWORD,
                "ketnoi.proxy.enabled=false",
                "ketnoi.resilience.rate-limit.permits=" + QUOTA,
                "ketnoi.resilience.rate-limit.period=1h",
                "ketnoi.resilience.rate-limit.max-wait=0s"));
        p.addAll(List.of(more));
        return p.toArray(String[]::new);
    }

    /** The shared quota's settings, in a namespace of the test's own. */
    private static String[] sharedQuota(String namespace, String... more) {
        List<String> p = new ArrayList<>(List.of(properties(
                "ketnoi.rate-limit.redis.uri=redis://127.0.0.1:" + redisPort,
                "ketnoi.rate-limit.redis.namespace=" + namespace,
                // A loaded build machine can be slow to answer the first script; the default is 500 ms.
                "ketnoi.rate-limit.redis.command-timeout=3s")));
        p.addAll(List.of(more));
        return p.toArray(String[]::new);
    }

    /** The application's environment variables, as the process would have them. */
    private static ApplicationContextRunner withVariables(ApplicationContextRunner runner, Map<String, Object> variables) {
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    private static String lookup(ApplicationContext context) {
        SyntheticCitizen c = sandbox.population().anyLiving();
        try {
            context.getBean(PopulationClient.class).lookup(LookupRequest.builder()
                    .idNumber(c.idNumber()).fullName(c.fullName()).birthDate(c.birthDate())
                    .fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.test")).build());
            return "ok";
        } catch (KetnoiException e) {
            return e.errorCode();
        }
    }

    @Test
    void twoInstancesOnOneRedisShareOneQuotaCountedAtTheSandbox() {
        // Instance A reads Redis's password from a file, instance B from its environment variable:
        // neither is refused by the SDK's own settings check, which knows no such key.
        ApplicationContextRunner a = runner.withPropertyValues(sharedQuota("starter-two-instances",
                "ketnoi.rate-limit.redis.password-file=" + redisPasswordFile));
        ApplicationContextRunner b = withVariables(runner.withPropertyValues(sharedQuota("starter-two-instances")),
                Map.of("KETNOI_RATE_LIMIT_REDIS_PASSWORD", REDIS_PASSWORD));
        List<RateLimitStore> stores = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long before = sandbox.stats().apiRequests();
        a.run(first -> b.run(second -> {
            assertThat(first).hasNotFailed().hasSingleBean(RedisRateLimitStore.class);
            assertThat(second).hasNotFailed().hasSingleBean(RedisRateLimitStore.class);
            for (ApplicationContext instance : List.of(first, second)) {
                RateLimitStore store = instance.getBean(RateLimitStore.class);
                stores.add(store);
                ClientConfig config = instance.getBean(ClientConfig.class);
                for (String scope : List.of("population", "vneid", "edocuments", "exchange")) {
                    assertThat(config.resilience(scope).rateLimitStore()).as(scope).containsSame(store);
                }
            }
            // Each instance asks the whole quota and more, in turn.
            for (int i = 0; i < QUOTA + 2; i++) {
                outcomes.merge(lookup(first), 1, Integer::sum);
                outcomes.merge(lookup(second), 1, Integer::sum);
            }
        }));
        assertThat(outcomes).as("one quota for both instances, not one each")
                .isEqualTo(Map.of("ok", QUOTA, "client.rate-limited", QUOTA + 4));
        assertThat(sandbox.stats().apiRequests() - before).as("calls the sandbox received").isEqualTo(QUOTA);
        // Closed with its context: a closed store refuses rather than reconnecting.
        assertThatThrownBy(() -> stores.get(0).reserve("population", 1, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(SharedQuotaUnavailableException.class);
    }

    @Test
    void anApplicationsRateLimitStoreBeanIsUsedByEveryClientInsteadOfRedis() {
        Set<String> scopes = ConcurrentHashMap.newKeySet();
        RateLimitStore refusing = (scope, permits, period, maxWait) -> {
            scopes.add(scope + " " + permits + "/" + period);
            return -1; // no permit in time
        };
        long before = sandbox.stats().apiRequests();
        runner.withPropertyValues(sharedQuota("starter-bean")).withBean(RateLimitStore.class, () -> refusing)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RateLimitStore.class)
                            .doesNotHaveBean(RedisRateLimitStore.class);
                    ClientConfig config = context.getBean(ClientConfig.class);
                    for (String scope : List.of("population", "vneid", "edocuments", "exchange")) {
                        assertThat(config.resilience(scope).rateLimitStore()).as(scope).containsSame(refusing);
                    }
                    assertThat(lookup(context)).isEqualTo("client.rate-limited");
                });
        assertThat(scopes).containsExactly("population " + QUOTA + "/PT1H");
        assertThat(sandbox.stats().apiRequests()).as("nothing sent").isEqualTo(before);
    }

    @Test
    void theSharedQuotasSettingsAreCheckedAtStartUpAndThePasswordIsNeverShown() {
        // A misspelt key would leave each instance with a quota of its own: refused, property or variable.
        runner.withPropertyValues(sharedQuota("starter-checks", "ketnoi.rate-limit.redis.url=redis://127.0.0.1:1"))
                .run(context -> assertThat(refusal(context)).startsWith("ketnoi.rate-limit.redis.url: unknown property"));
        withVariables(runner.withPropertyValues(properties()), Map.of("KETNOI_RATE_LIMIT_REDIS_URL", "redis://127.0.0.1:1"))
                .run(context -> assertThat(refusal(context)).startsWith("KETNOI_RATE_LIMIT_REDIS_URL: unknown environment variable"));
        // Without the agency's quota the store would never be asked.
        runner.withPropertyValues("ketnoi.endpoint=" + sandbox.baseUri(), "ketnoi.agency-id=" + sandbox.defaultAgency().id(),
                "ketnoi.credentials.pkcs12.path=" + p12, "ketnoi.credentials.pkcs12.password=" + P12_PASSWORD,
                "ketnoi.rate-limit.redis.uri=redis://127.0.0.1:1")
                .run(context -> assertThat(refusal(context)).startsWith("ketnoi.resilience.rate-limit.permits: is required"));
        // The URI set without sdk-redis: refused, not ignored.
        runner.withClassLoader(new FilteredClassLoader(RedisRateLimitStore.class))
                .withPropertyValues(sharedQuota("starter-checks"))
                .run(context -> assertThat(refusal(context)).startsWith("ketnoi.rate-limit.redis.uri: is set, but vn.ketnoi:sdk-redis"));
        runner.withPropertyValues(sharedQuota("starter-checks", "ketnoi.rate-limit.redis.password=" + REDIS_PASSWORD,
                        "ketnoi.rate-limit.redis.password-file=" + redisPasswordFile))
                .run(context -> assertThat(refusal(context)).startsWith("ketnoi.rate-limit.redis.password-file: is set together")
                        .doesNotContain(REDIS_PASSWORD));
        runner.withPropertyValues(sharedQuota("starter-checks", "ketnoi.rate-limit.redis.local-share-instances=-1"))
                .run(context -> assertThat(refusal(context)).startsWith("ketnoi.rate-limit.redis.local-share-instances"));
        runner.withPropertyValues(sharedQuota("starter-checks", "ketnoi.rate-limit.redis.local-share-instances=4",
                "ketnoi.rate-limit.redis.password=" + REDIS_PASSWORD)).run(context -> {
                    assertThat(context).hasNotFailed();
                    String shown = context.getBean(RateLimitStore.class).toString() + context.getBean(ClientConfig.class);
                    assertThat(shown).contains("local share 1/4").doesNotContain(REDIS_PASSWORD);
                });
    }

    /** The message of the Ketnoi refusal that stopped the context. */
    private static String refusal(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable t = context.getStartupFailure();
        while (t != null && !(t instanceof ConfigurationException)) {
            t = t.getCause();
        }
        assertThat(t).as("a ConfigurationException in %s", context.getStartupFailure()).isNotNull();
        return t.getMessage();
    }

    /** Debian's redis-server on a free loopback port, with a password (scripts/setup.sh ensure_redis installs it). */
    private static Process startRedis() throws IOException, InterruptedException {
        String binary = System.getenv().getOrDefault("REDIS_SERVER_BINARY", "/usr/bin/redis-server");
        if (!new File(binary).canExecute()) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("redis-server is missing at " + binary + ": scripts/test.sh installs it (ensure_redis)");
            }
            Assumptions.abort("redis-server is not installed (scripts/setup.sh ensure_redis installs it)");
        }
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            redisPort = s.getLocalPort();
        }
        Process p = new ProcessBuilder(binary, "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--requirepass", REDIS_PASSWORD)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", redisPort), 200);
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + redisPort);
    }
}
