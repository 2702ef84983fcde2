package vn.ketnoi.testkit.internal.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.jspecify.annotations.Nullable;

import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.TokenService;

/**
 * The gateway's one handler. In order: its own token endpoint; the route (404 when no service is
 * mounted at the path); the gateway credential (401); the application's right to the service
 * (403); its quota (429); a failure on command; then the request is forwarded. Everything the
 * gateway answers itself is its own small JSON (or, for the HTML fault, a web server's page) and
 * never carries a Ketnoi-Signature or X-Road-Error: it is not the provider speaking.
 *
 * <p>Forwarding follows RFC 9110 section 7.6: hop-by-hop headers (Connection and the headers it
 * names, Keep-Alive, Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) and the gateway's own
 * credential are dropped, Host is the next hop's, Via, Forwarded and X-Forwarded-* are added;
 * everything end-to-end (the body, the exchange headers, Authorization, Ketnoi-Signature, and in
 * the answer the status, body, Ketnoi-Signature, X-Road-Id, Content-Type, Retry-After,
 * Cache-Control) passes unchanged, unless a test tampers with it on purpose.
 */
public final class GatewayHandler implements HttpRequestHandler {

    /** The gateway's token endpoint, at the root of its URL. */
    public static final String TOKEN_PATH = "/token";
    /** Request bodies above this are refused with 413 (the provider's own limit is lower). */
    public static final int MAX_BODY = 8 * 1024 * 1024;

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "proxy-connection");
    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    private static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /** A route: a service mounted under the path prefix, or a pass-through path. */
    private record Target(String route, @Nullable String serviceId, String upstreamTarget) {
    }

    /** The gateway's set-up, fixed when it starts. */
    public record Config(String name, String pathPrefix, Map<String, String> routes, Map<String, String> passThrough,
            Map<String, Application> applications, String credentialHeader, String requestIdHeader) {
    }

    private final Config config;
    private final AccessTokens tokens;
    private final Quota quota;
    private final FaultPlan faults;
    private final Counters counters;
    private final Upstream upstream;
    private final String requestIdHeaderLower;
    private final String credentialHeaderLower;

    public GatewayHandler(Config config, AccessTokens tokens, Quota quota, FaultPlan faults, Counters counters,
            Upstream upstream) {
        this.config = config;
        this.tokens = tokens;
        this.quota = quota;
        this.faults = faults;
        this.counters = counters;
        this.upstream = upstream;
        this.requestIdHeaderLower = config.requestIdHeader().toLowerCase(Locale.ROOT);
        this.credentialHeaderLower = config.credentialHeader().toLowerCase(Locale.ROOT);
    }

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws HttpException, IOException {
        String requestId = UUID.randomUUID().toString();
        response.setHeader(config.requestIdHeader(), requestId);
        String uri = request.getRequestUri() == null ? "" : request.getRequestUri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (TOKEN_PATH.equals(path)) {
            token(request, response);
            return;
        }
        Target target = resolve(uri);
        if (target == null) {
            refuse(request, response, 404, "not_found", "no API is published at this path", "route_unknown");
            return;
        }
        String app = authenticate(request);
        if (app == null) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + config.name() + "\", error=\"invalid_token\"");
            refuse(request, response, 401, "invalid_token",
                    "missing, unknown or expired gateway access token in " + config.credentialHeader(), "invalid_token");
            return;
        }
        Application application = config.applications().get(app);
        if (target.serviceId() != null && (application == null || !application.mayCall(target.serviceId()))) {
            refuse(request, response, 403, "forbidden", "this application is not subscribed to this API",
                    "route_forbidden");
            return;
        }
        long wait = quota.take(app);
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(wait));
            refuse(request, response, 429, "quota_exceeded", "the application's request quota is used up",
                    "quota_exceeded");
            return;
        }
        if (target.serviceId() != null) {
            FaultPlan.Fault fault = faults.next();
            if (fault != null && fault.kind() == FaultPlan.Kind.ANSWER_LOST) {
                forward(target, request, response, context, requestId);
                HttpEntity lost = response.getEntity();
                if (lost != null) {
                    lost.close();
                    response.setEntity(null);
                }
                response.removeHeaders("Ketnoi-Signature");
                response.removeHeaders("X-Road-Id");
                response.removeHeaders("Retry-After");
                response.removeHeaders("Content-Type");
                int s = fault.status();
                refuse(request, response, s, errorName(s), "the provider's answer was lost on the way (" + s + ")",
                        "fault_answer_lost");
                return;
            }
            if (fault != null && fail(fault, request, response)) {
                return;
            }
        }
        forward(target, request, response, context, requestId);
    }

    // ---- the gateway's own token endpoint (client credentials, as the published LGSP guides show) ----

    private void token(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        byte[] body = request.getEntity() == null ? new byte[0] : request.getEntity().getContent().readNBytes(4096);
        EntityUtils.consume(request.getEntity());
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            oauth(response, 405, "invalid_request", "the token endpoint takes POST only");
            counters.refused("token_refused");
            return;
        }
        Application app = basic(request.getFirstHeader("Authorization"));
        if (app == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + config.name() + "\"");
            oauth(response, 401, "invalid_client", "unknown application key or wrong secret");
            counters.refused("token_refused");
            return;
        }
        Map<String, String> form = TokenService.parseForm(body);
        if (form == null || !"client_credentials".equals(form.get("grant_type"))) {
            oauth(response, 400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
            counters.refused("token_refused");
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", tokens.issue(app.key()));
        m.put("token_type", "Bearer");
        m.put("expires_in", tokens.lifetime().toSeconds());
        counters.tokenIssued();
        response.setCode(200);
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    private @Nullable Application basic(@Nullable Header authorization) {
        if (authorization == null || !authorization.getValue().regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.getValue().substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Application app = config.applications().get(decoded.substring(0, colon));
        return app != null && app.secretMatches(decoded.substring(colon + 1)) ? app : null;
    }

    private static void oauth(ClassicHttpResponse response, int status, String error, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", description);
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    // ---- routing and checks ----

    private @Nullable Target resolve(String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q);
        for (Map.Entry<String, String> p : config.passThrough().entrySet()) {
            if (path.equals(p.getKey())) {
                return new Target(p.getKey(), null, upstream.basePath() + p.getValue() + query);
            }
        }
        String mount = config.pathPrefix() + "/";
        if (!uri.startsWith(mount)) {
            return null;
        }
        String rest = uri.substring(mount.length());
        for (Map.Entry<String, String> r : config.routes().entrySet()) {
            String id = r.getKey();
            if (rest.startsWith(id) && (rest.length() == id.length() || rest.charAt(id.length()) == '/'
                    || rest.charAt(id.length()) == '?')) {
                String within = rest.substring(id.length());
                UnaryOperator<String> tamper = faults.path();
                if (tamper != null) {
                    within = tamper.apply(within);
                }
                return new Target(id, id, upstream.basePath() + r.getValue() + within);
            }
        }
        return null;
    }

    /** {@return the key of the application whose gateway token the request carries, or null} */
    private @Nullable String authenticate(ClassicHttpRequest request) {
        Header[] h = request.getHeaders(config.credentialHeader());
        if (h.length != 1 || !h[0].getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return tokens.applicationOf(h[0].getValue().substring(7).trim());
    }

    private void refuse(ClassicHttpRequest request, ClassicHttpResponse response, int status, String error,
            String message, String reason) throws IOException {
        EntityUtils.consume(request.getEntity());
        counters.refused(reason);
        response.setCode(status);
        response.setHeader("Cache-Control", "no-store");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("message", message);
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    /** Applies a failure; {@return true when it answered the request, false to forward it after all} */
    private boolean fail(FaultPlan.Fault fault, ClassicHttpRequest request, ClassicHttpResponse response)
            throws IOException {
        switch (fault.kind()) {
            case HTML_BAD_GATEWAY:
                EntityUtils.consume(request.getEntity());
                counters.refused("fault_html_502");
                response.setCode(502);
                response.setEntity(new ByteArrayEntity(HTML_502.getBytes(StandardCharsets.US_ASCII),
                        ContentType.TEXT_HTML));
                return true;
            case DROP:
                counters.refused("fault_dropped");
                // HttpCore closes the connection without answering when the handler fails with an I/O error.
                throw new SocketException("sandbox gateway fault: connection dropped");
            case DELAY:
                counters.refused("fault_delayed");
                try {
                    Thread.sleep(fault.duration().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SocketException("sandbox gateway shutting down");
                }
                return false;
            case STATUS:
            default:
                int s = fault.status();
                if (s == 429 || s == 503) {
                    response.setHeader("Retry-After", Long.toString(Math.max(0, fault.duration().toSeconds())));
                }
                if (s == 401) {
                    response.setHeader("WWW-Authenticate", "Bearer realm=\"" + config.name() + "\", error=\"invalid_token\"");
                }
                refuse(request, response, s, errorName(s), "gateway failure on command (" + s + ")", "fault_" + s);
                return true;
        }
    }

    private static String errorName(int status) {
        switch (status) {
            case 401: return "invalid_token";
            case 403: return "forbidden";
            case 404: return "not_found";
            case 429: return "quota_exceeded";
            case 502: return "bad_gateway";
            case 503: return "service_unavailable";
            case 504: return "gateway_timeout";
            default: return "gateway_error";
        }
    }

    // ---- forwarding ----

    private void forward(Target target, ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context,
            String requestId) throws IOException {
        byte[] body = null;
        if (request.getEntity() != null) {
            try (InputStream in = request.getEntity().getContent()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                response.setHeader("Connection", "close");
                refuse(request, response, 413, "request_too_large", "the request body is over the gateway's limit",
                        "request_too_large");
                return;
            }
            UnaryOperator<byte[]> tamper = faults.requestBody();
            if (tamper != null && target.serviceId() != null) {
                body = tamper.apply(body);
            }
        }
        ClassicHttpResponse up;
        try {
            up = send(target, request, body, context, requestId);
            if (up.getCode() == 401 && upstream.credential() != null && refusesOurToken(up)) {
                // The next gateway refused our token (expired or revoked there): a new one, and once more.
                // Only its own challenge says so: the provider's 401s (signed, or a token endpoint's
                // invalid_client) pass back untouched, and repeating them would burn their nonces.
                up.close();
                upstream.invalidate();
                up = send(target, request, body, context, requestId);
            }
        } catch (ConnectTimeoutException | ConnectException e) {
            refuse(request, response, 502, "bad_gateway", "the upstream service cannot be reached", "upstream_unreachable");
            return;
        } catch (SocketTimeoutException e) {
            refuse(request, response, 504, "gateway_timeout", "the upstream service did not answer in time",
                    "upstream_timeout");
            return;
        } catch (IOException e) {
            refuse(request, response, 502, "bad_gateway", "the upstream connection failed", "upstream_failed");
            return;
        }
        counters.forwarded(target.route());
        response.setCode(up.getCode());
        copyHeaders(up, response, true);
        response.addHeader("Via", "1.1 " + config.name());
        response.setHeader(config.requestIdHeader(), requestId);
        tamperHeaders(response, target.serviceId() == null ? Map.of() : faults.responseHeaders());
        HttpEntity entity = up.getEntity();
        UnaryOperator<byte[]> tamper = target.serviceId() == null ? null : faults.responseBody();
        if (entity == null) {
            up.close();
        } else if (tamper != null) {
            byte[] bytes;
            try {
                bytes = EntityUtils.toByteArray(entity);
            } finally {
                up.close();
            }
            response.setEntity(new ByteArrayEntity(tamper.apply(bytes), null));
        } else {
            response.setEntity(new Relayed(up, entity));
        }
    }

    private ClassicHttpResponse send(Target target, ClassicHttpRequest request, byte @Nullable [] body,
            HttpContext context, String requestId) throws IOException {
        BasicClassicHttpRequest out = new BasicClassicHttpRequest(request.getMethod(), upstream.host(),
                target.upstreamTarget());
        copyHeaders(request, out, false);
        SocketAddress remote = HttpCoreContext.cast(context).getEndpointDetails() == null ? null
                : HttpCoreContext.cast(context).getEndpointDetails().getRemoteAddress();
        String client = remote instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : "unknown";
        Header host = request.getFirstHeader("Host");
        String hostValue = host == null ? "" : host.getValue();
        out.addHeader("Via", "1.1 " + config.name());
        out.addHeader("X-Forwarded-For", client);
        if (out.getFirstHeader("X-Forwarded-Host") == null && !hostValue.isEmpty()) {
            out.setHeader("X-Forwarded-Host", hostValue);
        }
        if (out.getFirstHeader("X-Forwarded-Proto") == null) {
            out.setHeader("X-Forwarded-Proto", "http");
        }
        String forFor = client.indexOf(':') >= 0 ? "\"[" + client + "]\"" : client;
        out.addHeader("Forwarded", "for=" + forFor + (hostValue.isEmpty() ? "" : ";host=\"" + hostValue + "\"")
                + ";proto=http");
        out.setHeader(config.requestIdHeader(), requestId);
        if (upstream.credential() != null) {
            out.setHeader(upstream.credential().header(), upstream.credentialValue());
        }
        if (target.serviceId() != null) {
            tamperHeaders(out, faults.requestHeaders());
        }
        if (body != null) {
            out.setEntity(new ByteArrayEntity(body, null));
        }
        return upstream.open(out);
    }

    /**
     * Copies the end-to-end headers: drops the hop-by-hop ones, those Connection names, the
     * gateway's credential (requests) and its request id; keeps the order and values of the rest.
     */
    private void copyHeaders(HttpMessage from, HttpMessage to, boolean answer) {
        Set<String> named = new HashSet<>();
        for (Header c : from.getHeaders("Connection")) {
            for (String token : c.getValue().split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (Header h : from.getHeaders()) {
            String n = h.getName().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(n) || n.startsWith("proxy-") || named.contains(n) || n.equals(requestIdHeaderLower)
                    || (!answer && n.equals(credentialHeaderLower))) {
                continue;
            }
            to.addHeader(h.getName(), h.getValue());
        }
    }

    private static void tamperHeaders(HttpMessage message, Map<String, UnaryOperator<@Nullable String>> hooks) {
        for (Map.Entry<String, UnaryOperator<@Nullable String>> e : hooks.entrySet()) {
            Header h = message.getFirstHeader(e.getKey());
            String changed = e.getValue().apply(h == null ? null : h.getValue());
            message.removeHeaders(e.getKey());
            if (changed != null) {
                message.addHeader(h == null ? e.getKey() : h.getName(), changed);
            }
        }
    }

    /**
     * The upstream body, streamed as it arrives (flushed piece by piece, so a slow provider stays
     * slow and a cut-off one is cut off for the client too), with the upstream's length.
     */
    private static final class Relayed extends AbstractHttpEntity {
        private final ClassicHttpResponse upstream;
        private final HttpEntity entity;

        Relayed(ClassicHttpResponse upstream, HttpEntity entity) {
            super((String) null, null, entity.getContentLength() < 0);
            this.upstream = upstream;
            this.entity = entity;
        }

        @Override
        public long getContentLength() {
            return entity.getContentLength();
        }

        @Override
        public InputStream getContent() throws IOException {
            return entity.getContent();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = entity.getContent()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } finally {
                upstream.close();
            }
        }

        @Override
        public boolean isStreaming() {
            return true;
        }

        @Override
        public void close() throws IOException {
            upstream.close();
        }
    }

    /** RFC 6750 section 3: a gateway refusing a bearer token says so in its challenge. */
    private static boolean refusesOurToken(ClassicHttpResponse up) {
        org.apache.hc.core5.http.Header challenge = up.getFirstHeader("WWW-Authenticate");
        return up.getFirstHeader("Ketnoi-Signature") == null && challenge != null
                && challenge.getValue().regionMatches(true, 0, "Bearer", 0, 6)
                && challenge.getValue().contains("error=\"invalid_token\"");
    }
}
