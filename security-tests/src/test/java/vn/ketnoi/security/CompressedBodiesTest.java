package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import vn.ketnoi.core.ResponseLimits;
import vn.ketnoi.core.internal.http.Bodies;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * What the decoder hands on when a compressed answer is within the limits: the exact bytes the
 * provider signed, under the headers it sent less the two that described the compressed form.
 * The sandbox never compresses, and a hostile server's answers are refused before their bodies
 * are read, so only this test sees a decoded body arrive intact.
 */
class CompressedBodiesTest {
    private static final byte[] PLAIN = "{\"citizen\":{\"sex\":\"FEMALE\"}}".repeat(50).getBytes(StandardCharsets.UTF_8);
    private static final KetnoiRequest SENT = KetnoiRequest.builder("GET", URI.create("https://provider.test/population/v1/x")).build();

    private static byte[] compressed(boolean gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = gzip ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(PLAIN);
        }
        return out.toByteArray();
    }

    @Test
    void aCompressedBodyIsDecodedToTheExactBytesAndItsEncodingHeadersDropped() throws IOException {
        for (String encoding : new String[] {"gzip", " GZIP ", "x-gzip", "deflate"}) {
            byte[] wire = compressed(!encoding.strip().equals("deflate"));
            HttpHeaders headers = HttpHeaders.builder().add("Content-Type", "application/json")
                    .add("Content-Encoding", encoding).add("Content-Length", String.valueOf(wire.length))
                    .add("Ketnoi-Signature", "a.b.c").build();
            KetnoiResponse r = Bodies.decode(200, headers, wire, SENT, ResponseLimits.defaults());
            assertArrayEquals(PLAIN, r.body(), encoding);
            assertFalse(r.headers().contains("Content-Encoding"));
            assertFalse(r.headers().contains("Content-Length"));
            assertEquals("a.b.c", r.headers().first("Ketnoi-Signature").orElseThrow());
            assertEquals("application/json", r.headers().first("Content-Type").orElseThrow());
            assertEquals(200, r.status());
            assertSame(SENT, r.request());
        }
    }

    @Test
    void anUncompressedOrEmptyBodyPassesUntouched() {
        HttpHeaders identity = HttpHeaders.builder().add("Content-Encoding", "identity").add("Content-Length", "3").build();
        KetnoiResponse r = Bodies.decode(200, identity, "{ }".getBytes(StandardCharsets.UTF_8), SENT, ResponseLimits.defaults());
        assertEquals("{ }", r.bodyAsString());
        assertEquals("3", r.headers().first("Content-Length").orElseThrow());
        KetnoiResponse empty = Bodies.decode(204, HttpHeaders.builder().add("Content-Encoding", "gzip").build(), new byte[0],
                SENT, ResponseLimits.defaults());
        assertEquals(0, empty.body().length);
    }
}
