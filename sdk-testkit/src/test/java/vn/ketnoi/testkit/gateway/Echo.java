package vn.ketnoi.testkit.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.impl.bootstrap.HttpServer;
import org.apache.hc.core5.http.impl.bootstrap.ServerBootstrap;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;

/**
 * A stand-in provider that records each request exactly as it arrived and answers with the
 * end-to-end and hop-by-hop headers a test expects the gateway to keep or drop.
 */
final class Echo implements AutoCloseable {
    /** A request as the provider received it. */
    record Seen(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }
    }

    static final String BODY = "{\"answer\":42}";
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    Echo() throws IOException {
        server = ServerBootstrap.bootstrap()
                .setLocalAddress(InetAddress.getLoopbackAddress())
                .setListenerPort(0)
                .setRequestRouter((r, c) -> (request, response, context) -> {
                    byte[] body = request.getEntity() == null ? null : EntityUtils.toByteArray(request.getEntity());
                    seen.add(new Seen(request.getMethod(), request.getRequestUri(), headers(request), body));
                    response.setCode(request.getRequestUri().contains("status=201") ? 201 : 200);
                    response.addHeader("Ketnoi-Signature", "eyJ.signed.answer");
                    response.addHeader("X-Road-Id", "road-id-1");
                    response.addHeader("Cache-Control", "no-store");
                    response.addHeader("Retry-After", "7");
                    response.addHeader("Content-Type", "application/json; charset=UTF-8");
                    response.addHeader("Keep-Alive", "timeout=5");
                    response.addHeader("X-Provider-Hop", "secret hop value");
                    response.addHeader("Connection", "X-Provider-Hop");
                    response.addHeader("Proxy-Authenticate", "Basic");
                    response.setEntity(new ByteArrayEntity(BODY.getBytes(StandardCharsets.UTF_8), null));
                })
                .create();
        server.start();
    }

    private static List<Map.Entry<String, String>> headers(ClassicHttpRequest r) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Header h : r.getHeaders()) {
            out.add(Map.entry(h.getName(), h.getValue()));
        }
        return out;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    Seen last() {
        return seen.get(seen.size() - 1);
    }

    @Override
    public void close() {
        server.close(CloseMode.IMMEDIATE);
    }
}
