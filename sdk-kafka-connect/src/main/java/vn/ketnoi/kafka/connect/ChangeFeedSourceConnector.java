package vn.ketnoi.kafka.connect;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import vn.ketnoi.kafka.connect.internal.ConnectSettings;

/**
 * Streams the population change feed ({@code PopulationClient.changeFeed}) into a Kafka topic.
 *
 * <ul>
 *   <li><b>Offsets are the feed's cursor</b>: a restart or a rebalance resumes after the last
 *       committed cursor. Within a page only the page's last record carries the page's next
 *       cursor, so an offset is never committed past an event not yet written.</li>
 *   <li><b>Exactly once</b> where the worker enables it for source connectors
 *       ({@code exactly.once.source.support=enabled}): each poll's records and its offset are
 *       one transaction. Otherwise at least once: the record key is the event's stable id, so
 *       consumers drop the repeats.</li>
 *   <li><b>Per-citizen order</b>: the partition is chosen from an HMAC of the citizen's ID number
 *       (keyed with {@code ketnoi.connect.subject-hash-key}, so that the hash cannot be reversed
 *       by trying every number), never the raw number; the HMAC also travels as the header
 *       {@code ketnoi.subject-hash}. The value, a struct, carries the event (with the ID number,
 *       which the consumers need: the topic holds personal data and is to be protected as such).</li>
 * </ul>
 * One task: the feed is one ordered sequence. Configuration: {@link #config()} and
 * {@code docs/scale.md}.
 */
public final class ChangeFeedSourceConnector extends SourceConnector {
    private Map<String, String> config;

    /** A connector, as the worker creates it. */
    public ChangeFeedSourceConnector() {
    }

    @Override
    public void start(Map<String, String> props) {
        this.config = Map.copyOf(props);
        new SourceSettings(props); // fail fast, with the key at fault
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ChangeFeedSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(config);
    }

    @Override
    public void stop() {
        // nothing held: the task owns the client
    }

    @Override
    public ConfigDef config() {
        return SourceSettings.DEFINITION;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ConnectSettings.validate(SourceSettings.DEFINITION, connectorConfigs, super.validate(connectorConfigs));
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED; // offsets are consistent per poll: a transaction per poll holds
    }

    @Override
    public String version() {
        return Versions.VERSION;
    }
}
