package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;

import vn.ketnoi.testkit.SandboxFault;

/**
 * Wraps the sandbox's handler and injects faults per path prefix, deterministically from a seed;
 * also serves the loopback-only admin endpoint {@code /_sandbox/faults}.
 */
public final class FaultInjector implements HttpRequestHandler {
    private static final String ADMIN = "/_sandbox/faults";
    private static final int DRIP_PIECE = 32;

    private record Rule(String prefix, SandboxFault fault, int index, AtomicLong draws) {
    }

    private final SandboxHandler delegate;
    private final Runnable rotateKey;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<SandboxFault.Kind, AtomicLong> injected = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private volatile long seed;

    /**
     * @param delegate the sandbox's handler
     * @param rotateKey rotates the provider's signing key
     * @param seed the initial seed
     */
    public FaultInjector(SandboxHandler delegate, Runnable rotateKey, long seed) {
        this.delegate = delegate;
        this.rotateKey = rotateKey;
        this.seed = seed;
    }

    public void add(String prefix, SandboxFault fault) {
        rules.add(new Rule(prefix, fault, rules.size(), new AtomicLong()));
    }

    public void clear() {
        rules.clear();
    }

    public void seed(long seed) {
        this.seed = seed;
        List<Rule> again = new ArrayList<>();
        for (Rule r : rules) {
            again.add(new Rule(r.prefix(), r.fault(), r.index(), new AtomicLong()));
        }
        rules.clear();
        rules.addAll(again);
    }

    public List<Map.Entry<String, SandboxFault>> active() {
        List<Map.Entry<String, SandboxFault>> out = new ArrayList<>();
        rules.forEach(r -> out.add(Map.entry(r.prefix(), r.fault())));
        return out;
    }

    public Map<SandboxFault.Kind, Long> injected() {
        Map<SandboxFault.Kind, Long> out = new EnumMap<>(SandboxFault.Kind.class);
        injected.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public long callsTo(String prefix) {
        long n = 0;
        for (Map.Entry<String, AtomicLong> e : calls.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                n += e.getValue().get();
            }
        }
        return n;
    }

