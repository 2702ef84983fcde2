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
}
