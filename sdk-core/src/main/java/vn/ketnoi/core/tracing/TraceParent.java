package vn.ketnoi.core.tracing;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A W3C Trace Context {@code traceparent} value (version {@code 00}): a 16-byte trace id, the
 * 8-byte id of the calling span and the trace flags. It carries random ids only, never anything
 * about the citizen or the call.
 *
 * <p>Every request the SDK sends carries a {@code traceparent} header. When an application
 * interceptor (such as the one of {@code sdk-opentelemetry}) has already set one, it is forwarded
 * unchanged; otherwise the SDK starts a fresh trace for the call with {@link #random()}.
 *
 * <p>Immutable.
 */
public final class TraceParent {
    /** The header's name. */
    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final String traceId;
    private final String parentId;
    private final int flags;

    private TraceParent(String traceId, String parentId, int flags) {
        this.traceId = traceId;
        this.parentId = parentId;
        this.flags = flags;
    }

    /**
     * Parses a header value; empty when it is not a valid version-00 value (an all-zero id is
     * invalid too), as the W3C specification says to treat such a header as absent.
     *
     * @param value the header value; may be {@code null}
     * @return the parsed value, or empty
     */
    public static Optional<TraceParent> parse(@Nullable String value) {
        if (value == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(value.trim());
        if (!m.matches() || isZero(m.group(1)) || isZero(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(m.group(1), m.group(2), Integer.parseInt(m.group(3), 16)));
    }

    /** {@return a new trace: random trace and parent ids, not sampled (the SDK records nothing itself)} */
    public static TraceParent random() {
        return new TraceParent(hex(16), hex(8), 0);
    }

    /**
     * A value from ids held elsewhere (a tracing library's span context).
     *
     * @param traceId  32 lower-case hex digits, not all zero
     * @param parentId 16 lower-case hex digits, not all zero
     * @param sampled  whether the caller records the trace
     * @return the value
     * @throws IllegalArgumentException when an id is malformed
     */
    public static TraceParent of(String traceId, String parentId, boolean sampled) {
        String text = "00-" + Objects.requireNonNull(traceId, "traceId").toLowerCase(Locale.ROOT) + "-"
                + Objects.requireNonNull(parentId, "parentId").toLowerCase(Locale.ROOT) + (sampled ? "-01" : "-00");
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a valid trace id and parent id"));
    }

    /** {@return the trace id, 32 hex digits} */
    public String traceId() {
        return traceId;
    }

    /** {@return the parent span id, 16 hex digits} */
    public String parentId() {
        return parentId;
    }

    /** {@return whether the caller sampled the trace} */
    public boolean sampled() {
        return (flags & 1) == 1;
    }

    /** {@return the header value, for example {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}} */
    public String headerValue() {
        return "00-" + traceId + "-" + parentId + "-" + Character.forDigit((flags >> 4) & 0xf, 16)
                + Character.forDigit(flags & 0xf, 16);
    }

    private static boolean isZero(String hex) {
        return hex.chars().allMatch(c -> c == '0');
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        do {
            // Trace ids correlate logs; they guard nothing, so they need not cost a SecureRandom
            // (whose shared source is a lock every caller meets). OpenTelemetry's ids are made the same way.
            ThreadLocalRandom.current().nextBytes(b);
        } while (allZero(b));
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceParent t && traceId.equals(t.traceId) && parentId.equals(t.parentId) && flags == t.flags;
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceId, parentId, flags);
    }

    @Override
    public String toString() {
        return headerValue();
    }
}