    public void resetCounts() {
        injected.clear();
        calls.clear();
    }

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws HttpException, IOException {
        String uri = request.getRequestUri() == null ? "" : request.getRequestUri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.equals(ADMIN) || path.startsWith(ADMIN + "/")) {
            admin(request, response, context, path);
            return;
        }
        calls.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
        SandboxFault fault = draw(path);
        if (fault == null) {
            delegate.handle(request, response, context);
            return;
        }
        injected.computeIfAbsent(fault.kind(), k -> new AtomicLong()).incrementAndGet();
        switch (fault.kind()) {
            case LATENCY:
                sleep(fault.duration().toMillis());
                delegate.handle(request, response, context);
                break;
            case STATUS:
            case RATE_LIMITED:
                EntityUtils.consume(request.getEntity());
                refuse(request, response, path, fault);
                break;
            case RESET_BEFORE:
                throw new SocketException("sandbox fault: connection reset before the operation");
            case RESET_AFTER:
                delegate.handle(request, response, context);
                EntityUtils.consume(response.getEntity());
                throw new SocketException("sandbox fault: connection reset after the operation");
            case TRUNCATE:
                delegate.handle(request, response, context);
                response.setEntity(new Truncated(response.getEntity()));
                break;
            case SLOW_DRIP:
                delegate.handle(request, response, context);
                response.setEntity(new Drip(response.getEntity(), fault.duration().toMillis()));
                break;
            default:
                delegate.handle(request, response, context);
        }
    }

    /** The first fault of this path whose draw hits, or null. */
    private SandboxFault draw(String path) {
        for (Rule r : rules) {
            if (!path.startsWith(r.prefix())) {
                continue;
            }
            long n = r.draws().getAndIncrement();
            double u = (mix(seed ^ (0x9E3779B97F4A7C15L * (r.index() + 1)) ^ mix(n)) >>> 11) * 0x1.0p-53;
            if (u < r.fault().rate()) {
                return r.fault();
            }
        }
        return null;
    }

    /** SplitMix64's finaliser: a good spread of consecutive inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void refuse(ClassicHttpRequest request, ClassicHttpResponse response, String path, SandboxFault fault) {
        String code = fault.kind() == SandboxFault.Kind.RATE_LIMITED ? "rate-limited"
                : fault.status() == 500 ? "server.internal" : "server.unavailable";
        boolean api = request.getFirstHeader("X-Road-Id") != null && !path.startsWith("/oauth2/")
                && !path.startsWith("/.well-known/");
        if (api) {
            delegate.injectProblem(request, response, code);
        } else {
            response.setCode(Problems.status(code));
            response.setEntity(new ByteArrayEntity(("{\"error\":\"temporarily_unavailable\",\"error_description\":\""
                    + code + "\"}").getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        }
        if (fault.status() != 500) {
            response.setHeader("Retry-After", Long.toString(fault.duration().toSeconds()));
        }
    }

    private void admin(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context, String path)
            throws IOException {
        SocketAddress remote = HttpCoreContext.cast(context).getEndpointDetails() == null ? null
                : HttpCoreContext.cast(context).getEndpointDetails().getRemoteAddress();
        if (!(remote instanceof InetSocketAddress a) || a.getAddress() == null || !a.getAddress().isLoopbackAddress()) {
            response.setCode(403);
            return;
        }
        String method = request.getMethod();
        try {
            if (path.equals(ADMIN + "/rotate-signing-key") && method.equals("POST")) {
                rotateKey.run();
                response.setCode(204);
            } else if (path.equals(ADMIN) && method.equals("GET")) {
                Map<String, Object> m = new LinkedHashMap<>();
                List<Map<String, String>> list = new ArrayList<>();
                for (Rule r : rules) {
                    list.add(Map.of("prefix", r.prefix(), "fault", r.fault().toString()));
                }
                m.put("faults", list);
                Map<String, Long> counts = new LinkedHashMap<>();
                injected().forEach((k, v) -> counts.put(k.name(), v));
                m.put("injected", counts);
                response.setCode(200);
                response.setEntity(new ByteArrayEntity(Json.bytes(m), ContentType.APPLICATION_JSON));
            } else if (path.equals(ADMIN) && method.equals("POST")) {
                byte[] body;
                try (InputStream in = request.getEntity() == null ? InputStream.nullInputStream()
                        : request.getEntity().getContent()) {
                    body = in.readNBytes(4096);
                }
                com.fasterxml.jackson.databind.JsonNode n = Json.parse(body);
                add(n.path("prefix").asText("/"), SandboxFault.parse(n.path("fault").asText()));
                if (n.has("seed")) {
                    seed(n.get("seed").asLong());
                }
                response.setCode(204);
            } else if (path.equals(ADMIN) && method.equals("DELETE")) {
                clear();
                resetCounts();
                response.setCode(204);
            } else {
                response.setCode(405);
            }
        } catch (IllegalArgumentException | IOException e) {
            response.setCode(400);
            response.setEntity(new ByteArrayEntity(("{\"error\":\"bad fault\"}").getBytes(StandardCharsets.UTF_8),
                    ContentType.APPLICATION_JSON));
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("sandbox shutting down");
        }
    }

    /** Sends half the body, then fails the connection. */
    private static final class Truncated extends HttpEntityWrapper {
        private final HttpEntity wrapped;

        Truncated(HttpEntity wrapped) {
            super(wrapped);
            this.wrapped = wrapped;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] all = EntityUtils.toByteArray(wrapped);
            out.write(all, 0, all.length / 2);
            out.flush();
            throw new SocketException("sandbox fault: body truncated");
        }

        @Override
        public boolean isStreaming() {
            return false;
        }
    }

    /** Sends the body a piece at a time. */
    private static final class Drip extends HttpEntityWrapper {
        private final long pauseMs;
        private final HttpEntity wrapped;

        Drip(HttpEntity wrapped, long pauseMs) {
            super(wrapped);
            this.wrapped = wrapped;
            this.pauseMs = pauseMs;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] all = EntityUtils.toByteArray(wrapped);
            for (int i = 0; i < all.length; i += DRIP_PIECE) {
                sleep(pauseMs);
                out.write(all, i, Math.min(DRIP_PIECE, all.length - i));
                out.flush();
            }
        }

        @Override
        public boolean isStreaming() {
            return false;
        }
    }
}
