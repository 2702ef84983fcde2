package vn.ketnoi.core.internal.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import vn.ketnoi.core.ResponseLimits;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Walks a JSON body once, token by token, under a client's {@link ResponseLimits}, before
 * anything binds it: a body nested too deep or with an over-long string or number is refused
 * with {@code response.limits} without building a tree. Thread-safe.
 */
public final class JsonLimits {
    private final JsonFactory factory;

    public JsonLimits(ResponseLimits limits) {
        StreamReadConstraints.Builder constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength());
        limitNames(constraints, Math.min(limits.maxStringLength(), 50_000));
        this.factory = JsonFactory.builder().streamReadConstraints(constraints.build()).build();
    }

    /**
     * Caps member-name length where the Jackson in use can (2.16 and newer). The SDK supports
     * Jackson from 2.15, whose names are bounded only by the response size limit.
     */
    private static void limitNames(StreamReadConstraints.Builder constraints, int max) {
        try {
            StreamReadConstraints.Builder.class.getMethod("maxNameLength", int.class).invoke(constraints, max);
        } catch (ReflectiveOperationException e) {
            // Jackson 2.15: no name-length constraint.
        }
    }

    /** Throws {@code response.limits} when a JSON body breaks a limit; other bodies pass untouched. */
    public void check(KetnoiResponse response) {
        String type = response.headers().first("Content-Type").orElse("");
        if (response.body().length == 0 || !type.contains("json")) {
            return;
        }
        try (JsonParser p = factory.createParser(response.body())) {
            while (p.nextToken() != null) {
                // Reading the token text enforces the string and number length limits.
                if (p.currentToken().isScalarValue()) {
                    p.getText();
                }
            }
        } catch (StreamConstraintsException e) {
            throw new ResponseVerificationException("The response body breaks the configured JSON limits ("
                    + e.getOriginalMessage().replaceAll("[^A-Za-z0-9 ,.()-]", "") + ")", response.status(),
                    "response.limits", response.request().headers().first("X-Road-Id").orElse(null), null);
        } catch (IOException e) {
            // Malformed JSON is reported when the body is bound, with the type it should have had.
        }
    }
}
