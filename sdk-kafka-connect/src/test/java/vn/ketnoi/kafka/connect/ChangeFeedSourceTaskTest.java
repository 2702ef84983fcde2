package vn.ketnoi.kafka.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.ketnoi.testkit.KetnoiSandbox;

/**
 * The source task's offsets, without Kafka. Connect commits the offset of some prefix of the
 * records a task handed it: at least once, up to the last record the producer acknowledged, in
 * order, even in the middle of a poll; exactly once, up to the end of the last committed poll.
 * Whatever the prefix, a task started from its offset (as after a crash) delivers every event
 * after it, and repeats at most the page the prefix ended in.
 */
class ChangeFeedSourceTaskTest {
    static final int PAGE = 20;

    @TempDir
    static Path dir;
    static KetnoiSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aTaskStartedFromTheOffsetOfAnyRecordConnectCommittedLosesNoEvent() throws Exception {
        List<SourceRecord> handed = drain(null);
        List<String> feed = ids(handed);
        assertEquals(sandbox.changeCount(), feed.size(), "the first task delivers the whole feed");
        for (int k : List.of(1, PAGE - 1, PAGE, PAGE + 1, feed.size() - 1, feed.size())) {
            List<String> after = ids(drain(handed.get(k - 1).sourceOffset()));
            Set<String> lost = new HashSet<>(feed.subList(k, feed.size()));
            lost.removeAll(after);
            assertEquals(Set.of(), lost, "crash after record " + k + ": events lost");
            // The offset of a page's last record is the next page; any other record's, its own page.
            int resumesAt = k % PAGE == 0 ? k : k / PAGE * PAGE;
            assertEquals(feed.subList(resumesAt, feed.size()), after, "crash after record " + k);
        }
    }

    /** Every record a task started from {@code committed} hands Connect until the feed is caught up. */
    static List<SourceRecord> drain(@Nullable Map<String, ?> committed) throws Exception {
        Map<String, String> props = ConnectorsTest.sdk(sandbox, dir, "changeit-p12");
        props.put("topic", "population-changes");
        props.put("ketnoi.connect.topic.partitions", "3");
        props.put("ketnoi.connect.batch-size", Integer.toString(PAGE));
        props.put("ketnoi.connect.poll-interval-ms", "10");
        props.put("ketnoi.connect.subject-hash-key", ConnectorsTest.HASH_KEY);
        ChangeFeedSourceTask task = new ChangeFeedSourceTask();
        task.initialize(context(committed));
        task.start(props);
        List<SourceRecord> out = new ArrayList<>();
        try {
            for (List<SourceRecord> page = task.poll(); page != null; page = task.poll()) {
                out.addAll(page);
            }
        } finally {
            task.stop();
        }
        return out;
    }

    static List<String> ids(List<SourceRecord> records) {
        return records.stream().map(r -> (String) r.key()).toList();
    }

    /** What the worker gives a task: here only the committed offset. */
    static SourceTaskContext context(@Nullable Map<String, ?> committed) {
        OffsetStorageReader offsets = new OffsetStorageReader() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return (Map<String, Object>) committed;
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                throw new UnsupportedOperationException();
            }
        };
        return new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return offsets;
            }

            @Override
            public @Nullable PluginMetrics pluginMetrics() {
                return null;
            }
        };
    }
}
