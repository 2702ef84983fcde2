package vn.ketnoi.core.internal.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The SDK's one JSON mapper: thread-safe, built once. Lenient about members it does not know (the
 * protocol may add them) and strict about size, so that a hostile body cannot exhaust memory.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            // The hard ceilings; each client's own, lower limits are applied by JsonLimits first.
                            .maxNestingDepth(vn.ketnoi.core.ResponseLimits.MAX_NESTING_DEPTH)
                            .maxStringLength(vn.ketnoi.core.ResponseLimits.MAX_STRING_LENGTH)
                            .maxNumberLength(vn.ketnoi.core.ResponseLimits.MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * {@link java.time.Instant#parse}, with the answer's usual form read directly: every lookup
     * answer carries a time, and the ISO formatter spent about 20 µs of a call on it (JFR, one
     * caller). {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a valid date and time is read here;
     * any other text goes to {@code Instant.parse}, which accepts or refuses it as it always did.
     *
     * @param text the time as the protocol writes it
     * @return the instant
     * @throws java.time.format.DateTimeParseException as {@code Instant.parse} throws it
     */
    public static java.time.Instant instant(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && n != 21 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(n - 1) == 'Z'
                && (n == 20 || text.charAt(19) == '.')) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int fraction = n == 20 ? 0 : digits(text, 20, n - 1);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= java.time.YearMonth.of(year, month).lengthOfMonth()
                    && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && fraction >= 0) {
                int nanos = fraction;
                for (int i = n - 1 - 20; i < 9; i++) {
                    nanos *= 10;
                }
                long epochSecond = java.time.LocalDate.of(year, month, day).toEpochDay() * 86_400L
                        + hour * 3_600L + minute * 60L + second;
                return java.time.Instant.ofEpochSecond(epochSecond, n == 20 ? 0 : nanos);
            }
        }
        return java.time.Instant.parse(text);
    }

    /** The ASCII digits from {@code from} to {@code to} as a number, or -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
