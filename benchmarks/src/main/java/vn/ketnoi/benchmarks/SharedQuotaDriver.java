package vn.ketnoi.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.ResilienceOptions;
import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.GatewayCredentials;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.redis.RedisRateLimitStore;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxGateway;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * One agency quota for four client JVMs (docs/scale.md): a sandbox behind a gateway with a quota
 * of {@code Q} requests a second, a Redis server of its own, and four separate client processes,
 * each asking {@code 3Q/4} lookups a second at a steady pace (three times the quota in all), each
 * configured with {@code rateLimit(Q, 1 s)} and a {@link RedisRateLimitStore}. Counted at the
 * gateway: requests forwarded per second over the run, and its 429s.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" vn.ketnoi.benchmarks.SharedQuotaDriver [Q] [seconds]
 * </pre>
 */
public final class SharedQuotaDriver {
    private static final String APP = "portal";

    private SharedQuotaDriver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("client")) {
            client(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        int quota = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int clients = 4;
        int port = freePort();
        Process redis = new ProcessBuilder(System.getenv().getOrDefault("REDIS_SERVER_BINARY", "/usr/bin/redis-server"),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        waitForPort(port);
        Path dir = Files.createTempDirectory("ketnoi-quota");
        try (KetnoiSandbox sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
             SandboxGateway gateway = SandboxGateway.builder().name("lgsp").inFrontOf(sandbox).pathPrefix("/lgsp")
                     .application(APP, "portal-secret", sandbox.defaultAgency().id()).quota(quota).start()) {
            Path settings = write(dir, sandbox, gateway, "redis://127.0.0.1:" + port);
            List<Process> children = new ArrayList<>();
            int demand = 3 * quota / clients; // each client's share of three times the quota
            for (int i = 0; i < clients; i++) {
                children.add(new ProcessBuilder("java", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        SharedQuotaDriver.class.getName(), "client", settings.toString(), Integer.toString(quota),
                        Integer.toString(demand), Integer.toString(seconds))
                        .redirectError(dir.resolve("client-" + i + ".err").toFile()).start());
            }
            // Each client warms up (JVM, token, keys, Redis connection) and says "ready"; all start together.
            List<BufferedReader> outs = new ArrayList<>();
            for (Process p : children) {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("ready")) {
                    System.out.println("  client: " + line);
                }
                if (line == null) {
                    throw new IllegalStateException("a client ended before it was ready: "
                            + Files.readString(dir.resolve("client-" + outs.size() + ".err")));
                }
                outs.add(out);
            }
            Thread.sleep(1500); // the gateway's bucket refills after the warm-up calls
            for (Process p : children) {
                p.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
            }
            // Counted at the gateway, once every client is under way (after the first two seconds).
            Thread.sleep(2000);
            long f0 = gateway.stats().forwarded(vn.ketnoi.population.PopulationClient.SERVICE);
            long r0 = gateway.stats().refused("quota_exceeded");
            long t0 = System.nanoTime();
            Thread.sleep((seconds - 3) * 1000L);
            long f1 = gateway.stats().forwarded(vn.ketnoi.population.PopulationClient.SERVICE);
            long r1 = gateway.stats().refused("quota_exceeded");
            double window = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> outcomes = new TreeMap<>();
            for (int i = 0; i < children.size(); i++) {
                Process p = children.get(i);
                try (BufferedReader out = outs.get(i)) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.startsWith("outcomes ")) {
                            for (String kv : line.substring(9).split(" ")) {
                                String[] parts = kv.split("=");
                                outcomes.merge(parts[0], Long.parseLong(parts[1]), Long::sum);
                            }
                        } else {
                            System.out.println("  client: " + line);
                        }
                    }
                }
                p.waitFor(60, TimeUnit.SECONDS);
            }
            double rate = (f1 - f0) / window;
            System.out.printf("quota %d/s at the gateway; %d client JVMs asking %d/s each (%d/s in all, %.1fx the quota) for %d s%n",
                    quota, clients, demand, demand * clients, demand * clients / (double) quota, seconds);
            System.out.printf("at the gateway over %.1f s of steady load: %d forwarded = %.2f/s (%.1f %% of the quota), %d refused with 429%n",
                    window, f1 - f0, rate, 100 * rate / quota, r1 - r0);
            System.out.printf("whole run at the gateway: %d forwarded, %d refused with 429; client outcomes %s%n",
                    gateway.stats().forwarded(vn.ketnoi.population.PopulationClient.SERVICE),
                    gateway.stats().refused("quota_exceeded"), outcomes);
            System.out.println(rate <= quota * 1.05 ? "WITHIN quota + 5 %" : "OVER quota + 5 %");
        } finally {
            redis.destroy();
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** What a client process needs; the throw-away sandbox key in a file only its owner reads. */
    private static Path write(Path dir, KetnoiSandbox sandbox, SandboxGateway gateway, String redis) throws IOException {
        SandboxAgency a = sandbox.defaultAgency();
        SyntheticCitizen c = sandbox.population().anyLiving();
        Properties p = new Properties();
        p.setProperty("endpoint", sandbox.baseUri().toString());
        p.setProperty("issuer", sandbox.issuer());
        p.setProperty("agency", a.id());
        p.setProperty("keyId", a.keyId());
        p.setProperty("keyAlgorithm", a.privateKey().getAlgorithm());
        p.setProperty("key", Base64.getEncoder().encodeToString(a.privateKey().getEncoded()));
        p.setProperty("population", gateway.serviceUrl(PopulationClient.SERVICE).toString());
        p.setProperty("token", gateway.passThroughUrl(SandboxGateway.PROVIDER_TOKEN_PATH).toString());
        p.setProperty("jwks", gateway.passThroughUrl(SandboxGateway.PROVIDER_JWKS_PATH).toString());
        p.setProperty("gateway", gateway.url().toString());
        p.setProperty("gatewayToken", gateway.tokenUrl().toString());
        p.setProperty("redis", redis);
        p.setProperty("id", c.idNumber());
        p.setProperty("name", c.fullName());
        p.setProperty("birth", c.birthDate().toString());
        Path file = dir.resolve("client.properties");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    /** One client JVM: {@code demand} lookups a second, paced, on eight threads, for {@code seconds}. */
    private static void client(Path settings, int quota, int demand, int seconds) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(settings)) {
            p.load(in);
        }
        PrivateKey key = KeyFactory.getInstance(p.getProperty("keyAlgorithm"))
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(p.getProperty("key"))));
        try (RedisRateLimitStore store = RedisRateLimitStore.builder().uri(p.getProperty("redis"))
                .namespace(p.getProperty("agency")).whenUnreachableRefuse().build()) {
            ClientConfig config = ClientConfig.builder().endpoint(URI.create(p.getProperty("endpoint")))
                    .agencyId(p.getProperty("agency")).credentials(AgencyCredentials.of(p.getProperty("keyId"), key,
                            List.of()))
                    .providerIssuer(p.getProperty("issuer")).proxy(ProxyOptions.none())
                    .route(PopulationClient.SERVICE, URI.create(p.getProperty("population")))
                    .tokenEndpoint(URI.create(p.getProperty("token"))).jwksUri(URI.create(p.getProperty("jwks")))
                    .gateway(Gateway.builder().name("lgsp").url(URI.create(p.getProperty("gateway")))
                            .credentials(GatewayCredentials.keyAndSecret(URI.create(p.getProperty("gatewayToken")),
                                    APP, "portal-secret")).build())
                    .resilience(ResilienceOptions.builder().maxAttempts(1).circuitBreaker(false)
                            .rateLimit(quota, Duration.ofSeconds(1)).rateLimitMaxWait(Duration.ofMillis(200))
                            .rateLimitStore(store).build())
                    .build();
            LookupRequest lookup = LookupRequest.builder().idNumber(p.getProperty("id")).fullName(p.getProperty("name"))
                    .birthDate(java.time.LocalDate.parse(p.getProperty("birth"))).fields(CitizenField.FULL_NAME)
                    .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.bench")).build();
            Map<String, Long> outcomes = new ConcurrentHashMap<>();
            try (PopulationClient client = PopulationClient.create(config)) {
                // Token, keys, the Redis connection (its first handshake may outlast the command timeout).
                for (int attempt = 1; ; attempt++) {
                    try {
                        client.lookup(lookup);
                        break;
                    } catch (KetnoiException e) {
                        if (attempt == 30) {
                            throw e;
                        }
                        Thread.sleep(1000);
                    }
                }
                System.out.println("ready");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
                int threads = 8;
                long interval = TimeUnit.SECONDS.toNanos(1) * threads / demand;
                long start = System.nanoTime();
                long end = start + TimeUnit.SECONDS.toNanos(seconds);
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long first = start + interval * t / threads;
                    Thread w = new Thread(() -> {
                        for (long next = first; next < end; next += interval) {
                            long pause = next - System.nanoTime();
                            if (pause > 0) {
                                try {
                                    TimeUnit.NANOSECONDS.sleep(pause);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                            String outcome;
                            try {
                                client.lookup(lookup);
                                outcome = "ok";
                            } catch (KetnoiException e) {
                                outcome = e.errorCode();
                            }
                            outcomes.merge(outcome, 1L, Long::sum);
                        }
                    });
                    w.start();
                    workers.add(w);
                }
                for (Thread w : workers) {
                    w.join();
                }
            }
            StringBuilder line = new StringBuilder("outcomes");
            outcomes.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
            System.out.println(line);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(25);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }
}
