package vn.ketnoi.kafka.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * A worker that really crashes: a Connect worker in its own JVM runs both connectors' tasks and
 * is killed with SIGKILL mid-stream, leaving an open transaction and offsets it never committed
 * (what {@code removeWorker}, a graceful stop, cannot show). A worker of the embedded cluster then
 * joins the group and takes the tasks over. The source's topic holds every event of the feed
 * exactly once for a read_committed consumer; the sink's pushes are each applied once, counted at
 * the sandbox. (The sandbox counts a value written: a push sent again, under its key or not, finds
 * its value held and is not counted, so this side catches a lost push, not a sink's wrong keys.)
 */
class WorkerCrashTest {
    static final String FEED_TOPIC = "crash-changes";
    static final String PUSH_TOPIC = "crash-pushes";
    static final int PUSHES = 24;

    @TempDir
    static Path dir;
    static KetnoiSandbox sandbox;
    static EmbeddedConnectCluster connect;
    static Map<String, String> worker = new HashMap<>();
    static Process crashing;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
        worker.put("group.id", "ketnoi-crash");
        worker.put("config.storage.topic", "ketnoi-crash-configs");
        worker.put("offset.storage.topic", "ketnoi-crash-offsets");
        worker.put("status.storage.topic", "ketnoi-crash-status");
        worker.put("config.storage.replication.factor", "1");
        worker.put("offset.storage.replication.factor", "1");
        worker.put("status.storage.replication.factor", "1");
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("plugin.discovery", "hybrid_fail");
        worker.put("exactly.once.source.support", "enabled");
        worker.put("offset.flush.interval.ms", "500");
        // A dead member leaves the group after 3 s (not 10 s), its share is handed on 1 s later.
        worker.put("session.timeout.ms", "3000");
        worker.put("heartbeat.interval.ms", "500");
        worker.put("scheduled.rebalance.max.delay.ms", "1000");
        // The same for the sink task's consumer group (the consumer's default session is 45 s).
        worker.put("consumer.session.timeout.ms", "3000");
        worker.put("consumer.heartbeat.interval.ms", "500");
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("group.min.session.timeout.ms", "1000"); // the default minimum, 6 s, refuses the 3 s above
        // No embedded worker yet: the process's worker must be alone when the tasks are assigned.
        connect = new EmbeddedConnectCluster.Builder().name("ketnoi-crash").numWorkers(0).numBrokers(1)
                .workerProps(new HashMap<>(worker)).brokerProps(broker).build();
        connect.start();
        Files.writeString(dir.resolve("secrets.properties"),
                "p12-password=changeit-p12\nhash-key=" + ConnectorsTest.HASH_KEY + "\n");
    }

    @AfterAll
    static void stop() {
        if (crashing != null) {
            crashing.destroyForcibly();
        }
        if (connect != null) {
            connect.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aWorkerKilledMidStreamLosesNothingAndRepeatsNothing() throws Exception {
        // Default retention: the records are stamped when streamed, not with their 2025 event times,
        // which the broker's first retention pass deleted (found by this test).
        connect.kafka().createTopic(FEED_TOPIC, 3);
        connect.kafka().createTopic(PUSH_TOPIC, 1);
        Set<String> feed = ConnectorsTest.allEventIds(sandbox);
        List<SyntheticCitizen> people = sandbox.population().citizens().stream()
                .filter(p -> !p.isDeceased() && p.hasFullBirthDate()).limit(PUSHES).toList();
        for (int i = 0; i < PUSHES; i++) {
            connect.kafka().produce(PUSH_TOPIC, "push-" + i,
                    ConnectorsTest.push(people.get(i).idNumber(), "DN4%012d".formatted(i), ConnectorsTest.MARCH));
        }
        long pushedBefore = sandbox.stats().pushesApplied();

        int port = startWorkerProcess();
        // Both connectors on the process's worker, throttled by the SDK's rate limit so that the
        // kill falls mid-stream: the feed at one page (20 events) a second, the pushes at two.
        put(port, "feed", source());
        put(port, "push", sink());
        waitFor(() -> runsOn(port, "feed") && runsOn(port, "push"), 60_000, "both tasks run on the process's worker");
        ConnectorsTest.waitFor(() -> readCommitted(500).size() >= 40
                && sandbox.stats().pushesApplied() >= pushedBefore + 4, 60_000, "both tasks stream");

        crashing.destroyForcibly(); // SIGKILL: no final commit, the open transaction stays open
        assertTrue(crashing.waitFor(10, TimeUnit.SECONDS), "the worker process died");
        int streamed = readCommitted(1_500).size();
        long applied = sandbox.stats().pushesApplied() - pushedBefore;
        assertTrue(streamed < feed.size() && applied < PUSHES,
                "killed mid-stream: " + streamed + " events, " + applied + " pushes");

        WorkerHandle survivor = connect.addWorker();
        String survivorId = ":" + survivor.url().getPort();
        ConnectorsTest.waitFor(() -> taskOn("feed", survivorId) && taskOn("push", survivorId), 60_000,
                "the dead worker's tasks were handed to the survivor");

        ConnectorsTest.waitFor(() -> sandbox.stats().pushesApplied() >= pushedBefore + PUSHES, 60_000,
                "every push applied");
        waitForSinkOffset(PUSHES);
        assertEquals(pushedBefore + PUSHES, sandbox.stats().pushesApplied(),
                "each push applied once after the crash, counted at the sandbox");

        List<ConsumerRecord<byte[], byte[]>> all = readUntil(feed, 60_000);
        Set<String> ids = all.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
        Set<String> missing = new HashSet<>(feed);
        missing.removeAll(ids);
        assertTrue(missing.isEmpty(), () -> missing.size() + " of " + feed.size() + " events never reached a read_committed"
                + " consumer (" + streamed + " committed when the worker was killed): " + whereAre(feed, missing));
        assertEquals(feed.size(), all.size(), "exactly once (read committed): no event twice");
    }

    // ---- the worker in its own JVM ----

    /** Starts a worker of the same group in a new JVM; its output goes to target/, not to the test log. */
    static int startWorkerProcess() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path target = Path.of("target");
        Properties p = new Properties();
        p.putAll(worker);
        p.put("bootstrap.servers", connect.kafka().bootstrapServers());
        p.put("listeners", "http://localhost:" + port);
        Path props = dir.resolve("crash-worker.properties");
        try (var out = Files.newBufferedWriter(props)) {
            p.store(out, null);
        }
        // Kafka at WARN, the SDK at INFO: no record content reaches this file.
        Path logback = target.resolve("crash-worker-logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.hc.client5.http.wire" level="OFF"/>
                  <logger name="org.apache.hc.client5.http.headers" level="OFF"/>
                  <logger name="vn.ketnoi" level="INFO"/>
                  <logger name="vn.ketnoi.http" level="DEBUG"/>
                  <logger name="org.apache.kafka.connect.runtime.ExactlyOnceWorkerSourceTask" level="DEBUG"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        crashing = new ProcessBuilder(java, "-Xmx384m", "-Dlogback.configurationFile=" + logback.toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.connect.cli.ConnectDistributed", props.toString())
                .redirectErrorStream(true)
                .redirectOutput(target.resolve("crash-worker.log").toFile())
                .start();
        Process started = crashing;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly)); // even if the test JVM is stopped
        waitFor(() -> get(port, "/connectors").statusCode() == 200, 60_000, "the process's worker is up");
        return port;
    }

    static Map<String, String> source() throws IOException {
        Map<String, String> c = sdk(1);
        c.put("connector.class", ChangeFeedSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topic", FEED_TOPIC);
        c.put("ketnoi.connect.topic.partitions", "3");
        c.put("ketnoi.connect.batch-size", "20");
        c.put("ketnoi.connect.poll-interval-ms", "200");
        c.put("ketnoi.connect.subject-hash-key", "${file:" + dir.resolve("secrets.properties") + ":hash-key}");
        c.put("exactly.once.support", "required");
        return c;
    }

    static Map<String, String> sink() throws IOException {
        Map<String, String> c = sdk(2);
        c.put("connector.class", KetnoiSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", PUSH_TOPIC);
        c.put("ketnoi.connect.apply", "population-push");
        c.put("ketnoi.connect.push.purpose", "HEALTH_INSURANCE");
        return c;
    }

    /** The SDK's keys, its rate limit at {@code perSecond} calls a second. */
    static Map<String, String> sdk(int perSecond) throws IOException {
        Map<String, String> c = ConnectorsTest.sdk(sandbox, dir, "${file:" + dir.resolve("secrets.properties") + ":p12-password}");
        c.put("ketnoi.resilience.rate-limit.permits", Integer.toString(perSecond));
        c.put("ketnoi.resilience.rate-limit.period", "1s");
        c.put("ketnoi.resilience.rate-limit.max-wait", "3s");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    // ---- REST of the process's worker (the embedded cluster's client only knows its own workers) ----

    static void put(int port, String name, Map<String, String> config) throws Exception {
        String json = config.entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/connectors/" + name + "/config"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        // 409 while the group rebalances: ask again.
        waitFor(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() / 100 == 2, 30_000,
                "the connector " + name + " was created");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean runsOn(int port, String connector) throws Exception {
        String body = get(port, "/connectors/" + connector + "/status").body();
        int tasks = body.indexOf("\"tasks\"");
        return tasks >= 0 && body.substring(tasks).matches("(?s).*\"state\":\"RUNNING\",\"worker_id\":\"[^\"]*:" + port + "\".*");
    }

    static boolean taskOn(String connector, String portSuffix) {
        ConnectorStateInfo status = connect.connectorStatus(connector);
        return status.tasks().size() == 1 && "RUNNING".equals(status.tasks().get(0).state())
                && status.tasks().get(0).workerId().endsWith(portSuffix);
    }

    // ---- what the topic and the sink's offsets hold ----

    /** What a read_committed consumer finds in the feed's topic within {@code ms}. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(long ms) {
        return read(FEED_TOPIC, "read_committed", ms);
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation, long ms) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = connect.kafka().createConsumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation))) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = System.currentTimeMillis() + ms;
            while (System.currentTimeMillis() < end) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    /** The committed records until every owed id arrived, then one more look so a repeat counts too. */
    static List<ConsumerRecord<byte[], byte[]>> readUntil(Set<String> owed, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        List<ConsumerRecord<byte[], byte[]>> got = readCommitted(1_000);
        while (!got.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet())
                .containsAll(owed) && System.currentTimeMillis() < end) {
            Thread.sleep(500);
            got = readCommitted(1_000);
        }
        return readCommitted(1_500);
    }

    /**
     * Where the missing events are: their places in the feed, whether the log holds them
     * uncommitted (a transaction not committed), and whether the broker deleted the log's start.
     */
    static String whereAre(Set<String> feed, Set<String> missing) {
        List<String> order = new ArrayList<>(feed);
        List<Integer> places = missing.stream().map(order::indexOf).sorted().toList();
        Set<String> inLog = new HashSet<>();
        List<ConsumerRecord<byte[], byte[]>> uncommitted = read(FEED_TOPIC, "read_uncommitted", 2_000);
        uncommitted.forEach(r -> inLog.add(new String(r.key(), StandardCharsets.UTF_8)));
        inLog.retainAll(missing);
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<TopicPartition, Long> starts = new HashMap<>();
        try (var consumer = connect.kafka().createConsumer(Map.of())) {
            ends.putAll(consumer.endOffsets(partitions()));
            starts.putAll(consumer.beginningOffsets(partitions()));
        }
        return "feed positions " + places + "; " + inLog.size() + " of them in the log uncommitted; "
                + uncommitted.size() + " records read_uncommitted; log start offsets " + starts + " (above 0: deleted by the broker), end offsets " + ends;
    }

    static List<TopicPartition> partitions() {
        return List.of(new TopicPartition(FEED_TOPIC, 0), new TopicPartition(FEED_TOPIC, 1), new TopicPartition(FEED_TOPIC, 2));
    }

    static void waitForSinkOffset(long offset) throws InterruptedException {
        ConnectorsTest.waitFor(() -> connect.connectorOffsets("push").offsets().stream().anyMatch(o -> o.offset() != null
                && o.offset().get("kafka_offset") instanceof Number x && x.longValue() >= offset), 60_000,
                "the sink committed its offsets");
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Like {@link ConnectorsTest#waitFor} for checks that may throw (a worker not yet listening). */
    static void waitFor(Check check, long timeoutMs, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet, or a rebalance: try again until the deadline
            }
            if (crashing != null && !crashing.isAlive() && crashing.exitValue() != 137) {
                throw new AssertionError("the worker process exited (" + crashing.exitValue() + "): see target/crash-worker.log");
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(200);
        }
    }
}
