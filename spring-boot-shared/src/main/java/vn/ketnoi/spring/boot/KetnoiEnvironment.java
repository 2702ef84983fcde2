package vn.ketnoi.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import vn.ketnoi.core.config.ConfigLoader;
import vn.ketnoi.core.config.KetnoiSettings;

/**
 * Reads the {@code ketnoi.*} properties of a Spring {@link Environment} (application.yml,
 * application.properties, command-line arguments, test properties) and the {@code KETNOI_*}
 * environment variables, and hands them to {@link ConfigLoader}: the keys, their checks and
 * their error messages are the loader's, whatever the source. The shared quota's
 * {@code ketnoi.rate-limit.redis.*} keys are the starter's ({@link KetnoiSharedQuotaAutoConfiguration}):
 * checked here, not passed on.
 */
public final class KetnoiEnvironment {
    private static final Pattern INDEXED = Pattern.compile("(.*)\\[(\\d+)]");

    private KetnoiEnvironment() {
    }

    /**
     * Loads the settings.
     *
     * @param environment the application's environment
     * @return the checked settings
     * @throws vn.ketnoi.core.config.ConfigurationException naming the property at fault
     */
    public static KetnoiSettings load(Environment environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            // YAML lists arrive as key[0], key[1]...: the loader takes a comma-separated list.
            Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                    continue;
                }
                boolean systemEnvironment = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName());
                for (String name : enumerable.getPropertyNames()) {
                    if (systemEnvironment) {
                        if (name.startsWith("KETNOI_") && !variables.containsKey(name)
                                && !KetnoiSharedQuotaAutoConfiguration.ownsKey(name, true)) {
                            variables.put(name, String.valueOf(source.getProperty(name)));
                        }
                        continue;
                    }
                    if (!name.startsWith(ConfigLoader.PREFIX) || KetnoiSharedQuotaAutoConfiguration.ownsKey(name, false)) {
                        continue;
                    }
                    Matcher m = INDEXED.matcher(name);
                    if (m.matches()) {
                        lists.computeIfAbsent(m.group(1), k -> new TreeMap<>())
                                .putIfAbsent(Integer.parseInt(m.group(2)), environment.getProperty(name));
                    } else if (!properties.containsKey(name)) {
                        // getProperty resolves placeholders and honours the sources' precedence.
                        properties.put(name, environment.getProperty(name));
                    }
                }
            }
            lists.forEach((key, items) -> {
                if (!properties.containsKey(key)) {
                    properties.put(key, String.join(",", new ArrayList<>(items.values())));
                }
            });
        }
        return ConfigLoader.load(properties, variables);
    }
}
