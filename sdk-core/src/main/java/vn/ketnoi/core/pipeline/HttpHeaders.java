package vn.ketnoi.core.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import vn.ketnoi.core.exception.InvalidInputException;

/**
 * Immutable, case-insensitive, multi-valued HTTP headers. Names keep the case they were first
 * given in; look-ups ignore case.
 */
public final class HttpHeaders {
    private static final HttpHeaders EMPTY = new HttpHeaders(new LinkedHashMap<>());
    // Header look-ups happen many times per call: the names the SDK uses are lower-cased once.
    private static final Map<String, String> KNOWN_KEYS = knownKeys("Accept", "Accept-Encoding", "Authorization",
            "Content-Encoding", "Content-Length", "Content-Type", "Date", "Idempotency-Key", "Ketnoi-Purpose",
            "Ketnoi-Signature", "Retry-After", "Server", "X-Road-Client", "X-Road-Error", "X-Road-Id",
            "X-Road-Issue", "X-Road-UserId");

    // Key: lower-case name. Value: original name first, then the values.
    private final Map<String, List<String>> entries;

    private HttpHeaders(Map<String, List<String>> entries) {
        this.entries = entries;
    }

    /** {@return no headers} */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /**
     * {@return the first value of the header, if present}
     *
     * @param name the header name, case-insensitive
     */
    public Optional<String> first(String name) {
        List<String> e = entries.get(key(name));
        return e == null || e.size() < 2 ? Optional.empty() : Optional.of(e.get(1));
    }

    /**
     * {@return all values of the header, in order; empty when absent}
     *
     * @param name the header name, case-insensitive
     */
    public List<String> all(String name) {
        List<String> e = entries.get(key(name));
        return e == null ? List.of() : Collections.unmodifiableList(e.subList(1, e.size()));
    }

    /**
     * {@return whether the header is present}
     *
     * @param name the header name, case-insensitive
     */
    public boolean contains(String name) {
        return entries.containsKey(key(name));
    }

    /** {@return every header as (name, value) pairs, in insertion order} */
    public List<Map.Entry<String, String>> toList() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (List<String> e : entries.values()) {
            for (int i = 1; i < e.size(); i++) {
                out.add(Map.entry(e.get(0), e.get(i)));
            }
        }
        return out;
    }

    /** {@return a builder starting from these headers} */
    public Builder toBuilder() {
        return new Builder(entries);
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return header names only: values may carry tokens or signatures} */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (List<String> e : entries.values()) {
            names.add(e.get(0));
        }
        return "HttpHeaders" + names;
    }

    private static Map<String, String> knownKeys(String... names) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String n : names) {
            m.put(n, n.toLowerCase(Locale.ROOT));
        }
        return Map.copyOf(m);
    }

    private static String key(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                String known = KNOWN_KEYS.get(name);
                return known != null ? known : name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }


    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        // Values are immutable lists. Copy-on-write: build() hands the map to the headers it makes
        // and toBuilder() starts from theirs; the first change after either copies it. A pipeline
        // step that adds one header thus copies the map once, not twice.
        private Map<String, List<String>> entries;
        private boolean shared;

        private Builder() {
            this.entries = new LinkedHashMap<>();
        }

        private Builder(Map<String, List<String>> entries) {
            this.entries = entries;
            this.shared = true;
        }

        /**
         * Adds a value, keeping any existing ones.
         *
         * @param name the header name, case-insensitive
         * @param value the value
         * @return this builder
         */
        public Builder add(String name, String value) {
            check(name, value);
            String k = key(name);
            List<String> e = writable().get(k);
            if (e == null) { // the usual case (a response's headers): one list, not two
                entries.put(k, List.of(name, value));
                return this;
            }
            List<String> next = new ArrayList<>(e);
            next.add(value);
            entries.put(k, List.copyOf(next));
            return this;
        }

        /**
         * Replaces every value of the header with this one.
         *
         * @param name the header name, case-insensitive
         * @param value the value
         * @return this builder
         */
        public Builder set(String name, String value) {
            check(name, value);
            writable().put(key(name), List.of(name, value));
            return this;
        }

        /**
         * Removes every value of a header.
         *
         * @param name the header name, case-insensitive
         * @return this builder
         */
        public Builder remove(String name) {
            String k = key(name);
            if (entries.containsKey(k)) {
                writable().remove(k);
            }
            return this;
        }

        /** {@return the headers} */
        public HttpHeaders build() {
            shared = true;
            return new HttpHeaders(entries);
        }

        private Map<String, List<String>> writable() {
            if (shared) {
                entries = new LinkedHashMap<>(entries);
                shared = false;
            }
            return entries;
        }

        private static void check(String name, String value) {
            if (name == null || name.isBlank()) {
                throw new InvalidInputException("header", "name must not be blank");
            }
            if (value == null) {
                throw new InvalidInputException("header " + name, "must not have a null value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n') {
                    // Header injection: never let a value start a new header line.
                    throw new InvalidInputException("header " + name, "must not contain CR or LF");
                }
            }
        }
    }
}
