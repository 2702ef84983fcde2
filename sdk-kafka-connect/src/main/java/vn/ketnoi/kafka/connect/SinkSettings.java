package vn.ketnoi.kafka.connect;

import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.kafka.connect.internal.ConnectSettings;

/** The sink connector's settings, checked when parsed. */
final class SinkSettings extends AbstractConfig {
    static final String APPLY = "ketnoi.connect.apply";
    static final String IDEMPOTENCY = "ketnoi.connect.idempotency";
    static final String RETRY_BACKOFF = "ketnoi.connect.retry-backoff-ms";
    static final String EDOCUMENT_ISSUANCE = "edocument-issuance";
    static final String POPULATION_PUSH = "population-push";
    static final String PUSH_PURPOSE = "ketnoi.connect.push.purpose";

    static final ConfigDef DEFINITION = SharedQuota.define(ConnectSettings.common())
            .define(APPLY, ConfigDef.Type.STRING, EDOCUMENT_ISSUANCE, SinkSettings::checkApplier,
                    ConfigDef.Importance.HIGH, "How a record is applied: edocument-issuance, population-push, or the class name of a "
                            + RecordApplier.class.getName() + " with a public no-argument constructor.")
            .define(IDEMPOTENCY, ConfigDef.Type.STRING, "offset", ConfigDef.ValidString.in("offset", "record-key"),
                    ConfigDef.Importance.HIGH, "Where each write's idempotency key comes from: the record's topic,"
                            + " partition and offset (offset), or the record's own key (record-key).")
            .define(RETRY_BACKOFF, ConfigDef.Type.LONG, 2_000L, ConfigDef.Range.between(10, 600_000),
                    ConfigDef.Importance.LOW, "How long Connect waits before redelivering a batch whose calls failed"
                            + " after the SDK's own retries.")
            .define(PUSH_PURPOSE, ConfigDef.Type.STRING, "REGISTER_MAINTENANCE", SinkSettings::checkPurpose,
                    ConfigDef.Importance.MEDIUM, "The purpose population-push sends its pushes under, such as"
                            + " HEALTH_INSURANCE (docs/push.md).");

    SinkSettings(Map<String, String> props) {
        super(DEFINITION, props);
        ConnectSettings.sdk(originals());
    }

    boolean keyFromRecord() {
        return "record-key".equals(getString(IDEMPOTENCY));
    }

    long retryBackoffMs() {
        return getLong(RETRY_BACKOFF);
    }

    RecordApplier applier() {
        return newApplier(getString(APPLY));
    }

    private static void checkApplier(String name, Object value) {
        try {
            newApplier((String) value).close();
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException(name, value, "cannot be created: " + e.getClass().getSimpleName());
        }
    }

    private static void checkPurpose(String name, Object value) {
        try {
            Purpose.of((String) value);
        } catch (InvalidInputException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    static RecordApplier newApplier(String name) {
        if (EDOCUMENT_ISSUANCE.equals(name)) {
            return new EdocumentIssuanceApplier();
        }
        if (POPULATION_PUSH.equals(name)) {
            return new PopulationPushApplier();
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, SinkSettings.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(APPLY, name, "is neither edocument-issuance, population-push nor a class on the plugin path");
        }
        if (!RecordApplier.class.isAssignableFrom(type)) {
            throw new ConfigException(APPLY, name, "does not implement " + RecordApplier.class.getName());
        }
        try {
            return (RecordApplier) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(APPLY, name, "has no public no-argument constructor that works");
        }
    }
}
