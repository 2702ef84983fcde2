package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.ResponseLimits;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.internal.json.JsonLimits;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * The response limits' own bounds, and the JSON walk that enforces them, at their edges: a limit
 * one past its ceiling (or below its floor) is refused when configured, and a body exactly at a
 * limit passes while one unit more is refused. The hostile-server tests show the limits work; these
 * pin where they are.
 */
class ResponseLimitsBoundsTest {

    private static void bounds(BiFunction<ResponseLimits.Builder, Long, ResponseLimits.Builder> set, String name, long min, long max) {
        set.apply(ResponseLimits.builder(), min).build();
        set.apply(ResponseLimits.builder(), max).build();
        for (long outside : new long[] {min - 1, max + 1}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> set.apply(ResponseLimits.builder(), outside).build(), name + "=" + outside);
            assertEquals(true, e.getMessage().contains("limits." + name), e.getMessage());
        }
    }

    @Test
    void eachLimitIsRefusedOutsideItsRangeAndAcceptedAtItsEnds() {
        bounds((b, v) -> b.maxHeaderCount(v.intValue()), "maxHeaderCount", 16, 10_000);
        bounds((b, v) -> b.maxHeaderLineLength(v.intValue()), "maxHeaderLineLength", 1024, 1 << 20);
        bounds((b, v) -> b.maxNestingDepth(v.intValue()), "maxNestingDepth", 4, ResponseLimits.MAX_NESTING_DEPTH);
        bounds((b, v) -> b.maxStringLength(v.intValue()), "maxStringLength", 1024, ResponseLimits.MAX_STRING_LENGTH);
        bounds((b, v) -> b.maxNumberLength(v.intValue()), "maxNumberLength", 20, ResponseLimits.MAX_NUMBER_LENGTH);
        ResponseLimits.builder().maxDecompressedBytes(1024).build();
        ResponseLimits.builder().maxDecompressedBytes(Long.MAX_VALUE).build();
        assertThrows(InvalidInputException.class, () -> ResponseLimits.builder().maxDecompressedBytes(1023).build());
    }

    @Test
    void theDefaultsAreTheDocumentedOnesAndSurviveToBuilder() {
        ResponseLimits d = ResponseLimits.defaults();
        assertEquals(16L * 1024 * 1024, d.maxDecompressedBytes());
        assertEquals(100, d.maxHeaderCount());
        assertEquals(8192, d.maxHeaderLineLength());
        assertEquals(32, d.maxNestingDepth());
        assertEquals(1_000_000, d.maxStringLength());
        assertEquals(100, d.maxNumberLength());
        ResponseLimits custom = ResponseLimits.builder().maxDecompressedBytes(2048).maxHeaderCount(17).maxHeaderLineLength(1025)
                .maxNestingDepth(5).maxStringLength(1025).maxNumberLength(21).build();
        assertEquals(custom, custom.toBuilder().build());
        assertEquals(custom.hashCode(), custom.toBuilder().build().hashCode());
        assertNotEquals(d, custom);
        assertNotEquals(d.hashCode(), custom.hashCode());
        assertEquals("ResponseLimits[decompressed=2048, headers=17x1025, jsonDepth=5, jsonString=1025, jsonNumber=21]",
                custom.toString());
    }

    private static KetnoiResponse json(String contentType, String body) {
        KetnoiRequest sent = KetnoiRequest.builder("GET", URI.create("https://provider.test/population/v1/x"))
                .header("X-Road-Id", "req-9").build();
        HttpHeaders h = contentType == null ? HttpHeaders.empty() : HttpHeaders.builder().add("Content-Type", contentType).build();
        return new KetnoiResponse(200, h, body.getBytes(StandardCharsets.UTF_8), sent);
    }

    private static String refusal(JsonLimits limits, String body) {
        ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                () -> limits.check(json("application/json", body)));
        assertEquals("req-9", e.requestId());
        assertEquals(200, e.statusCode());
        return e.errorCode();
    }

    @Test
    void jsonAtEachLimitPassesAndOneMoreIsRefused() {
        JsonLimits limits = new JsonLimits(ResponseLimits.builder().maxNestingDepth(4).maxStringLength(1024)
                .maxNumberLength(20).build());
        limits.check(json("application/json", "[[[[1]]]]"));
        assertEquals("response.limits", refusal(limits, "[[[[[1]]]]]"));
        limits.check(json("application/json", "[\"" + "a".repeat(1024) + "\"]"));
        assertEquals("response.limits", refusal(limits, "[\"" + "a".repeat(1025) + "\"]"));
        limits.check(json("application/json", "[" + "9".repeat(20) + "]"));
        assertEquals("response.limits", refusal(limits, "[" + "9".repeat(21) + "]"));
    }

    @Test
    void anOverlongMemberNameIsRefused() {
        JsonLimits limits = new JsonLimits(ResponseLimits.builder().maxStringLength(1024).build());
        limits.check(json("application/json", "{\"" + "n".repeat(1024) + "\":1}"));
        assertEquals("response.limits", refusal(limits, "{\"" + "n".repeat(1025) + "\":1}"));
    }

    @Test
    void aProblemBodyIsWalkedToo() {
        JsonLimits limits = new JsonLimits(ResponseLimits.builder().maxNestingDepth(4).build());
        ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                () -> limits.check(json("application/problem+json; charset=utf-8", "[[[[[[]]]]]]")));
        assertEquals("response.limits", e.errorCode());
    }

    @Test
    void bodiesThatAreNotJsonOrEmptyAreLeftToTheirReaders() {
        JsonLimits limits = new JsonLimits(ResponseLimits.builder().maxNestingDepth(4).build());
        limits.check(json("application/jwt", "[[[[[[]]]]]]"));
        limits.check(json(null, "[[[[[[]]]]]]"));
        limits.check(json("application/json", ""));
        limits.check(json("application/json", "{not json"));
    }
}
