package vn.ketnoi.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxClients;

/**
 * A hostile server (a raw HTTP server on loopback) answers the lookup with a compression bomb, a
 * flood of headers, an endless header line or a huge body; tokens still come from the sandbox.
 * Each is stopped at its limit, before the content is used, with a typed error, on the classic and
 * the async transport.
 */
class HostileServerLimitsTest {
    private static KetnoiSandbox sandbox;
    private static HttpServer hostile;
    private static volatile Consumer<HttpExchange> answer;
    private static byte[] bomb;

    @BeforeAll
    static void start() throws IOException {
        sandbox = KetnoiSandbox.builder().populationSize(20).build().start();
        // 64 MiB of zeros gzip to about 64 KB: far under the wire limit, far over the decoded one.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        bomb = out.toByteArray();
        hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostile.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                answer.accept(ex);
            }
        });
        hostile.start();
    }

    @AfterAll
    static void stop() {
        hostile.stop(0);
        sandbox.close();
    }

    private static void send(HttpExchange ex, byte[] body) {
        try {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        } catch (IOException e) {
            // The client hung up at its limit: expected.
        }
    }

    private static ClientConfig.Builder towardsHostile() {
        URI endpoint = URI.create("http://127.0.0.1:" + hostile.getAddress().getPort());
        ClientConfig base = SandboxClients.configFor(sandbox);
        return Fixtures.noRetries(base).endpoint(endpoint).tokenEndpoint(base.tokenEndpoint()).jwksUri(base.jwksUri());
    }

    private static void refused(ClientConfig config, String code) {
        try (PopulationClient client = PopulationClient.create(config)) {
            var c = sandbox.population().anyLiving();
            KetnoiException sync = assertThrows(KetnoiException.class, () -> client.lookup(Fixtures.lookupOf(c)));
            assertEquals(code, sync.errorCode(), sync.getMessage());
            assertEquals(code, Fixtures.asyncFailure(client.lookupAsync(Fixtures.lookupOf(c))).errorCode());
        }
    }

    @Test
    void aGzipBombIsStoppedAtTheDecompressedLimit() {
        assertTrue(bomb.length < 1 << 20, "the bomb is small on the wire");
        answer = ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            send(ex, bomb);
        };
        refused(towardsHostile().build(), "response.too-large");
    }

    @Test
    void anOversizedBodyIsStoppedAtTheWireLimit() {
        answer = ex -> send(ex, new byte[2 << 20]);
        refused(towardsHostile().httpOptions(HttpOptions.builder().maxResponseBytes(256 * 1024).build()).build(),
                "response.too-large");
    }

    @Test
    void aFloodOfHeadersIsRefused() {
        answer = ex -> {
            for (int i = 0; i < 500; i++) {
                ex.getResponseHeaders().add("X-Flood-" + i, "x");
            }
            send(ex, "{}".getBytes());
        };
        refused(towardsHostile().build(), "response.limits");
    }

    @Test
    void anEndlessHeaderLineIsRefused() {
        answer = ex -> {
            ex.getResponseHeaders().add("X-Long", "a".repeat(64 * 1024));
            send(ex, "{}".getBytes());
        };
        refused(towardsHostile().build(), "response.limits");
    }

    @Test
    void anUnknownContentEncodingIsRefused() {
        answer = ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "br");
            send(ex, "{}".getBytes());
        };
        refused(towardsHostile().build(), "response.malformed");
    }

    /** A JSON body of exactly {@code n} bytes. */
    private static byte[] jsonOf(int n) {
        String head = "{\"pad\":\"";
        return (head + "x".repeat(n - head.length() - 2) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Sends {@code body} without a Content-Length: chunked, so only counting while reading can stop it. */
    private static void sendChunked(HttpExchange ex, byte[] body) {
        try {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                for (int off = 0; off < body.length; off += 1000) {
                    os.write(body, off, Math.min(1000, body.length - off));
                }
            }
        } catch (IOException e) {
            // The client hung up at its limit: expected.
        }
    }

    private static ClientConfig wireLimit(int bytes) {
        return towardsHostile().httpOptions(HttpOptions.builder().maxResponseBytes(bytes).build()).build();
    }

    @Test
    void aChunkedBodyOverTheWireLimitIsStoppedWhileReading() {
        answer = ex -> sendChunked(ex, new byte[2 << 20]);
        refused(wireLimit(256 * 1024), "response.too-large");
    }

    @Test
    void theWireLimitIsTheLastByteAcceptedWithOrWithoutALength() {
        // At the limit the body is read, and the unsigned answer is then refused for what it is;
        // one byte more is refused as too large, declared or streamed.
        answer = ex -> send(ex, jsonOf(4096));
        refused(wireLimit(4096), "response.signature-missing");
        answer = ex -> sendChunked(ex, jsonOf(4096));
        refused(wireLimit(4096), "response.signature-missing");
        answer = ex -> send(ex, jsonOf(4097));
        refused(wireLimit(4096), "response.too-large");
        answer = ex -> sendChunked(ex, jsonOf(4097));
        refused(wireLimit(4096), "response.too-large");
    }

    private static byte[] compressed(byte[] plain, boolean gzip) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (java.io.OutputStream z = gzip ? new GZIPOutputStream(out) : new java.util.zip.DeflaterOutputStream(out)) {
                z.write(plain);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClientConfig decodedLimit(long bytes) {
        return towardsHostile().httpOptions(HttpOptions.builder()
                .limits(vn.ketnoi.core.ResponseLimits.builder().maxDecompressedBytes(bytes).build()).build()).build();
    }

    @Test
    void theDecompressedLimitIsTheLastByteAcceptedForGzipAndDeflate() {
        for (String encoding : List.of("gzip", "x-gzip", "deflate")) {
            boolean gzip = !encoding.equals("deflate");
            answer = ex -> {
                ex.getResponseHeaders().add("Content-Encoding", encoding);
                send(ex, compressed(jsonOf(4096), gzip));
            };
            refused(decodedLimit(4096), "response.signature-missing");
            answer = ex -> {
                ex.getResponseHeaders().add("Content-Encoding", encoding);
                send(ex, compressed(jsonOf(4097), gzip));
            };
            refused(decodedLimit(4096), "response.too-large");
        }
    }

    @Test
    void aDamagedCompressedBodyIsMalformed() {
        byte[] whole = compressed(jsonOf(4096), true);
        answer = ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            send(ex, java.util.Arrays.copyOf(whole, whole.length / 2));
        };
        refused(towardsHostile().build(), "response.malformed");
        answer = ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            send(ex, "not gzip at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        };
        refused(towardsHostile().build(), "response.malformed");
    }

    @Test
    void tighterHeaderLimitsAreTheOnesApplied() {
        // Forty headers and a 2 KiB header line pass the defaults; configured lower, they are refused.
        ClientConfig tight = towardsHostile().httpOptions(HttpOptions.builder().limits(vn.ketnoi.core.ResponseLimits.builder()
                .maxHeaderCount(16).maxHeaderLineLength(1024).build()).build()).build();
        answer = ex -> {
            for (int i = 0; i < 40; i++) {
                ex.getResponseHeaders().add("X-Many-" + i, "x");
            }
            send(ex, "{}".getBytes());
        };
        refused(towardsHostile().build(), "response.signature-missing");
        refused(tight, "response.limits");
        answer = ex -> {
            ex.getResponseHeaders().add("X-Long", "a".repeat(2048));
            send(ex, "{}".getBytes());
        };
        refused(towardsHostile().build(), "response.signature-missing");
        refused(tight, "response.limits");
    }
}
