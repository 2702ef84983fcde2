package vn.ketnoi.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxPopulation;

/**
 * The sandbox's single HTTP handler: the token endpoint, the JWKS document, and the
 * provider APIs behind the exchange-layer, token and request-signature checks.
 */
public final class SandboxHandler implements HttpRequestHandler {

    /** Request bodies above this size are refused (protocol section 7). */
    public static final int MAX_BODY = 1024 * 1024;

    private static final String TOKEN_PATH = "/oauth2/token";
    private static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Section 3: VN and the operator's identifier, printable ASCII without space, 3 to 128 in all. */
    private static final Pattern USER_ID_FORM = Pattern.compile("VN[\\x21-\\x7e]{1,126}");
    /** Section 3: one purpose code; an unknown code is the provider's to judge, not a syntax error. */
    private static final Pattern PURPOSE_FORM = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final ContentType JSON = ContentType.create("application/json");
    private static final ContentType PROBLEM = ContentType.create(Problems.MEDIA_TYPE);

    /** The counters the handler bumps; kept apart so the stats class stays in the API package. */
    public interface Counters {
        /** A call to the token endpoint. */
        void token();

        /** A call to the JWKS endpoint. */
        void jwks();

        /** A call to a provider API. */
        void api();
    }

    private final Function<String, SandboxAgency> agencies;
    private final Clock clock;
    private final Supplier<String> issuer;
    private final ProviderKeys providerKeys;
    private final TokenService tokens;
    private final RequestSignatureVerifier signatures;
    private final ServiceMounts mounts = new ServiceMounts();
    private final LookupOperation lookup;
    private final List<ApiRoute> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, HttpRequestHandler> rawPrefixes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counters counters;

    /**
     * @param agencies agency by id, or null
     * @param population the register
     * @param clock the provider's clock
     * @param issuer the issuer identifier (base URL), known once the server is bound
     * @param providerKeys the response-signing keys
     * @param tokens the token service
     * @param counters request counters
     */
    public SandboxHandler(Function<String, SandboxAgency> agencies, Supplier<SandboxPopulation> population, Clock clock,
            Supplier<String> issuer, ProviderKeys providerKeys, TokenService tokens, Counters counters) {
        this.agencies = agencies;
        this.clock = clock;
        this.issuer = issuer;
        this.providerKeys = providerKeys;
        this.tokens = tokens;
        this.signatures = new RequestSignatureVerifier(agencies, clock, mounts);
        this.lookup = new LookupOperation(population,
                new vn.ketnoi.testkit.internal.population.ConsentService(providerKeys, issuer));
        addRoute(new ApiRoute("POST", "/population/v1/citizens/lookup", "population",
                call -> lookup.handle(call.body(), call.agency(), call.now(), call.today())));
        this.counters = counters;
    }

    /** {@return the lookup operation (section 8.3) this handler serves} */
    public LookupOperation lookup() {
        return lookup;
    }

    /** The services this provider serves and their path prefixes: what a signature's {@code srv} and {@code pth} are checked against. */
    public ServiceMounts mounts() {
        return mounts;
    }

    /** Registers a provider API operation; it is served behind every check of protocol sections 3 and 4. */
    public void addRoute(ApiRoute route) {
        routes.add(route);
    }

    /**
     * Serves every path under {@code prefix} with a plain handler, outside the exchange layer and
     * without signatures: for standard protocols such as OpenID Connect, which protect themselves.
     */
    public void addRawPrefix(String prefix, HttpRequestHandler handler) {
        rawPrefixes.put(prefix, handler);
    }

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws IOException, org.apache.hc.core5.http.HttpException {
        String path = pathOf(request.getRequestUri());
        for (Map.Entry<String, HttpRequestHandler> raw : rawPrefixes.entrySet()) {
            if (path.startsWith(raw.getKey())) {
                raw.getValue().handle(request, response, context);
                return;
            }
        }
        if (TOKEN_PATH.equals(path)) {
            counters.token();
            token(request, response);
        } else if (JWKS_PATH.equals(path)) {
            counters.jwks();
            jwks(request, response);
        } else {
            counters.api();
            api(request, response, path);
        }
    }

    // ---- token endpoint (section 2) ----

