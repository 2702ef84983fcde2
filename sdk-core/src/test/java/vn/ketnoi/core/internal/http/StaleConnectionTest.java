package vn.ketnoi.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import vn.ketnoi.core.HttpOptions;
import vn.ketnoi.core.ProxyOptions;
import vn.ketnoi.core.exception.TransportException;
import vn.ketnoi.core.internal.pipeline.CallContext;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;

/**
 * A provider that restarts leaves the client's pool holding connections it has closed. The server
 * here answers each request on a kept-alive connection and then closes that connection without
 * saying so (no {@code Connection: close}), which is what a restart looks like from the pool: the
 * next request written to it gets no answer at all. HttpClient checks a pooled connection only after
 * two idle seconds, so the request after that must still succeed when it is safe to repeat.
 */
class StaleConnectionTest {
    private ServerSocket server;
    private Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private ApacheTransport transport;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "stale-connection-server");
        acceptor.setDaemon(true);
        acceptor.start();
        transport = new ApacheTransport(HttpOptions.defaults(), ProxyOptions.none(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws IOException {
        transport.close();
        server.close();
    }

    @Test
    @DisplayName("a request that is safe to repeat goes again on a new connection when its pooled one was closed")
    void repeatsOnANewConnection() {
        assertEquals(200, transport.send(request("GET", true), deadline()).status());
        KetnoiResponse second = transport.send(request("GET", true), deadline());

        assertEquals(200, second.status());
        assertEquals(List.of("GET /thing", "GET /thing"), answered);
        assertEquals(2, connections.get(), "the second request was answered on a connection of its own");
    }

    @Test
    @DisplayName("the asynchronous transport sees the server's close before it leases the connection again")
    void asynchronousTransportLeasesALiveConnection() throws Exception {
        try (ApacheAsyncTransport async = new ApacheAsyncTransport(HttpOptions.defaults(), ProxyOptions.none(),
                Clock.systemUTC())) {
            assertEquals(200, async.send(request("POST", false), deadline(), CallContext.sync()).get().status());
            Thread.sleep(100); // the I/O reactor reads the close as it arrives, not at the next lease

            assertEquals(200, async.send(request("POST", false), deadline(), CallContext.sync()).get().status());
            assertEquals(List.of("POST /thing", "POST /thing"), answered);
        }
    }

    @Test
    @DisplayName("every idle connection of the pool goes with the stale one, so one repeat is enough")
    void dropsEveryIdleConnection() throws Exception {
        // Three connections in the pool at once, all closed by the server after their answer.
        Thread[] callers = new Thread[3];
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        for (int i = 0; i < callers.length; i++) {
            callers[i] = new Thread(() -> statuses.add(transport.send(slowRequest(), deadline()).status()));
            callers[i].start();
        }
        for (Thread t : callers) {
            t.join(5_000);
        }
        assertEquals(List.of(200, 200, 200), statuses);
        assertEquals(3, connections.get());

        assertEquals(200, transport.send(request("GET", true), deadline()).status());
        assertEquals(4, connections.get(), "one new connection, after one stale one, not three");
    }

    @Test
    @DisplayName("a request that is not safe to repeat is not repeated, and may have been applied")
    void neverRepeatsAWriteThatMayHaveApplied() {
        assertEquals(200, transport.send(request("POST", false), deadline()).status());

        TransportException e = assertThrows(TransportException.class,
                () -> transport.send(request("POST", false), deadline()));

        assertEquals("transport.io", e.errorCode());
        assertFalse(e.isRetryable());
        assertTrue(e.mayHaveBeenApplied());
        assertEquals(List.of("POST /thing"), answered);
        assertEquals(1, connections.get());
    }

    private KetnoiRequest request(String method, boolean idempotent) {
        KetnoiRequest.Builder b = KetnoiRequest.builder(method, URI.create(base() + "/thing"))
                .header("Accept", "application/json").idempotent(idempotent);
        if ("POST".equals(method)) {
            b.header("Content-Type", "application/json").body("{}".getBytes(StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private KetnoiRequest slowRequest() {
        return KetnoiRequest.builder("GET", URI.create(base() + "/slow")).idempotent(true).build();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private static Instant deadline() {
        return Instant.now().plus(Duration.ofSeconds(5));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> answerOnceThenClose(s), "stale-connection-handler");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Answers one request as if the connection stayed open, then closes it. */
    private void answerOnceThenClose(Socket s) {
        try (s) {
            s.setSoTimeout(5_000);
            InputStream in = s.getInputStream();
            String head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            int length = contentLength(head);
            in.readNBytes(length);
            String target = requestLine.split(" ")[1];
            if (target.equals("/slow")) {
                Thread.sleep(200); // holds the connection so the other callers need their own
            }
            answered.add(requestLine.split(" ")[0] + " " + target); // before the client can see the answer
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away: nothing to answer
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }
}
