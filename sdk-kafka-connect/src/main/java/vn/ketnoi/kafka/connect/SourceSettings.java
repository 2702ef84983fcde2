package vn.ketnoi.kafka.connect;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;
import vn.ketnoi.population.ChangeFeed;

/** The source connector's settings, checked when parsed. */
final class SourceSettings extends AbstractConfig {
    static final String TOPIC = "topic";
    static final String PARTITIONS = "ketnoi.connect.topic.partitions";
    static final String PURPOSE = "ketnoi.connect.purpose";
    static final String BATCH = "ketnoi.connect.batch-size";
    static final String POLL_INTERVAL = "ketnoi.connect.poll-interval-ms";
    static final String HASH_KEY = "ketnoi.connect.subject-hash-key";

    static final ConfigDef DEFINITION = ConnectSettings.common()
            .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    ConfigDef.Importance.HIGH, "The topic the change events are written to.")
            .define(PARTITIONS, ConfigDef.Type.INT, 1, ConfigDef.Range.between(1, 10_000), ConfigDef.Importance.HIGH,
                    "The topic's partition count: an event goes to HMAC(ID number) mod this, so that one citizen's"
                            + " events stay in order. Create the topic with this many partitions.")
            .define(PURPOSE, ConfigDef.Type.STRING, Purpose.REGISTER_MAINTENANCE.code(),
                    (name, value) -> {
                        try {
                            Purpose.of((String) value);
                        } catch (RuntimeException e) {
                            throw new org.apache.kafka.common.config.ConfigException(name
                                    + " must be an upper-case purpose code such as REGISTER_MAINTENANCE");
                        }
                    }, ConfigDef.Importance.MEDIUM,
                    "The purpose the feed is read for.")
            .define(BATCH, ConfigDef.Type.INT, 500, ConfigDef.Range.between(1, ChangeFeed.MAX_LIMIT),
                    ConfigDef.Importance.MEDIUM, "Events per read of the feed (one poll).")
            .define(POLL_INTERVAL, ConfigDef.Type.LONG, 5_000L, ConfigDef.Range.between(10, 3_600_000),
                    ConfigDef.Importance.MEDIUM, "How long to wait before reading again once the feed is caught up.")
            .define(HASH_KEY, ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new MinLength(16),
                    ConfigDef.Importance.HIGH, "The secret the ID number's HMAC is keyed with (at least 16 characters;"
                            + " through a config provider). Changing it moves citizens to other partitions.");

    SourceSettings(Map<String, String> props) {
        super(DEFINITION, props);
        ConnectSettings.sdk(originals()); // the SDK's keys, checked by the SDK
    }

    String topic() {
        return getString(TOPIC);
    }

    int partitions() {
        return getInt(PARTITIONS);
    }

    Purpose purpose() {
        return Purpose.of(getString(PURPOSE));
    }

    int batchSize() {
        return getInt(BATCH);
    }

    Duration pollInterval() {
        return Duration.ofMillis(getLong(POLL_INTERVAL));
    }

    String operatorId() {
        return getString(ConnectSettings.OPERATOR_ID);
    }

    Password hashKey() {
        return getPassword(HASH_KEY);
    }

    /** A password of at least {@code min} characters. */
    static final class MinLength implements ConfigDef.Validator {
        private final int min;

        MinLength(int min) {
            this.min = min;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((Password) value).value().length() < min) {
                throw new org.apache.kafka.common.config.ConfigException(name + " must be at least " + min
                        + " characters (it is not shown)");
            }
        }

        @Override
        public String toString() {
            return "at least " + min + " characters";
        }
    }
}
