package vn.ketnoi.kafka.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.population.ChangeCursor;
import vn.ketnoi.population.ChangeEvent;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.IntegratedField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.SourceField;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxClients;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * The connectors on a real Kafka in the JVM: Kafka's own test kit starts a KRaft broker and a
 * Connect cluster of two workers (exactly-once source support enabled) once for the class; the
 * connectors call the sandbox over HTTP, and what they applied is counted at the sandbox.
 */
class ConnectorsTest {
    static final String OPERATOR = "VN:system.sync";
    static final String HASH_KEY = "a-test-hmac-key-of-32-characters";

    @TempDir
    static Path dir;
    static KetnoiSandbox sandbox;
    static EmbeddedConnectCluster connect;
    static Path secrets;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
        Map<String, String> worker = new HashMap<>();
        worker.put("exactly.once.source.support", "enabled");
        worker.put("offset.flush.interval.ms", "500");
        // A dead worker's share is handed to the others after 2 s, not the default 5 minutes.
        worker.put("scheduled.rebalance.max.delay.ms", "2000");
        worker.put("config.providers", "file");
        worker.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        java.util.Properties broker = new java.util.Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        // Retention passes every half second instead of every 5 minutes: a record the broker would
        // delete as too old (an event time as its timestamp) is gone before the test reads it.
        broker.put("log.retention.check.interval.ms", "500");
        connect = new EmbeddedConnectCluster.Builder().name("ketnoi-connect").numWorkers(2).numBrokers(1)
                .workerProps(worker).brokerProps(broker).build();
        connect.start();
        connect.assertions().assertAtLeastNumWorkersAreUp(2, "workers did not start");
        secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "p12-password=changeit-p12\nhash-key=" + HASH_KEY + "\n");
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The SDK's keys for the sandbox's default agency; the PKCS#12 password through the file config provider. */
    static Map<String, String> sdk() throws IOException {
        Map<String, String> c = sdk(sandbox, dir, "${file:" + secrets + ":p12-password}");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    /** The SDK's keys for a sandbox's default agency, with the PKCS#12 password as given (plain or a provider reference). */
    static Map<String, String> sdk(KetnoiSandbox provider, Path folder, String p12Password) throws IOException {
        SandboxAgency agency = provider.defaultAgency();
        Path p12 = folder.resolve("agency.p12");
        if (!Files.exists(p12)) {
            agency.writePkcs12(p12, "changeit-p12".toCharArray());
        }
        Map<String, String> c = new HashMap<>();
        c.put("ketnoi.endpoint", provider.baseUri().toString());
        c.put("ketnoi.agency-id", agency.id());
        c.put("ketnoi.provider-issuer", provider.issuer());
        c.put("ketnoi.proxy.enabled", "false");
        c.put("ketnoi.credentials.key-id", agency.keyId());
        c.put("ketnoi.credentials.pkcs12.path", p12.toString());
        c.put("ketnoi.credentials.pkcs12.password", p12Password);
        c.put("ketnoi.connect.operator-id", OPERATOR);
        return c;
    }

    /** Refusals to the dead-letter topic {@code dlq}, with their reasons in headers. */
    static Map<String, String> withDeadLetters(Map<String, String> c, String dlq) {
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq);
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        return c;
    }

    /** The source connector on a topic of 3 partitions; the HMAC key through the file config provider. */
    static Map<String, String> source(String topic, int batch, int pollMs) throws IOException {
        Map<String, String> c = sdk();
        c.put("connector.class", ChangeFeedSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topic", topic);
        c.put("ketnoi.connect.topic.partitions", "3");
        c.put("ketnoi.connect.batch-size", Integer.toString(batch));
        c.put("ketnoi.connect.poll-interval-ms", Integer.toString(pollMs));
        c.put("ketnoi.connect.subject-hash-key", "${file:" + secrets + ":hash-key}");
        return c;
    }

    /** The sink connector, one task, applying the topic's records with {@code apply}. */
    static Map<String, String> sink(String topic, String apply) throws IOException {
        Map<String, String> c = sdk();
        c.put("connector.class", KetnoiSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("ketnoi.connect.apply", apply);
        return c;
    }

    /** The sink connector issuing e-documents, signed with a key the sandbox's wallet certified. */
    static Map<String, String> sink(String topic) throws Exception {
        Map<String, String> c = sink(topic, "edocument-issuance");
        c.put("ketnoi.edocuments.signing-key.key-id", "connect-signing-1");
        c.put("ketnoi.edocuments.signing-key.pem.key", signingKey()[0].toString());
        c.put("ketnoi.edocuments.signing-key.pem.chain", signingKey()[1].toString());
        return c;
    }

    // ---- source ----

    @Test
    void theSourceResumesAfterItsWorkerIsKilledWithoutLosingAnEvent() throws Exception {
        String topic = "population-changes";
        // The topic keeps the default 7-day retention, checked every half second (brokerProps): the
        // feed's events date from 2025, and a record stamped with its event's time would be deleted
        // as soon as it was written.
        connect.kafka().createTopic(topic, 3);
        Set<String> feed = allEventIds();
        Map<String, String> c = source(topic, 20, 200);
        // The SDK's rate limit inside the task: 4 reads a second, so that the kill falls mid-stream.
        c.put("ketnoi.resilience.rate-limit.permits", "4");
        c.put("ketnoi.resilience.rate-limit.period", "1s");
        c.put("ketnoi.resilience.rate-limit.max-wait", "2s");
        c.put("exactly.once.support", "required");
        connect.configureConnector("feed", c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("feed", 1, "the source did not start");

        List<ConsumerRecord<byte[], byte[]>> first = committed(40, 60_000, topic);
        assertTrue(first.size() >= 40 && first.size() < feed.size(), "killed mid-stream: " + first.size());
        WorkerHandle running = workerOf("feed");
        connect.removeWorker(running); // the task's worker dies; the group rebalances onto the other
        connect.assertions().assertExactlyNumWorkersAreUp(1, "the worker was not removed");
        connect.addWorker();
        connect.assertions().assertAtLeastNumWorkersAreUp(2, "the worker did not come back");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("feed", 1, "the source did not resume");

        List<ConsumerRecord<byte[], byte[]>> all = owed(topic, feed);
        Set<String> ids = new HashSet<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : all) {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            ids.add(id);
            String hash = header(r, ChangeFeedSourceTask.SUBJECT_HASH_HEADER);
            assertEquals(64, hash.length());
            Integer before = partitionOf.put(hash, r.partition());
            assertTrue(before == null || before == r.partition(), "one citizen, one partition");
            String value = new String(r.value(), StandardCharsets.UTF_8);
            assertTrue(value.contains("\"eventId\":\"" + id + "\""), "key is the event id");
        }
        assertEquals(feed, ids, "every event of the feed, none lost");
        assertEquals(feed.size(), all.size(), "exactly once (read committed): no event twice");
        for (ConsumerRecord<byte[], byte[]> r : all) {
            // The key and the header never carry the ID number.
            String value = new String(r.value(), StandardCharsets.UTF_8);
            String idNumber = value.replaceAll(".*\"idNumber\":\"([0-9]+)\".*", "$1");
            assertFalse(new String(r.key(), StandardCharsets.UTF_8).contains(idNumber));
            assertFalse(header(r, ChangeFeedSourceTask.SUBJECT_HASH_HEADER).contains(idNumber));
        }
        // Right after the leader changed, the new leader may answer "failed to write to config
        // topic, can be safely retried" (500): so we do.
        waitFor(() -> {
            try {
                connect.deleteConnector("feed");
                return true;
            } catch (org.apache.kafka.connect.runtime.rest.errors.ConnectRestException e) {
                return false;
            }
        }, 30_000, "the source was deleted");
    }

    static Set<String> allEventIds() {
        return allEventIds(sandbox);
    }

    /** The ids of every event of a sandbox's change feed, read with the SDK. */
    static Set<String> allEventIds(KetnoiSandbox sandbox) {
        Set<String> ids = new java.util.LinkedHashSet<>(); // in the feed's order
        try (PopulationClient population = PopulationClient.create(SandboxClients.configFor(sandbox,
                sandbox.defaultAgency(), vn.ketnoi.testkit.SandboxTopology.DIRECT))) {
            for (Paginator.Page<ChangeEvent> page : population.changeFeed(RequestContext.of(Purpose.REGISTER_MAINTENANCE, OPERATOR))
                    .events(ChangeCursor.beginning(), 1000).pages()) {
                page.items().forEach(e -> ids.add(e.eventId()));
            }
        }
        return ids;
    }

    // ---- sink ----

    @Test
    void theSinkAppliesEachRecordOnceUnderRedeliveryAndSendsRefusalsToTheDeadLetterTopic() throws Exception {
        String topic = "edocuments-in";
        String dlq = "edocuments-refused";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic(dlq, 1);
        String subject = sandbox.population().withVneidLevel(2).idNumber();
        int before = sandbox.wallet().countDocuments(subject);
        int n = 6;
        for (int i = 0; i < n; i++) {
            connect.kafka().produce(topic, "card-" + i, card("bhyt-connect-" + i, subject));
        }
        String deceased = sandbox.population().deceased().idNumber();
        connect.kafka().produce(topic, "card-refused", card("bhyt-connect-refused", deceased));
        connect.kafka().produce(topic, "card-malformed", "{\"type\":\"HEALTH_INSURANCE_CARD\"}");
        // The first issuance is stored, then its answer lost: the SDK's retry repeats it with the same key.
        sandbox.wallet().dropConnectionAfterStoring(1);

        Map<String, String> c = sink(topic);
        withDeadLetters(c, dlq);
        connect.configureConnector("issue", c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("issue", 1, "the sink did not start");

        waitFor(() -> sandbox.wallet().countDocuments(subject) >= before + n, 60_000, "the sink applied the records");
        ConsumerRecords<byte[], byte[]> refused = connect.kafka().consume(2, 60_000, dlq);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : refused) {
            reasons.put(new String(r.key(), StandardCharsets.UTF_8), header(r, "__connect.errors.exception.message"));
        }
        assertTrue(reasons.get("card-refused").startsWith("edocuments.subject-not-found"), reasons.toString());
        assertTrue(reasons.get("card-malformed").startsWith("record.malformed"), reasons.toString());
        assertFalse(reasons.get("card-refused").contains(deceased), "no ID number in the reason");

        // Redelivery of everything: the sink's offsets go back to the start, the task reads the topic again.
        waitForCommittedOffset("issue", n + 2);
        connect.stopConnector("issue");
        connect.assertions().assertConnectorIsStopped("issue", "the sink did not stop");
        connect.resetConnectorOffsets("issue");
        connect.resumeConnector("issue");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("issue", 1, "the sink did not resume");
        waitForCommittedOffset("issue", n + 2);
        assertEquals(before + n, sandbox.wallet().countDocuments(subject), "each record applied once, counted at the sandbox");
        assertEquals(4, connect.kafka().consume(4, 30_000, dlq).count(), "the topic was delivered again (refusals twice)");
        connect.deleteConnector("issue");
    }

    @Test
    void theSinkPushesEachRecordOnceUnderRedeliveryKeepsTheNewerValueAndSendsRejectionsToTheDeadLetterTopic()
            throws Exception {
        String topic = "pushes-in";
        String dlq = "pushes-refused";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic(dlq, 1);
        List<SyntheticCitizen> people = sandbox.population().citizens().stream()
                .filter(p -> !p.isDeceased() && p.hasFullBirthDate()).skip(100).limit(4).toList();
        String unknown = people.get(0).idNumber().substring(0, 6) + "000000";
        long before = sandbox.stats().pushesApplied();
        for (int i = 0; i < people.size(); i++) {
            connect.kafka().produce(topic, "push-" + i, push(people.get(i).idNumber(), "DN4%012d".formatted(i), MARCH));
        }
        // After the newer value, an older one for the same citizen: the provider keeps the newer.
        connect.kafka().produce(topic, "push-older", push(people.get(0).idNumber(), "DN4%012d".formatted(99), JANUARY));
        connect.kafka().produce(topic, "push-unknown", push(unknown, "DN4%012d".formatted(7), MARCH));

        Map<String, String> c = sink(topic, "population-push");
        c.put("ketnoi.connect.push.purpose", "HEALTH_INSURANCE");
        withDeadLetters(c, dlq);
        connect.configureConnector("push", c);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("push", 1, "the sink did not start");

        ConsumerRecords<byte[], byte[]> refused = connect.kafka().consume(1, 60_000, dlq);
        ConsumerRecord<byte[], byte[]> rejected = refused.iterator().next();
        assertEquals("push-unknown", new String(rejected.key(), StandardCharsets.UTF_8));
        String reason = header(rejected, "__connect.errors.exception.message");
        assertTrue(reason.startsWith("population.citizen-not-found"), reason);
        assertFalse(reason.contains(unknown) || reason.contains(unknown.substring(6)), "no ID number in the reason");
        waitForCommittedOffset("push", 6);
        assertEquals(before + 4, sandbox.stats().pushesApplied(), "four values written; the older one changed nothing");

        // Redelivery of everything: each record comes again under its key, nothing is written twice.
        connect.stopConnector("push");
        connect.assertions().assertConnectorIsStopped("push", "the sink did not stop");
        connect.resetConnectorOffsets("push");
        connect.resumeConnector("push");
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("push", 1, "the sink did not resume");
        waitForCommittedOffset("push", 6);
        assertEquals(2, connect.kafka().consume(2, 30_000, dlq).count(), "the topic was delivered again");
        assertEquals(before + 4, sandbox.stats().pushesApplied(), "each push applied once, counted at the sandbox");
        connect.deleteConnector("push");

        try (PopulationClient population = PopulationClient.create(SandboxClients.configFor(sandbox,
                sandbox.defaultAgency(), vn.ketnoi.testkit.SandboxTopology.DIRECT))) {
            SyntheticCitizen first = people.get(0);
            IntegratedField held = population.lookup(LookupRequest.builder().idNumber(first.idNumber())
                    .fullName(first.fullName()).birthDate(first.birthDate()).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.test")).fields(CitizenField.HEALTH_INSURANCE_NUMBER).build())
                    .integrated(SourceField.HEALTH_INSURANCE_NUMBER).orElseThrow();
            assertEquals("DN4%012d".formatted(0), held.value(), "the older as-of did not overwrite the newer value");
            assertEquals(MARCH, held.asOf());
        }
    }

    static final Instant JANUARY = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");

    /** A record of the population-push format (docs/push.md). */
    static String push(String idNumber, String card, Instant asOf) {
        return "{\"idNumber\":\"" + idNumber + "\",\"field\":\"HEALTH_INSURANCE_NUMBER\",\"value\":\"" + card
                + "\",\"asOf\":\"" + asOf + "\"}";
    }

    @Test
    void aBadConfigurationIsRefusedNamingTheKey() throws Exception {
        Map<String, String> c = sdk();
        c.put("connector.class", KetnoiSinkConnector.class.getName());
        c.put("topics", "x");
        c.put("ketnoi.connect.apply", "no.such.Applier");
        c.put("ketnoi.http.connect-timeout", "soon");
        ConfigInfos infos = connect.validateConnectorConfig(KetnoiSinkConnector.class.getSimpleName(), c);
        String errors = infos.configs().stream().flatMap(v -> v.configValue().errors().stream()).toList().toString();
        assertTrue(errors.contains("is neither edocument-issuance, population-push nor a class"), errors);
        c.put("ketnoi.connect.apply", "edocument-issuance");
        infos = connect.validateConnectorConfig(KetnoiSinkConnector.class.getSimpleName(), c);
        errors = infos.configs().stream().flatMap(v -> v.configValue().errors().stream()).toList().toString();
        assertTrue(errors.contains("ketnoi.http.connect-timeout"), errors);
        assertFalse(errors.contains("changeit-p12"), "no secret in a message: " + errors);
    }

    static String card(String documentId, String subject) {
        LocalDate today = LocalDate.now();
        return "{\"documentId\":\"" + documentId + "\",\"type\":\"HEALTH_INSURANCE_CARD\",\"subject\":\"" + subject
                + "\",\"issueDate\":\"" + today + "\",\"validFrom\":\"" + today + "\",\"validUntil\":\""
                + today.plusYears(1) + "\",\"payload\":{\"insuranceNumber\":\"0123456789\","
                + "\"facilityCode\":\"01-001\",\"benefitLevel\":4}}";
    }

    /** A document-signing key certified by the sandbox's wallet CA, as PEM files: [key, chain]. */
    static Path[] signingKey() throws Exception {
        Path key = dir.resolve("signing-key.pem");
        Path chain = dir.resolve("signing-chain.pem");
        if (!Files.exists(key)) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X509Certificate cert = sandbox.wallet().certify(sandbox.defaultAgency().id(), pair,
                    Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)));
            Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(chain, pem("CERTIFICATE", cert.getEncoded()));
        }
        return new Path[] {key, chain};
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    // ---- helpers ----

    static List<ConsumerRecord<byte[], byte[]>> committed(int n, long timeoutMs, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        connect.kafka().consume(n, timeoutMs, props, topic).forEach(out::add);
        return out;
    }

    /**
     * The topic's committed records, read until every event owed (by id) has arrived. When some
     * never arrive, the message says which, and whether the log holds them uncommitted (written in
     * a transaction not committed: a Kafka matter) or not at all (never written: the connector's).
     */
    static List<ConsumerRecord<byte[], byte[]>> owed(String topic, Set<String> owed) {
        List<ConsumerRecord<byte[], byte[]>> got = read(topic, "read_committed", owed, 60_000);
        Set<String> missing = new HashSet<>(owed);
        got.forEach(r -> missing.remove(new String(r.key(), StandardCharsets.UTF_8)));
        if (!missing.isEmpty()) {
            Set<String> inLog = new HashSet<>();
            read(topic, "read_uncommitted", missing, 5_000)
                    .forEach(r -> inLog.add(new String(r.key(), StandardCharsets.UTF_8)));
            inLog.retainAll(missing);
            throw new AssertionError(missing.size() + " of " + owed.size() + " events never reached a read_committed"
                    + " consumer; of those, " + inLog.size() + " are in the log uncommitted and "
                    + (missing.size() - inLog.size()) + " are not in the log (never written, or deleted by the broker: retention)");
        }
        return got;
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation, Set<String> until,
            long timeoutMs) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        Set<String> left = new HashSet<>(until);
        try (var consumer = connect.kafka().createConsumerAndSubscribeTo(
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), topic)) {
            long end = System.currentTimeMillis() + timeoutMs;
            while (!left.isEmpty() && System.currentTimeMillis() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r);
                    left.remove(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
            consumer.poll(Duration.ofMillis(500)).forEach(out::add); // a repeat after the last id counts too
        }
        return out;
    }

    static WorkerHandle workerOf(String connector) {
        ConnectorStateInfo status = connect.connectorStatus(connector);
        String workerId = status.tasks().get(0).workerId();
        // The id is host:port: "contains" would take the worker on port 3904 for the one on 39049.
        return connect.workers().stream().filter(w -> workerId.endsWith(":" + w.url().getPort()))
                .findFirst().orElseThrow();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    void waitForCommittedOffset(String connector, long offset) throws InterruptedException {
        waitFor(() -> {
            var offsets = connect.connectorOffsets(connector).offsets();
            return !offsets.isEmpty() && offsets.stream().anyMatch(o -> o.offset() != null
                    && o.offset().get("kafka_offset") instanceof Number x && x.longValue() >= offset);
        }, 60_000, "the sink committed its offsets");
    }

    static void waitFor(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(100);
        }
    }
}
