package vn.ketnoi.core.spi;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Settings a module adds to {@link vn.ketnoi.core.config.ConfigLoader}'s key table. A module
 * registers its implementation as a {@link java.util.ServiceLoader} provider (a file
 * {@code META-INF/services/vn.ketnoi.core.spi.ConfigKeys} naming the class, which has a public
 * no-argument constructor); the loader finds every provider on its class path before it reads a
 * value. The module's keys are then accepted as properties and as {@code KETNOI_*} environment
 * variables like sdk-core's own (without a provider, the loader refuses them as unknown), checked
 * against their type when the settings load, with the same messages, and read back with
 * {@link vn.ketnoi.core.config.KetnoiSettings#value(String, Class)}.
 *
 * <p>Each key sits under {@code ketnoi.<the module's name>.}, in lower case, and must not be one of
 * sdk-core's keys or another module's: the loader refuses a clash, naming both providers. A
 * module documents its keys on its own page, in the format of docs/configuration-reference.md.
 */
public interface ConfigKeys {
    /**
     * The module's keys, in the order its reference page lists them.
     *
     * @return the keys, each with its type, default and description
     */
    List<Key> keys();

    /**
     * One documented key.
     *
     * @param name         the key, such as {@code ketnoi.http.connect-timeout}
     * @param type         its value type, which decides how it is checked and read back
     * @param defaultValue the default as the reference page writes it, or {@code null} for none (the
     *                     module applies it: an unset key reads as empty)
     * @param description  one sentence for the reference page
     */
    record Key(String name, Type type, @Nullable String defaultValue, String description) {
        /**
         * A key; a name, a type and a description are required.
         *
         * @param name         the key
         * @param type         its value type
         * @param defaultValue its default as documented, or {@code null}
         * @param description  one sentence for the reference page
         */
        public Key {
            if (name == null || name.isBlank() || type == null || description == null || description.isBlank()) {
                throw new IllegalArgumentException("a configuration key needs a name, a type and a description");
            }
        }
    }

    /**
     * The value types, each with the words the reference page's type column uses and the Java type
     * {@code KetnoiSettings.value} returns.
     */
    enum Type {
        /** An absolute http or https URL with a host; read as {@link java.net.URI}. */
        URL("URL"),
        /** Non-empty text; read as {@link String}. */
        STRING("text"),
        /** A secret, also accepted as {@code <key>-file}; read as a copy of its {@code char[]}; never printed. */
        SECRET("secret"),
        /** A file path; read as {@link java.nio.file.Path}. */
        PATH("file path"),
        /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601; read as {@link java.time.Duration}. */
        DURATION("duration"),
        /** A whole number that fits an {@code int}; read as {@link Integer}. */
        INT("integer"),
        /** A whole number; read as {@link Long}. */
        LONG("integer"),
        /** A finite decimal number; read as {@link Double}. */
        DOUBLE("decimal"),
        /** {@code true} or {@code false}; read as {@link Boolean}. */
        BOOLEAN("true or false"),
        /** Comma-separated values, blanks dropped; read as a {@link List} of {@link String}. */
        LIST("comma-separated list"),
        /** A VNeID assurance level, {@code 1} or {@code 2}; read as {@link Integer}. */
        LEVEL("1 or 2"),
        /** A purpose code; read as {@link vn.ketnoi.core.Purpose}. */
        PURPOSE("purpose");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        /** {@return the type as the reference page's type column writes it} */
        public String text() {
            return text;
        }
    }
}
