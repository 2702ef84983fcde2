package vn.ketnoi.testkit.internal.population;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpRequestHandler;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;

import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.LookupOperation;
import vn.ketnoi.testkit.internal.TokenService;

/**
 * The sandbox's {@code gateway-json} profile ({@code docs/wire-profiles.md}): an LGSP-style gateway
 * in front of the same register, at {@link #PREFIX}. Applications (key, secret, agency) get a
 * gateway token at {@code /token}; services are called by name with Vietnamese-named JSON and
 * answer {@code {"maLoi","moTaLoi","maYeuCau","duLieu"}}. The identity rules are the sandbox's
 * own: each call is renamed into the protocol's form and run by the very operations the Ketnoi
 * routes run, and the answer renamed back. Nothing is signed: that is the profile. Thread-safe.
 */
public final class GatewayJsonService implements HttpRequestHandler {
    /** Where the profile is served. */
    public static final String PREFIX = "/gw-json";
    private static final String API = PREFIX + "/api/csdlqgdc/v1/";
    private static final long TOKEN_SECONDS = 300;
    private static final int MAX_BODY = 1024 * 1024;
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final ContentType JSON = ContentType.create("application/json", StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The protocol's names and the gateway's (the SDK holds the same table; each side its own copy, as with any wire format). */
    private static final Map<String, String> NAMES = names();
    private static final Map<String, String> TO_PROTOCOL = inverse();
    private static final Map<String, String> VERDICTS = Map.of(
            "MATCH", "KHOP", "NO_MATCH", "KHONG_KHOP", "NOT_ON_RECORD", "KHONG_CO_DU_LIEU");
    /** Problem codes of the catalogue to the gateway's maLoi. */
    private static final Map<String, String> CODES = Map.of(
            "population.citizen-not-found", "01", "population.identity-mismatch", "02",
            "population.field-not-granted", "03", "request.invalid", "04", "population.consent-required", "05",
            "population.household-not-found", "06");

    /** A registered application. */
    public record App(String key, String secret, String agencyId, int callsPerMinute) {
        @Override
        public String toString() {
            return "App[key=" + key + ", agencyId=" + agencyId + ", secret=***]";
        }
    }

    private record Token(App app, Instant expiresAt) {
    }

    private final Function<String, SandboxAgency> agencies;
    private final LookupOperation lookup;
    private final PopulationOps ops;
    private final Clock clock;
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> calls = new ConcurrentHashMap<>();

    /**
     * @param agencies the sandbox's agencies, by id
     * @param lookup the lookup operation of the Ketnoi route
     * @param ops verify and household of the Ketnoi routes
     * @param clock the sandbox's clock
     */
    public GatewayJsonService(Function<String, SandboxAgency> agencies, LookupOperation lookup, PopulationOps ops,
                              Clock clock) {
        this.agencies = agencies;
        this.lookup = lookup;
        this.ops = ops;
        this.clock = clock;
    }

    /**
     * Registers an application of {@code agencyId} with a fresh key and secret.
     *
     * @param callsPerMinute service calls allowed in any minute; 0 for no limit
     * @return the application
     */
    public App register(String agencyId, int callsPerMinute) {
        if (agencies.apply(agencyId) == null) {
            throw new IllegalArgumentException("no agency with id " + agencyId);
        }
        if (callsPerMinute < 0) {
            throw new IllegalArgumentException("callsPerMinute must be 0 or more");
        }
        App app = new App("app-" + random(9), random(24), agencyId, callsPerMinute);
        apps.put(app.key(), app);
        return app;
    }

    @Override
    public void handle(ClassicHttpRequest request, ClassicHttpResponse response, HttpContext context)
            throws IOException {
        String path = request.getPath();
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        response.setHeader("Cache-Control", "no-store");
        if (path.equals(PREFIX + "/token")) {
            token(request, response);
            return;
        }
        if (!path.startsWith(API)) {
            envelope(response, 404, "404", "Không tìm thấy dịch vụ", null, null);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            envelope(response, 405, "405", "Phương thức không được hỗ trợ", null, null);
            return;
        }
        Token token = bearer(request);
        if (token == null) {
            envelope(response, 401, "401", "Token không hợp lệ hoặc đã hết hạn", null, null);
            return;
        }
        SandboxAgency agency = agencies.apply(token.app().agencyId());
        if (agency == null || !agency.scopes().contains("population")) {
            envelope(response, 403, "403", "Ứng dụng chưa được cấp quyền dịch vụ này", null, null);
            return;
        }
        if (!withinQuota(token.app())) {
            response.setHeader("Retry-After", "60");
            envelope(response, 429, "429", "Vượt quá hạn mức truy cập", null, null);
            return;
        }
        byte[] body = read(request);
        JsonNode req = body == null ? null : Json.parse(body);
        if (req == null || !req.isObject()) {
            envelope(response, 400, "04", "Dữ liệu đầu vào không hợp lệ", null, null);
            return;
        }
        String requestId = req.path("maYeuCau").isTextual() ? req.get("maYeuCau").asText() : null;
        if (requestId == null || !req.path("canBoXuLy").isTextual() || !req.path("mucDich").isTextual()) {
            envelope(response, 400, "04", "Thiếu maYeuCau, canBoXuLy hoặc mucDich", requestId, null);
            return;
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, VIETNAM);
        ObjectNode protocol = toProtocol(req);
        String service = path.substring(API.length());
        switch (service) {
            case "tra-cuu-cong-dan" -> answer(response, requestId,
                    lookup.handle(Json.bytes(protocol), agency, now, today));
            case "xac-thuc-cong-dan" -> {
                PopulationOps.Outcome o = ops.verify(protocol, agency, today);
                if (o.succeeded()) {
                    o.value().put("verifiedAt", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                }
                answer(response, requestId, o.toResult());
            }
            case "tra-cuu-ho-gia-dinh" -> answer(response, requestId, ops.householdRoute(new ApiRoute.Call(agency,
                    "POST", path, Map.of(), null, Json.bytes(protocol), requestId, req.get("canBoXuLy").asText(),
                    req.get("mucDich").asText(), null, null, now, today)));
            default -> envelope(response, 404, "404", "Không tìm thấy dịch vụ", requestId, null);
        }
    }

    // ---- the gateway token ----

    private void token(ClassicHttpRequest request, ClassicHttpResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            oauth(response, 405, "invalid_request");
            return;
        }
        App app = basic(request);
        if (app == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"gw-json\"");
            oauth(response, 401, "invalid_client");
            return;
        }
        byte[] body = read(request);
        Map<String, String> form = body == null ? null : TokenService.parseForm(body);
        if (form == null || !"client_credentials".equals(form.get("grant_type"))) {
            oauth(response, 400, "unsupported_grant_type");
            return;
        }
        String value = random(32);
        tokens.put(value, new Token(app, clock.instant().plusSeconds(TOKEN_SECONDS)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", value);
        m.put("token_type", "Bearer");
        m.put("expires_in", TOKEN_SECONDS);
        response.setCode(200);
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    private App basic(ClassicHttpRequest request) {
        Header[] h = request.getHeaders("Authorization");
        if (h.length != 1 || !h[0].getValue().regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h[0].getValue().substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        App app = apps.get(decoded.substring(0, colon));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        return app != null && MessageDigest.isEqual(given, app.secret().getBytes(StandardCharsets.UTF_8)) ? app : null;
    }

    private Token bearer(ClassicHttpRequest request) {
        Header[] h = request.getHeaders("Authorization");
        if (h.length != 1 || !h[0].getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        Token t = tokens.get(h[0].getValue().substring(7).strip());
        return t == null || !clock.instant().isBefore(t.expiresAt()) ? null : t;
    }

    private boolean withinQuota(App app) {
        if (app.callsPerMinute() == 0) {
            return true;
        }
        Deque<Instant> window = calls.computeIfAbsent(app.key(), k -> new ArrayDeque<>());
        synchronized (window) {
            Instant now = clock.instant();
            while (!window.isEmpty() && !window.peekFirst().isAfter(now.minusSeconds(60))) {
                window.pollFirst();
            }
            if (window.size() >= app.callsPerMinute()) {
                return false;
            }
            window.addLast(now);
            return true;
        }
    }

    // ---- answers ----

    /** The Ketnoi operation's result in the gateway's envelope: data renamed, problem codes as maLoi. */
    private static void answer(ClassicHttpResponse response, String requestId, ApiRoute.Result r) {
        if (r.code() == null) {
            JsonNode data = toGateway(Json.parse(r.body()));
            envelope(response, 200, "0", "Thành công", requestId, data);
            return;
        }
        String code = CODES.get(r.code());
        if (code == null) {
            envelope(response, 500, "99", "Lỗi hệ thống", requestId, null);
            return;
        }
        // Published LGSP guides answer business outcomes with 200 and the code in the body.
        envelope(response, code.equals("04") ? 400 : 200, code, "Lỗi nghiệp vụ", requestId, null);
    }

    private static void envelope(ClassicHttpResponse response, int status, String code, String text, String requestId,
                                 JsonNode data) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("maLoi", code);
        m.put("moTaLoi", text);
        if (requestId != null) {
            m.put("maYeuCau", requestId);
        }
        if (data != null) {
            m.set("duLieu", data);
        }
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(Json.bytes(m), JSON));
    }

    private static void oauth(ClassicHttpResponse response, int status, String error) {
        response.setCode(status);
        response.setEntity(new ByteArrayEntity(Json.bytes(Map.of("error", error)), JSON));
    }

    // ---- names ----

    /** The request in the protocol's form: names renamed, the field list's values too, the metadata dropped. */
    private static ObjectNode toProtocol(JsonNode req) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        req.properties().forEach(e -> {
            switch (e.getKey()) {
                case "maYeuCau", "canBoXuLy", "mucDich", "soHoSo" -> { }
                case "truongYeuCau" -> {
                    ArrayNode fields = out.putArray("fields");
                    e.getValue().forEach(f -> fields.add(TO_PROTOCOL.getOrDefault(f.asText(), "?" + f.asText())));
                }
                case "maDongY" -> out.set("consentToken", e.getValue());
                default -> out.set(TO_PROTOCOL.getOrDefault(e.getKey(), "?" + e.getKey()), e.getValue());
            }
        });
        return out;
    }

    /** An answer of the protocol renamed to the gateway's names, verdicts included. */
    private static JsonNode toGateway(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> {
                if (e.getKey().equals("verdicts")) {
                    ObjectNode v = out.putObject("ketQua");
                    e.getValue().properties().forEach(x -> v.put(NAMES.getOrDefault(x.getKey(), x.getKey()),
                            VERDICTS.getOrDefault(x.getValue().asText(), x.getValue().asText())));
                } else {
                    out.set(NAMES.getOrDefault(e.getKey(), e.getKey()), toGateway(e.getValue()));
                }
            });
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(toGateway(n)));
            return out;
        }
        return node;
    }

    private static Map<String, String> names() {
        String[] pairs = {
            "idNumber", "soDinhDanh", "fullName", "hoVaTen", "otherNames", "tenGoiKhac", "birthDate", "ngaySinh",
            "sex", "gioiTinh", "placeOfBirth", "noiSinh", "birthRegistrationPlace", "noiDangKyKhaiSinh",
            "placeOfOrigin", "queQuan", "ethnicity", "danToc", "religion", "tonGiao", "nationality", "quocTich",
            "bloodGroup", "nhomMau", "oldIdNumber", "soCMND", "idCard", "theCanCuoc", "father", "cha",
            "mother", "me", "spouse", "voChong", "legalRepresentative", "nguoiDaiDien",
            "permanentResidence", "noiThuongTru", "temporaryResidence", "noiTamTru", "currentResidence", "noiOHienTai",
            "household", "hoGiaDinh", "deathDate", "ngayMat", "phone", "soDienThoai", "email", "thuDienTu",
            "healthInsuranceNumber", "soTheBhyt", "socialInsuranceNumber", "soBhxh", "drivingLicence", "soGplx",
            "educationLevel", "trinhDoHocVan",
            "text", "diaChiDayDu", "commune", "xaPhuong", "district", "quanHuyen", "province", "tinhThanh",
            "number", "soThe", "issueDate", "ngayCap", "expiryDate", "ngayHetHan",
            "householdId", "maHoGiaDinh", "headIdNumber", "soDinhDanhChuHo", "relationshipToHead", "quanHeVoiChuHo",
            "members", "thanhVien", "residence", "noiCuTru",
            "citizen", "congDan", "retrievedAt", "thoiDiemTraCuu", "verifiedAt", "thoiDiemXacThuc",
        };
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> inverse() {
        Map<String, String> out = new HashMap<>();
        NAMES.forEach((k, v) -> out.put(v, k));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static byte[] read(ClassicHttpRequest request) throws IOException {
        HttpEntity entity = request.getEntity();
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return new byte[0];
            }
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            return bytes.length > MAX_BODY ? null : bytes;
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
