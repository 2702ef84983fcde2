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

    // Key: lower-case name. Value: original name first, then the values.
    private final Map<String, List<String>> entries;

    private HttpHeaders(Map<String, List<String>> entries) {
        this.entries = entries;
    }

    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** The first value of the header, if present. */
    public Optional<String> first(String name) {
        List<String> e = entries.get(key(name));
        return e == null || e.size() < 2 ? Optional.empty() : Optional.of(e.get(1));
    }

    /** All values of the header, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> e = entries.get(key(name));
        return e == null ? List.of() : Collections.unmodifiableList(e.subList(1, e.size()));
    }

    public boolean contains(String name) {
        return entries.containsKey(key(name));
    }

    /** Every header as (name, value) pairs, in insertion order. */
    public List<Map.Entry<String, String>> toList() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (List<String> e : entries.values()) {
            for (int i = 1; i < e.size(); i++) {
                out.add(Map.entry(e.get(0), e.get(i)));
            }
        }
        return out;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        for (Map.Entry<String, List<String>> e : entries.entrySet()) {
            b.entries.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        return b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Header names only: values may carry tokens or signatures. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (List<String> e : entries.values()) {
            names.add(e.get(0));
        }
        return "HttpHeaders" + names;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final Map<String, List<String>> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a value, keeping any existing ones. */
        public Builder add(String name, String value) {
            check(name, value);
            entries.computeIfAbsent(key(name), k -> new ArrayList<>(List.of(name))).add(value);
            return this;
        }

        /** Replaces every value of the header with this one. */
        public Builder set(String name, String value) {
            check(name, value);
            List<String> e = new ArrayList<>(2);
            e.add(name);
            e.add(value);
            entries.put(key(name), e);
            return this;
        }

        public Builder remove(String name) {
            entries.remove(key(name));
            return this;
        }

        public HttpHeaders build() {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : entries.entrySet()) {
                copy.put(e.getKey(), List.copyOf(e.getValue()));
            }
            return new HttpHeaders(copy);
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
