package vn.ketnoi.core.config;


import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.internal.config.KeyTable;
import vn.ketnoi.core.internal.config.Sources;
import vn.ketnoi.core.internal.config.Sources.Source;
import vn.ketnoi.core.spi.ConfigKeys;


/**
 * Builds the SDK's configuration from outside the code: a flat map of {@code ketnoi.*}
 * properties (a {@code .properties} file, a flattened YAML block, a Spring {@code Environment})
 * and environment variables. The keys are listed by {@link #keys()} and described in
 * {@code docs/configuration-reference.md}; a test checks that the page and this class agree.
 *
 * <pre>{@code
 * KetnoiSettings settings = ConfigLoader.load(Map.of(
 *         "ketnoi.endpoint", "https://dancu.example.gov.vn",
 *         "ketnoi.agency-id", "VN:GOV:000.00.15.H29",
 *         "ketnoi.credentials.pkcs12.path", "/etc/ketnoi/agency.p12",
 *         "ketnoi.credentials.pkcs12.password-file", "/run/secrets/agency-p12-password",
 *         "ketnoi.http.connect-timeout", "5s"), System.getenv());
 * PopulationClient client = PopulationClient.create(settings.clientConfig());
 * }</pre>
 *
 * <p><b>Environment variables.</b> Every key has a variable: upper case, with {@code .} and
 * {@code -} turned into {@code _} ({@code ketnoi.http.connect-timeout} is
 * {@code KETNOI_HTTP_CONNECT_TIMEOUT}); see {@link #environmentVariable(String)}. A variable
 * overrides the property of the same key. Only variables starting with {@code KETNOI_} are read.
 *
 * <p><b>Secrets from files.</b> Each password key also accepts {@code <key>-file}: the path of a
 * file whose content (without its final line break) is the secret, as container platforms mount
 * them. A key and its {@code -file} twin must not both be set.
 *
 * <p><b>Validation.</b> Everything is checked when {@code load} runs, before any client exists:
 * an unknown key (with the nearest known key suggested), a malformed URL, duration, number or
 * boolean, a key file that is missing or unreadable, a wrong password, a missing required key.
 * Each problem is a {@link ConfigurationException} whose message starts with the property or
 * variable at fault; secrets are never repeated.
 *
 * <p>Durations are written {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or in
 * ISO-8601 ({@code PT5S}). Lists are comma-separated.
 *
 * <p><b>A module's own keys.</b> A module with settings of its own declares them with a
 * {@link vn.ketnoi.core.spi.ConfigKeys} provider, found on the class path before anything is read:
 * its keys are accepted as properties and variables, checked and named in messages like those
 * above, listed by {@link #keys()} after them, and read back with
 * {@link KetnoiSettings#value(String, Class)}.
 *
 * <p>The pieces are in {@code vn.ketnoi.core.internal.config}: the key table, the sources and the
 * value parsers; what each key means for {@link ClientConfig} and {@link KetnoiSettings} is read in
 * one package-private class beside this one.
 */
public final class ConfigLoader {
    /** Every key starts with this. */
    public static final String PREFIX = KeyTable.PREFIX;
    /** The services that take their own resilience keys, {@code ketnoi.resilience.<service>.*}. */
    public static final List<String> SERVICES = KeyTable.SERVICES;

    private ConfigLoader() {
    }

    /**
     * The documented keys, in reference-page order, then the modules' ({@link ConfigKeys}). Each
     * {@code ketnoi.resilience.*} key is also accepted per service
     * ({@code ketnoi.resilience.population.max-attempts}), and each secret key also as
     * {@code <key>-file}.
     *
     * @return the keys
     */
    public static List<String> keys() {
        return KeyTable.keys(KeyTable.contributed());
    }

    /** The keys with their type, default and description, for the reference page. */
    static Map<String, ConfigKeys.Key> keyTable() {
        return KeyTable.table(KeyTable.contributed());
    }

    /**
     * The environment variable of a key: upper case, {@code .} and {@code -} replaced by {@code _}.
     *
     * @param key a key such as {@code ketnoi.http.connect-timeout}
     * @return the variable, such as {@code KETNOI_HTTP_CONNECT_TIMEOUT}
     */
    public static String environmentVariable(String key) {
        return KeyTable.environmentVariable(key);
    }

    /**
     * Settings from properties only.
     *
     * @param properties {@code ketnoi.*} keys and their values; other keys are ignored
     * @return the validated settings
     * @throws ConfigurationException naming the first property at fault
     */
    public static KetnoiSettings fromMap(Map<String, String> properties) {
        return load(properties, Map.of());
    }

    /**
     * Settings from a {@link Properties} object, such as a loaded {@code ketnoi.properties} file.
     *
     * @param properties the properties; keys not starting with {@code ketnoi.} are ignored
     * @return the validated settings
     */
    public static KetnoiSettings fromProperties(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return fromMap(map);
    }

    /**
     * Settings from the process's {@code KETNOI_*} environment variables only.
     *
     * @return the validated settings
     */
    public static KetnoiSettings fromEnvironment() {
        return load(Map.of(), System.getenv());
    }

    /**
     * Settings from properties and environment variables; a variable overrides the property of
     * the same key.
     *
     * @param properties  {@code ketnoi.*} properties; keys outside the prefix are ignored
     * @param environment environment variables; only {@code KETNOI_*} ones are read
     * @return the validated settings
     * @throws ConfigurationException naming the property or variable at fault
     */
    public static KetnoiSettings load(Map<String, String> properties, Map<String, String> environment) {
        return load(properties, environment, KeyTable.providers());
    }

    /** {@link #load(Map, Map)} with the modules' providers given, as a test gives them. */
    static KetnoiSettings load(Map<String, String> properties, Map<String, String> environment,
                               List<? extends ConfigKeys> providers) {
        List<ConfigKeys.Key> contributed = KeyTable.checked(providers);
        Map<String, Source> values = Sources.read(properties, environment, KeyTable.accepted(contributed));
        return new SettingsReader(values, contributed).read();
    }

}