    private void token(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            oauthError(response, 405, "invalid_request", "the token endpoint takes POST only");
            return;
        }
        byte[] body = readBody(request);
        if (body == null) {
            response.setHeader("Connection", "close");
            oauthError(response, 413, "invalid_request", "the request body is over 1 MiB");
            return;
        }
        Map<String, String> form = mediaType(request).equals("application/x-www-form-urlencoded")
                ? TokenService.parseForm(body) : null;
        TokenService.Outcome o = tokens.handle(form);
        response.setCode(o.status());
        response.setEntity(new ByteArrayEntity(o.body(), JSON));
    }

    private static void oauthError(ClassicHttpResponse response, int status, String code, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        m.put("error_description", description);
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    // ---- JWKS (section 5) ----

    private void jwks(ClassicHttpRequest request, ClassicHttpResponse response) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.setCode(405);
            return;
        }
        response.setCode(200);
        response.setHeader("Cache-Control", providerKeys.cacheControl());
        response.setEntity(new ByteArrayEntity(providerKeys.jwksJson().getBytes(StandardCharsets.UTF_8), JSON));
    }

    // ---- provider APIs ----

    /** What every provider answer needs for its signature. */
    private record Call(String client, String requestId, String rqhSource) {
    }

    private void api(ClassicHttpRequest request, ClassicHttpResponse response, String path) throws IOException {
        // Section 3: the exchange layer refuses bad exchange headers before the provider sees them.
        String bad = exchangeHeaderProblem(request);
        if (bad != null) {
            exchangeError(request, response, bad);
            return;
        }
        String client = request.getFirstHeader("X-Road-Client").getValue();
        String requestId = request.getFirstHeader("X-Road-Id").getValue();
        Header[] sigHeaders = request.getHeaders("Ketnoi-Signature");
        // The answer is bound to the one signature header sent; with none (or several), to "".
        Call call = new Call(client, requestId, sigHeaders.length == 1 ? sigHeaders[0].getValue() : "");
        try {
            byte[] body = readBody(request);
            if (body == null) {
                response.setHeader("Connection", "close");
                problem(response, call, "request.too-large", null);
                return;
            }
            TokenService.Issued token = null;
            String accessToken = bearer(request);
            if (accessToken == null) {
                problem(response, call, "auth.token-missing", null);
                return;
            }
            token = tokens.find(accessToken);
            if (token == null || !token.agencyId().equals(client)) {
                problem(response, call, "auth.token-invalid", null);
                return;
            }
            String[] sigValues = new String[sigHeaders.length];
            for (int i = 0; i < sigHeaders.length; i++) {
                sigValues[i] = sigHeaders[i].getValue();
            }
            String sigError = signatures.verify(new RequestSignatureVerifier.SignedRequest(
                    sigValues, request.getMethod(), request.getRequestUri(), client, requestId,
                    header(request, "X-Road-UserId"), header(request, "X-Road-Issue"),
                    header(request, "Ketnoi-Purpose"), header(request, "Idempotency-Key"), accessToken, body));
            if (sigError != null) {
                problem(response, call, sigError, null);
                return;
            }
            ApiRoute route = null;
            Map<String, String> params = null;
            java.util.Set<String> allowed = new java.util.TreeSet<>();
            for (ApiRoute r : routes) {
                Map<String, String> m = r.match(path);
                if (m != null) {
                    allowed.add(r.method());
                    if (r.method().equals(request.getMethod())) {
                        route = r;
                        params = m;
                    }
                }
            }
            if (allowed.isEmpty()) {
                problem(response, call, "request.not-found", null);
                return;
            }
            if (route == null) {
                response.setHeader("Allow", String.join(", ", allowed));
                problem(response, call, "request.method-not-allowed", null);
                return;
            }
            if (!token.scopes().contains(route.scope())) {
                problem(response, call, "auth.forbidden", null);
                return;
            }
            boolean hasBody = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod());
            if (hasBody && !isJson(request)) {
                problem(response, call, "request.unsupported-media-type", null);
                return;
            }
            Instant now = clock.instant();
            String uri = request.getRequestUri();
            int q = uri.indexOf('?');
            ApiRoute.Result r = route.operation().handle(new ApiRoute.Call(agencies.apply(client),
                    request.getMethod(), path, params, q < 0 ? null : uri.substring(q + 1), body, requestId,
                    header(request, "X-Road-UserId"), header(request, "Ketnoi-Purpose"),
                    header(request, "X-Road-Issue"), header(request, "Idempotency-Key"), now,
                    LocalDate.ofInstant(now, VIETNAM)));
            if (r.status() < 0) {
                // Thrown past the handler: the server closes the socket without a response.
                throw new java.net.SocketException("sandbox fault: connection dropped after the operation");
            }
            r.headers().forEach(response::setHeader);
            if (r.code() != null) {
                problem(response, call, r.code(), r.errors());
            } else {
                signed(response, call, r.status(), JSON, r.body());
            }
        } catch (RuntimeException e) {
            response.removeHeaders("Allow");
            problem(response, call, "server.internal", null);
        }
    }

    /**
     * Answers with a signed problem of the catalogue, bound to the request as any provider answer
     * is: for fault injection, which refuses a call before the operation sees it.
     *
     * @param request the request
     * @param response the response to fill
     * @param code a code of section 11
     */
    public void injectProblem(ClassicHttpRequest request, ClassicHttpResponse response, String code) {
        Header client = request.getFirstHeader("X-Road-Client");
        Header id = request.getFirstHeader("X-Road-Id");
        Header[] sig = request.getHeaders("Ketnoi-Signature");
        problem(response, new Call(client == null ? "" : client.getValue(), id == null ? "" : id.getValue(),
                sig.length == 1 ? sig[0].getValue() : ""), code, null);
    }

    private static String exchangeHeaderProblem(ClassicHttpRequest r) {
        Header[] client = r.getHeaders("X-Road-Client");
        if (client.length != 1 || client[0].getValue().isBlank()) {
            return "X-Road-Client must be present exactly once";
        }
        Header[] id = r.getHeaders("X-Road-Id");
        if (id.length != 1) {
            return "X-Road-Id must be present exactly once";
        }
        if (!UUID_FORM.matcher(id[0].getValue()).matches()) {
            return "X-Road-Id must be a lower-case hyphenated UUID";
        }
        Header[] user = r.getHeaders("X-Road-UserId");
        if (user.length != 1) {
            return "X-Road-UserId must be present exactly once";
        }
        if (!USER_ID_FORM.matcher(user[0].getValue()).matches()) {
            return "X-Road-UserId must be VN followed by the operator's identifier: printable ASCII without"
                    + " space, at most 128 characters";
        }
        Header[] purpose = r.getHeaders("Ketnoi-Purpose");
        if (purpose.length != 1) {
            return "Ketnoi-Purpose must be present exactly once";
        }
        if (!PURPOSE_FORM.matcher(purpose[0].getValue()).matches()) {
            return "Ketnoi-Purpose must be one code of upper-case letters, digits and _ (2 to 64 characters)";
        }
        if (r.getHeaders("X-Road-Issue").length > 1) {
            return "X-Road-Issue must not be doubled";
        }
        if (r.getHeaders("Idempotency-Key").length > 1) {
            return "Idempotency-Key must not be doubled";
        }
        return null;
    }

    /** Section 6.2: an unsigned exchange-layer error. */
    private static void exchangeError(ClassicHttpRequest request, ClassicHttpResponse response, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "Client.InvalidHeaders");
        m.put("message", message);
        m.put("detail", UUID.randomUUID().toString());
        response.setCode(400);
        response.setHeader("X-Road-Error", "Client.InvalidHeaders");
        Header[] id = request.getHeaders("X-Road-Id");
        if (id.length == 1 && UUID_FORM.matcher(id[0].getValue()).matches()) {
            response.setHeader("X-Road-Id", id[0].getValue());
        }
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    private void problem(ClassicHttpResponse response, Call call, String code, List<Map<String, String>> errors) {
        signed(response, call, Problems.status(code), PROBLEM, Problems.body(code, call.requestId(), errors));
    }

    /** Section 5: every provider answer, success or problem, is signed and echoes X-Road-Id. */
    private void signed(ClassicHttpResponse response, Call call, int status, ContentType type, byte[] body) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.get());
        claims.put("aud", call.client());
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("xri", call.requestId());
        claims.put("rqh", Texts.sha256B64(call.rqhSource()));
        claims.put("sts", status);
        claims.put("bdh", Texts.sha256B64(body));
        response.setCode(status);
        response.setHeader("X-Road-Id", call.requestId());
        response.setHeader("Ketnoi-Signature", providerKeys.signResponse(claims));
        response.setHeader("Cache-Control", "no-store");
        response.setEntity(new ByteArrayEntity(body, type));
    }

    // ---- helpers ----

    /** The body, or null when it is over the limit. */
    private static byte[] readBody(ClassicHttpRequest request) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() > MAX_BODY) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? null : bytes;
        }
    }

    private static String bearer(ClassicHttpRequest request) {
        Header[] auth = request.getHeaders("Authorization");
        if (auth.length != 1) {
            return null;
        }
        String v = auth[0].getValue();
        if (v.length() <= 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = v.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static String header(ClassicHttpRequest request, String name) {
        Header h = request.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    private static String mediaType(ClassicHttpRequest request) {
        Header h = request.getFirstHeader("Content-Type");
        if (h == null) {
            return "";
        }
        String v = h.getValue();
        int semi = v.indexOf(';');
        return (semi < 0 ? v : v.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(ClassicHttpRequest request) {
        if (request.getHeaders("Content-Type").length != 1 || !mediaType(request).equals("application/json")) {
            return false;
        }
        // All bodies are UTF-8 (section 1): a charset parameter, when given, must say so.
        String v = request.getFirstHeader("Content-Type").getValue().toLowerCase(Locale.ROOT);
        int cs = v.indexOf("charset=");
        if (cs < 0) {
            return true;
        }
        String charset = v.substring(cs + 8).split(";")[0].strip().replace("\"", "");
        return charset.equals("utf-8");
    }

    private static String pathOf(String requestUri) {
        if (requestUri == null) {
            return "";
        }
        int q = requestUri.indexOf('?');
        return q < 0 ? requestUri : requestUri.substring(0, q);
    }
}
