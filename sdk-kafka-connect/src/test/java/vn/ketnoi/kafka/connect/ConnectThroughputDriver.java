package vn.ketnoi.kafka.connect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * Connector throughput and lag, run by hand (docs/scale.md), never in the build:
 * <pre>
 * mvn -B -q -pl sdk-kafka-connect -am test -Dtest=ConnectThroughputDriver -Dketnoi.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dsandbox.topologies.skip=true
 * </pre>
 * Prints to target/connect-throughput.txt: the source's events per second draining a backlog,
 * its lag (consumer receipt minus the event's time) under a steady stream of new events, and the
 * sink's issuances per second.
 */
@EnabledIfSystemProperty(named = "ketnoi.bench", matches = "true")
class ConnectThroughputDriver extends ConnectorsTest {
    static final int BACKLOG = 5000;
    static final int SINK_RECORDS = 500;

    @Test
    void measure() throws Exception {
        StringBuilder out = new StringBuilder();
        List<SyntheticCitizen> citizens = sandbox.population().citizens().stream()
                .filter(c -> !c.isDeceased()).toList();
        for (int i = 0; i < BACKLOG; i++) {
            sandbox.appendChange("NAME_CHANGE", citizens.get(i % citizens.size()));
        }
        int total = sandbox.changeCount();
        String topic = "bench-changes";
        connect.kafka().createTopic(topic, 3);
        Map<String, String> c = source(topic, 500, 100);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(connect)) {
            consumer.subscribe(List.of(topic));
            long start = System.nanoTime();
            connect.configureConnector("bench-feed", c);
            int seen = 0;
            while (seen < total) {
                seen += consumer.poll(java.time.Duration.ofMillis(200)).count();
                if (System.nanoTime() - start > 300_000_000_000L) {
                    throw new AssertionError("backlog not drained: " + seen);
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            out.append(String.format("source, backlog: %d events (240 scripted + %d appended) in %.1f s = %.0f events/s"
                    + " (batch 500, exactly-once on, connector start included)%n", total, BACKLOG, s, total / s));

            // Lag under load: 50 new events a second for 20 s, each timed from its occurrence to its receipt.
            List<Long> lags = Collections.synchronizedList(new ArrayList<>());
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    sandbox.appendChange("NAME_CHANGE", citizens.get(i % citizens.size()));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            producer.start();
            int got = 0;
            long end = System.nanoTime() + 60_000_000_000L;
            while (got < 1000 && System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(java.time.Duration.ofMillis(200))) {
                    lags.add(System.currentTimeMillis() - occurredAt(r.value()));
                    got++;
                }
            }
            producer.join();
            List<Long> sorted = new ArrayList<>(lags);
            Collections.sort(sorted);
            out.append(String.format("source, under load: %d new events at 50/s; lag (receipt - event time) p50 %d ms,"
                    + " p99 %d ms, max %d ms (poll interval 100 ms)%n", got, sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() * 99 / 100), sorted.get(sorted.size() - 1)));
        }
        connect.deleteConnector("bench-feed");

        String in = "bench-issuances";
        connect.kafka().createTopic(in, 1);
        String subject = sandbox.population().withVneidLevel(2).idNumber();
        int before = sandbox.wallet().countDocuments(subject);
        for (int i = 0; i < SINK_RECORDS; i++) {
            connect.kafka().produce(in, "k" + i, card("bench-" + i, subject));
        }
        Map<String, String> k = sink(in);
        long start = System.nanoTime();
        connect.configureConnector("bench-sink", k);
        waitFor(() -> sandbox.wallet().countDocuments(subject) >= before + SINK_RECORDS, 300_000, "sink drained");
        double s = (System.nanoTime() - start) / 1e9;
        out.append(String.format("sink: %d e-document issuances (one task, signed one by one) in %.1f s = %.0f records/s%n",
                SINK_RECORDS, s, SINK_RECORDS / s));
        connect.deleteConnector("bench-sink");
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/connect-throughput.txt"), out,
                StandardCharsets.UTF_8);
        System.out.print(out);
    }

    static KafkaConsumer<byte[], byte[]> consumer(EmbeddedConnectCluster connect) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** The event's time, from the value (the record's timestamp is the time it was streamed). */
    private static long occurredAt(byte[] value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"occurredAt\":\"([^\"]+)\"")
                .matcher(new String(value, StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new AssertionError("a feed record without occurredAt");
        }
        return java.time.Instant.parse(m.group(1)).toEpochMilli();
    }
}
