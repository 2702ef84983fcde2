package vn.ketnoi.core.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import vn.ketnoi.core.ResponseLimits;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.pipeline.HttpHeaders;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * Undoes {@code Content-Encoding} ourselves rather than in HttpClient, so that the decoded size
 * is bounded while inflating: a 10 KB gzip bomb that would inflate to gigabytes stops at the
 * limit with {@code response.too-large}. Only gzip and deflate are accepted.
 */
public final class Bodies {
    /** What the SDK asks servers to compress with. */
    public static final String ACCEPT_ENCODING = "gzip, deflate";

    private Bodies() {
    }

    /** The response with its body decoded, or unchanged when it carries no encoding. */
    public static KetnoiResponse decode(int status, HttpHeaders headers, byte[] body, KetnoiRequest request,
                                        ResponseLimits limits) {
        String encoding = headers.first("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
        String requestId = request.headers().first("X-Road-Id").orElse(null);
        if (encoding.isEmpty() || encoding.equals("identity") || body.length == 0) {
            return new KetnoiResponse(status, headers, body, request);
        }
        InputStream in;
        try {
            in = switch (encoding) {
                case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body), 8192);
                case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body));
                default -> throw new ResponseVerificationException("The response uses a content encoding the SDK"
                        + " does not accept", status, "response.malformed", requestId, null);
            };
        } catch (IOException e) {
            throw new ResponseVerificationException("The compressed response body is damaged", status,
                    "response.malformed", requestId, null);
        }
        long max = limits.maxDecompressedBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4, 1 << 20));
        byte[] buf = new byte[8192];
        long total = 0;
        try (in) {
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > max) {
                    throw new ResponseVerificationException("The decompressed response body is larger than the limit of "
                            + max + " bytes", status, "response.too-large", requestId, null);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new ResponseVerificationException("The compressed response body is damaged", status,
                    "response.malformed", requestId, null);
        }
        HttpHeaders.Builder h = HttpHeaders.builder();
        for (var e : headers.toList()) {
            if (!e.getKey().equalsIgnoreCase("Content-Encoding") && !e.getKey().equalsIgnoreCase("Content-Length")) {
                h.add(e.getKey(), e.getValue());
            }
        }
        return new KetnoiResponse(status, h.build(), out.toByteArray(), request);
    }
}
