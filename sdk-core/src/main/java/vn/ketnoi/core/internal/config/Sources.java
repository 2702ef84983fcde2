package vn.ketnoi.core.internal.config;

import static vn.ketnoi.core.internal.config.KeyTable.PREFIX;
import static vn.ketnoi.core.internal.config.KeyTable.environmentVariable;
import static vn.ketnoi.core.internal.config.KeyTable.named;
import static vn.ketnoi.core.internal.config.KeyTable.namedVariable;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import vn.ketnoi.core.config.ConfigurationException;

/**
 * Where values come from and which one wins: {@code ketnoi.*} properties (any case), then the
 * {@code KETNOI_*} environment variables, a variable overriding the property of the same key.
 * A name under the prefix that {@link KeyTable} does not know is refused here, before any value is
 * read, with the nearest known name suggested: a typo never falls back silently to a default.
 */
public final class Sources {
    /**
     * A value and the name it was given under (property or variable), for messages.
     *
     * @param value the value as written
     * @param name  the property or variable as the application wrote it
     */
    public record Source(String value, String name) {
    }

    private Sources() {
    }

    /**
     * The values of both sources, by key.
     *
     * @param properties  {@code ketnoi.*} properties; others are ignored; may be {@code null}
     * @param environment environment variables; only {@code KETNOI_*} ones are read; may be {@code null}
     * @param accepted    every name accepted, with the key it stands for ({@link KeyTable#accepted})
     * @return key to value and the name it came under, sorted by key
     * @throws ConfigurationException naming the first unknown property or variable
     */
    public static Map<String, Source> read(Map<String, String> properties, Map<String, String> environment,
                                           Map<String, String> accepted) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        accepted.keySet().forEach(k -> byVariable.put(environmentVariable(k), k));

        // key -> (value, name the user wrote it under)
        Map<String, Source> values = new TreeMap<>();
        if (properties != null) {
            for (Map.Entry<String, String> e : properties.entrySet()) {
                String name = e.getKey();
                if (name == null || !name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                    continue;
                }
                String key = name.toLowerCase(Locale.ROOT);
                if (key.contains("<name>") || (!accepted.containsKey(key) && named(key, accepted) == null)) {
                    throw new ConfigurationException(name, "unknown property" + suggestion(key, accepted.keySet()));
                }
                values.put(key, new Source(e.getValue(), name));
            }
        }
        if (environment != null) {
            for (Map.Entry<String, String> e : environment.entrySet()) {
                String name = e.getKey();
                if (name == null || !name.startsWith("KETNOI_")) {
                    continue;
                }
                String key = byVariable.get(name);
                if (key == null) {
                    key = namedVariable(name, accepted);
                }
                if (key == null) {
                    throw new ConfigurationException(name, "unknown environment variable"
                            + suggestion(name, byVariable.keySet()));
                }
                values.put(key, new Source(e.getValue(), name));
            }
        }
        return values;
    }

    private static String suggestion(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
