package vn.ketnoi.kafka.connect;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.WriteOutcomeUnknownException;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;

/**
 * The task of {@link KetnoiSinkConnector}: each record applied once through the configured
 * {@link RecordApplier}. Its metrics, on Connect's plugin metrics: {@code records-applied},
 * {@code records-already-applied} (redeliveries recognised), {@code records-superseded} (the
 * provider kept newer data) and {@code records-refused}.
 */
public final class KetnoiSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(KetnoiSinkTask.class);

    private SinkSettings settings;
    private RecordApplier applier;
    private @Nullable ErrantRecordReporter deadLetters;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong alreadyApplied = new AtomicLong();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** A task, as the worker creates it. */
    public KetnoiSinkTask() {
    }

    @Override
    public String version() {
        return Versions.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        settings = new SinkSettings(props);
        applier = settings.applier();
        applier.start(ConnectSettings.sdk(settings.originals()), props);
        try {
            deadLetters = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            deadLetters = null; // a worker older than Kafka 2.6
        }
        metrics();
    }

    private void metrics() {
        PluginMetrics metrics;
        try {
            metrics = context.pluginMetrics();
        } catch (RuntimeException | LinkageError e) {
            return;
        }
        if (metrics == null) {
            return;
        }
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        metrics.addMetric(metrics.metricName("records-applied", "Records applied", tags),
                (Gauge<Long>) (c, now) -> applied.get());
        metrics.addMetric(metrics.metricName("records-already-applied",
                "Redelivered records an earlier delivery had applied", tags), (Gauge<Long>) (c, now) -> alreadyApplied.get());
        metrics.addMetric(metrics.metricName("records-superseded",
                "Records the provider did not apply because it holds newer data", tags), (Gauge<Long>) (c, now) -> superseded.get());
        metrics.addMetric(metrics.metricName("records-refused", "Records sent to the dead-letter topic", tags),
                (Gauge<Long>) (c, now) -> refused.get());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            String key = idempotencyKey(record);
            try {
                RecordApplier.Outcome outcome = applier.apply(record, key);
                switch (outcome) {
                    case APPLIED -> applied.incrementAndGet();
                    case ALREADY_APPLIED -> alreadyApplied.incrementAndGet();
                    case SUPERSEDED -> superseded.incrementAndGet();
                }
            } catch (RecordRefusedException e) {
                refuse(record, e);
            } catch (WriteOutcomeUnknownException e) {
                throw retry(e);
            } catch (KetnoiException e) {
                if (e.isRetryable()) {
                    throw retry(e);
                }
                refuse(record, new RecordRefusedException(e));
            }
        }
    }

    private RetriableException retry(KetnoiException e) {
        // Connect delivers the batch again; the records applied before this one are recognised by their keys.
        context.timeout(settings.retryBackoffMs());
        LOG.warn("Ketnoi sink: a call failed after the SDK's retries ({}); the batch is delivered again in {} ms",
                e.errorCode(), settings.retryBackoffMs());
        return new RetriableException(e.errorCode(), e);
    }

    private void refuse(SinkRecord record, RecordRefusedException e) {
        if (deadLetters == null) {
            throw new ConnectException("a record was refused (" + e.code() + ") and no dead-letter topic is set:"
                    + " set errors.tolerance=all and errors.deadletterqueue.topic.name", e);
        }
        refused.incrementAndGet();
        LOG.info("Ketnoi sink: {}-{}@{} refused ({}); sent to the dead-letter topic", record.topic(),
                record.kafkaPartition(), record.kafkaOffset(), e.code());
        deadLetters.report(record, e);
    }

    /** A UUID (name-based) of the record's place, or of its key: the same for every delivery. */
    String idempotencyKey(SinkRecord record) {
        String name;
        if (settings.keyFromRecord()) {
            if (record.key() == null) {
                throw new ConnectException("ketnoi.connect.idempotency=record-key, but a record has no key ("
                        + record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset() + ")");
            }
            name = "key:" + record.key();
        } else {
            // The original place, even when a transformation renamed the topic.
            name = record.originalTopic() + "/" + record.originalKafkaPartition() + "/" + record.originalKafkaOffset();
        }
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void stop() {
        if (applier != null) {
            applier.close();
        }
    }
}
