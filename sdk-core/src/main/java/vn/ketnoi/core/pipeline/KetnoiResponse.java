package vn.ketnoi.core.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP response as it travels back through the interceptor pipeline. Immutable. It remembers
 * the {@linkplain #request() request} that was actually sent for it, after every interceptor had
 * its say, so that the response can be checked against what went on the wire.
 */
public final class KetnoiResponse {
    private final int status;
    private final HttpHeaders headers;
    private final byte[] body;
    private final KetnoiRequest request;

    /**
     * A response.
     *
     * @param status the HTTP status
     * @param headers the headers
     * @param body the body
     * @param request the request it answers
     */
    public KetnoiResponse(int status, HttpHeaders headers, byte[] body, KetnoiRequest request) {
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body == null ? new byte[0] : body.clone();
        this.request = Objects.requireNonNull(request, "request");
    }

    /** {@return the HTTP status} */
    public int status() {
        return status;
    }

    /** {@return whether the status is 2xx} */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** {@return the headers} */
    public HttpHeaders headers() {
        return headers;
    }

    /** {@return the body bytes; a copy} */
    public byte[] body() {
        return body.clone();
    }

    /** {@return the body's length in bytes} */
    public int bodyLength() {
        return body.length;
    }

    /** {@return the body decoded as UTF-8} */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** {@return the request that was sent on the wire to obtain this response} */
    public KetnoiRequest request() {
        return request;
    }

    /**
     * {@return a copy of this response answering another request (used when a network interceptor rewrites)}
     *
     * @param sent the request as sent
     */
    public KetnoiResponse withRequest(KetnoiRequest sent) {
        return new KetnoiResponse(status, headers, body, sent);
    }

    /** {@return status only: bodies may carry personal data} */
    @Override
    public String toString() {
        return "KetnoiResponse[" + status + ", " + body.length + " bytes]";
    }
}
