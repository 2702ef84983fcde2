package vn.ketnoi.kafka.connect.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.config.KetnoiSettings;

/**
 * The connectors' settings: the SDK's own {@code ketnoi.*} keys (docs/configuration-reference.md),
 * read by the SDK's {@link ConfigLoader} with its validation and messages, plus the connector's
 * {@code ketnoi.connect.*} keys declared here. The SDK's secrets are declared
 * {@link ConfigDef.Type#PASSWORD}, so that Connect masks them in its REST answers and logs; give
 * them through a config provider ({@code ${file:/run/secrets/ketnoi.properties:key-password}}).
 */
public final class ConnectSettings {
    /** The connector's own keys start with this; the rest of {@code ketnoi.*} is the SDK's. */
    public static final String CONNECT_PREFIX = "ketnoi.connect.";
    public static final String OPERATOR_ID = "ketnoi.connect.operator-id";

    /** The SDK's secret keys: passwords, masked by Connect. */
    static final List<String> SECRETS = List.of("ketnoi.credentials.pem.key-password",
            "ketnoi.credentials.pkcs12.password", "ketnoi.edocuments.signing-key.pem.key-password",
            "ketnoi.edocuments.signing-key.pkcs12.password", "ketnoi.proxy.password");

    private ConnectSettings() {
    }

    /** The keys both connectors take. */
    public static ConfigDef common() {
        ConfigDef def = new ConfigDef()
                .define("ketnoi.endpoint", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
                        "The provider's base URL (the SDK's ketnoi.endpoint); every other ketnoi.* key of "
                                + "docs/configuration-reference.md is accepted too.")
                .define("ketnoi.agency-id", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH, "The agency's id.")
                .define(OPERATOR_ID, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
                        "The operator id the calls are made under (a system account, such as VN:system.sync).");
        for (String secret : SECRETS) {
            def.define(secret, ConfigDef.Type.PASSWORD, null, ConfigDef.Importance.MEDIUM,
                    "A secret of the SDK's settings; give it through a config provider, not in plain text.");
        }
        return def;
    }

    /**
     * The SDK's settings from a connector's configuration, checked by {@link ConfigLoader}.
     *
     * @throws ConfigurationException naming the key at fault
     */
    public static KetnoiSettings sdk(Map<String, ?> config) {
        Map<String, String> sdk = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(ConfigLoader.PREFIX) || key.startsWith(CONNECT_PREFIX) || e.getValue() == null) {
                continue;
            }
            Object v = e.getValue();
            sdk.put(key, v instanceof Password p ? p.value() : v.toString());
        }
        return ConfigLoader.fromMap(sdk);
    }

    /**
     * Connect's validation, then the SDK's: a problem the SDK finds is reported on the key it names
     * (or on {@code ketnoi.endpoint} when it names none declared here), with the SDK's message.
     */
    public static Config validate(ConfigDef def, Map<String, String> config, Config connect) {
        Map<String, ConfigValue> byName = new LinkedHashMap<>();
        connect.configValues().forEach(v -> byName.put(v.name(), v));
        boolean clean = connect.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (clean) {
            try {
                sdk(merged(def, config));
            } catch (ConfigurationException e) {
                String property = e.property();
                ConfigValue target = byName.get(property);
                if (target == null) {
                    target = new ConfigValue(property);
                    byName.put(property, target);
                }
                target.addErrorMessage(e.getMessage());
            } catch (RuntimeException e) {
                byName.get("ketnoi.endpoint").addErrorMessage(e.getClass().getSimpleName()
                        + ": the SDK settings could not be read");
            }
        }
        return new Config(List.copyOf(byName.values()));
    }

    /** The raw configuration with the declared keys' parsed values (passwords as {@link Password}). */
    static Map<String, Object> merged(ConfigDef def, Map<String, String> config) {
        Map<String, Object> all = new LinkedHashMap<>(config);
        Set<String> declared = def.names();
        new AbstractConfig(def, config).values().forEach((k, v) -> {
            if (declared.contains(k) && v != null) {
                all.put(k, v);
            }
        });
        return all;
    }
}
