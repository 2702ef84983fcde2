package vn.ketnoi.kafka.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import vn.ketnoi.kafka.connect.internal.ConnectSettings;

/**
 * Applies the records of one or more topics through the SDK, each exactly once: as e-document
 * issuances ({@code ketnoi.connect.apply=edocument-issuance}, {@link EdocumentIssuanceApplier}),
 * or with any {@link RecordApplier} named by class.
 *
 * <ul>
 *   <li><b>Idempotency</b>: each record's write carries a key derived from its topic, partition
 *       and offset ({@code ketnoi.connect.idempotency=offset}, the default) or from its own key
 *       ({@code record-key}, when the same record may be produced twice), so a redelivery after a
 *       crash or a rebalance is recognised by the provider and never applied twice.</li>
 *   <li><b>Refused records</b> (malformed, or refused by the provider with a final answer) go to
 *       the dead-letter topic through Connect's errant record reporter, with the reason as the
 *       exception message: set {@code errors.tolerance=all},
 *       {@code errors.deadletterqueue.topic.name} and
 *       {@code errors.deadletterqueue.context.headers.enable=true}. Without a dead-letter topic
 *       a refusal fails the task, so nothing is dropped silently.</li>
 *   <li><b>Resilience</b>: the SDK's retries, circuit breaker and rate limit
 *       ({@code ketnoi.resilience.*}) act on each call inside the task; a failure that outlasts
 *       them (retryable, or a write whose outcome is unknown) makes Connect redeliver the batch
 *       after {@code ketnoi.connect.retry-backoff-ms}.</li>
 * </ul>
 */
public final class KetnoiSinkConnector extends SinkConnector {
    private Map<String, String> config;

    /** A connector, as the worker creates it. */
    public KetnoiSinkConnector() {
    }

    @Override
    public void start(Map<String, String> props) {
        this.config = Map.copyOf(props);
        new SinkSettings(props); // fail fast, with the key at fault
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KetnoiSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> tasks = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            tasks.add(config);
        }
        return tasks;
    }

    @Override
    public void stop() {
        // nothing held: each task owns its client
    }

    @Override
    public ConfigDef config() {
        return SinkSettings.DEFINITION;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectSettings.validate(SinkSettings.DEFINITION, connectorConfigs, super.validate(connectorConfigs));
    }

    @Override
    public String version() {
        return Versions.VERSION;
    }
}
