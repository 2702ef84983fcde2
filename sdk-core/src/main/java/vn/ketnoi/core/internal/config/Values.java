package vn.ketnoi.core.internal.config;

import static vn.ketnoi.core.internal.config.KeyTable.FILE_SUFFIX;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.ketnoi.core.config.ConfigurationException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.internal.config.Sources.Source;

/**
 * The value parsers: text, secrets (inline or from a {@code -file}), URLs, paths, PEM
 * certificates, durations, numbers, booleans and lists, each read from the values {@link Sources}
 * gathered. A key that is absent reads as {@code null}; a value that is present and malformed is a
 * {@link ConfigurationException} naming the property or variable the application wrote, never
 * repeating a secret. The reader that turns keys into settings extends this class.
 */
public class Values {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /** Key to value and the name it came under. */
    protected final Map<String, Source> values;

    /**
     * Parsers over one set of values.
     *
     * @param values what {@link Sources#read} returned
     */
    protected Values(Map<String, Source> values) {
        this.values = values;
    }

    protected boolean present(String key) {
        return values.containsKey(key) || values.containsKey(key + FILE_SUFFIX);
    }

    /** The name the user gave a key under: the property or the variable. */
    protected String name(String key) {
        Source s = values.get(key);
        return s == null ? key : s.name();
    }

    protected String secretName(String key) {
        return values.containsKey(key + FILE_SUFFIX) ? name(key + FILE_SUFFIX) : name(key);
    }

    protected ConfigurationException problem(String key, String text) {
        return new ConfigurationException(name(key), text);
    }

    protected String string(String key) {
        Source s = values.get(key);
        if (s == null) {
            return null;
        }
        String v = s.value() == null ? "" : s.value().trim();
        if (v.isEmpty()) {
            throw problem(key, "is empty");
        }
        return v;
    }

    protected char[] secret(String key) {
        String fileKey = key + FILE_SUFFIX;
        if (values.containsKey(key) && values.containsKey(fileKey)) {
            throw problem(fileKey, "is set together with " + name(key) + ": set only one");
        }
        if (values.containsKey(fileKey)) {
            Path file = path(fileKey);
            requireReadable(fileKey, file);
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                // Secret files usually end in a line break that is not part of the secret.
                if (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                return text.toCharArray();
            } catch (IOException e) {
                throw new ConfigurationException(name(fileKey), "cannot read the file " + file, e);
            }
        }
        Source s = values.get(key);
        if (s == null) {
            return null;
        }
        if (s.value() == null || s.value().isEmpty()) {
            throw problem(key, "is empty");
        }
        return s.value().toCharArray();
    }

    protected URI url(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(name(key), "'" + v + "' is not a valid URL", e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!u.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw problem(key, "'" + v + "' is not an absolute http or https URL with a host");
        }
        return u;
    }

    protected Path path(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(name(key), "'" + v + "' is not a valid path", e);
        }
    }

    /** PEM certificates from each file a list names; each file must hold at least one. */
    protected List<X509Certificate> certificates(String key) {
        List<String> files = list(key);
        if (files == null) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        for (String f : files) {
            Path file = Path.of(f);
            requireReadable(key, file);
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                int before = out.size();
                for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificates(in)) {
                    out.add((X509Certificate) c);
                }
                if (out.size() == before) {
                    throw problem(key, "the file " + file + " holds no PEM certificate");
                }
            } catch (java.io.IOException | java.security.cert.CertificateException e) {
                throw new ConfigurationException(key, "the file " + file + " is not PEM certificates ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        return List.copyOf(out);
    }

    protected void requireReadable(String key, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw problem(key, "the file " + file + " does not exist or cannot be read");
        }
    }

    protected Duration duration(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    case "h":
                        return Duration.ofHours(n);
                    default:
                        return Duration.ofDays(n);
                }
            }
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigurationException(name(key), "'" + v
                    + "' is not a duration (write 500ms, 5s, 2m, 1h, 1d or ISO-8601 such as PT5S)", e);
        }
    }

    protected Integer integer(String key) {
        Long n = longValue(key);
        if (n == null) {
            return null;
        }
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw problem(key, "is too large");
        }
        return n.intValue();
    }

    protected Long longValue(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name(key), "'" + v + "' is not a whole number", e);
        }
    }

    protected Double decimal(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name(key), "'" + v + "' is not a decimal number", e);
        }
    }

    protected Boolean bool(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                throw problem(key, "'" + v + "' is not true or false");
        }
    }

    protected List<String> list(String key) {
        String v = string(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /**
     * Runs a builder and turns its refusal into one naming the property: the builder's field
     * name is looked up in {@code fields}; {@code fallback} names the group otherwise.
     */
    protected <T> T build(java.util.function.Supplier<T> builder, Map<String, String> fields, String fallback) {
        try {
            return builder.get();
        } catch (ConfigurationException e) {
            throw e;
        } catch (InvalidInputException e) {
            String key = fields.get(e.field());
            String problem = e.problem(); // never getMessage(): its [code=...] suffix would come twice
            throw new ConfigurationException(key != null ? name(key) : fallback, problem, e);
        }
    }
}
