package vn.ketnoi.kafka.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Paginator;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;
import vn.ketnoi.population.ChangeCursor;
import vn.ketnoi.population.ChangeEvent;
import vn.ketnoi.population.ChangeFeed;
import vn.ketnoi.population.PopulationClient;

/**
 * The task of {@link ChangeFeedSourceConnector}: one read of the feed per poll, the page's events
 * as records. Its metrics, on Connect's plugin metrics: {@code events-read} (total) and
 * {@code feed-lag-ms} (now minus when the last event read occurred; 0 once caught up).
 */
public final class ChangeFeedSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedSourceTask.class);
    /** The record value's schema. */
    public static final Schema VALUE = SchemaBuilder.struct().name("vn.ketnoi.population.ChangeEvent").version(1)
            .field("eventId", Schema.STRING_SCHEMA)
            .field("type", Schema.STRING_SCHEMA)
            .field("occurredAt", Schema.STRING_SCHEMA)
            .field("idNumber", Schema.STRING_SCHEMA)
            .field("subjectHash", Schema.STRING_SCHEMA)
            .field("fullName", Schema.OPTIONAL_STRING_SCHEMA)
            .field("deathDate", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    /** The header carrying the HMAC of the citizen's ID number. */
    public static final String SUBJECT_HASH_HEADER = "ketnoi.subject-hash";

    private SourceSettings settings;
    private PopulationClient population;
    private ChangeFeed feed;
    private Map<String, String> sourcePartition;
    private ChangeCursor cursor;
    private Mac hmac;
    private long idleUntil;
    private final AtomicLong eventsRead = new AtomicLong();
    private volatile long lastOccurredAt;
    private volatile boolean caughtUp;

    /** A task, as the worker creates it. */
    public ChangeFeedSourceTask() {
    }

    @Override
    public String version() {
        return Versions.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        settings = new SourceSettings(props);
        population = PopulationClient.create(ConnectSettings.sdk(settings.originals()).clientConfig());
        feed = population.changeFeed(RequestContext.of(settings.purpose(), settings.operatorId()));
        sourcePartition = Map.of("agency", settings.getString("ketnoi.agency-id"));
        Map<String, Object> committed = context.offsetStorageReader().offset(sourcePartition);
        Object at = committed == null ? null : committed.get("cursor");
        cursor = at == null ? ChangeCursor.beginning() : ChangeCursor.of(at.toString());
        try {
            hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(settings.hashKey().value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new ConnectException("HmacSHA256 is not available", e);
        }
        metrics();
        LOG.info("Ketnoi change feed to topic {}: starting {}", settings.topic(),
                cursor.isBeginning() ? "from the beginning" : "after the committed cursor");
    }

    private void metrics() {
        PluginMetrics metrics;
        try {
            metrics = context.pluginMetrics();
        } catch (RuntimeException | LinkageError e) {
            return; // an older worker without plugin metrics: Connect's own task metrics remain
        }
        if (metrics == null) {
            return;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        metrics.addMetric(metrics.metricName("events-read", "Change events read from the feed", tags),
                (Gauge<Long>) (config, now) -> eventsRead.get());
        metrics.addMetric(metrics.metricName("feed-lag-ms",
                        "Now minus when the last event read occurred; 0 once the feed is caught up", tags),
                (Gauge<Long>) (config, now) -> caughtUp || lastOccurredAt == 0 ? 0L : Math.max(0, now - lastOccurredAt));
    }

    @Override
    public @Nullable List<SourceRecord> poll() throws InterruptedException {
        long wait = idleUntil - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Math.min(Duration.ofNanos(wait).toMillis() + 1, 1000)); // wake up to be stopped
            return null;
        }
        Paginator.Page<ChangeEvent> page;
        try {
            page = feed.read(cursor, settings.batchSize());
        } catch (KetnoiException e) {
            if (e.isRetryable()) {
                idleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                throw new RetriableException("the change feed could not be read: " + e.errorCode(), e);
            }
            throw new ConnectException("the change feed refused to be read: " + e.getMessage(), e);
        }
        String start = cursor.value();
        String next = page.nextCursor().orElse(start);
        List<ChangeEvent> events = page.items();
        List<SourceRecord> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            // Only the page's last record moves the offset past the page: a commit in the middle
            // of the page replays it, never skips its end.
            String offset = i == events.size() - 1 ? next : start;
            records.add(record(events.get(i), offset));
        }
        if (next != null) {
            cursor = ChangeCursor.of(next);
        }
        caughtUp = !page.hasMore();
        if (!events.isEmpty()) {
            eventsRead.addAndGet(events.size());
            lastOccurredAt = events.get(events.size() - 1).occurredAt().toEpochMilli();
        }
        if (!page.hasMore()) {
            idleUntil = System.nanoTime() + settings.pollInterval().toNanos();
        }
        return records.isEmpty() ? null : records;
    }

    private SourceRecord record(ChangeEvent e, @Nullable String offset) {
        byte[] digest = hmac.doFinal(e.idNumber().value().getBytes(StandardCharsets.US_ASCII));
        String hash = HexFormat.of().formatHex(digest);
        int partition = Math.floorMod(ByteBuffer.wrap(digest).getInt(), settings.partitions());
        Struct value = new Struct(VALUE)
                .put("eventId", e.eventId())
                .put("type", e.type().name())
                .put("occurredAt", e.occurredAt().toString())
                .put("idNumber", e.idNumber().value())
                .put("subjectHash", hash)
                .put("fullName", e.fullName().orElse(null))
                .put("deathDate", e.deathDate().map(Object::toString).orElse(null));
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(SUBJECT_HASH_HEADER, hash);
        Map<String, Object> sourceOffset = new HashMap<>();
        sourceOffset.put("cursor", offset);
        // No record timestamp: the producer stamps the time the event is streamed. Stamped with its
        // event's time, a backlog older than the topic's retention (a first start, a replay, a long
        // outage) would be deleted by the broker's next retention pass before anyone read it, with
        // the connector's offsets already past it. The event's time is the value's occurredAt.
        return new SourceRecord(sourcePartition, sourceOffset, settings.topic(), partition, Schema.STRING_SCHEMA,
                e.eventId(), VALUE, value, null, headers);
    }

    @Override
    public void stop() {
        if (population != null) {
            population.close();
        }
    }
}
