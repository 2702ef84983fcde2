package vn.ketnoi.population.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.Integrity;
import vn.ketnoi.core.KetnoiRuntime;
import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.audit.AuditEvent;
import vn.ketnoi.core.audit.AuditSink;
import vn.ketnoi.core.audit.SubjectHasher;
import vn.ketnoi.core.exception.ExchangeLayerException;
import vn.ketnoi.core.exception.GatewayCredentialException;
import vn.ketnoi.core.exception.GatewayUnavailableException;
import vn.ketnoi.core.exception.InvalidInputException;
import vn.ketnoi.core.exception.InvalidRequestException;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.exception.KetnoiServiceException;
import vn.ketnoi.core.exception.QuotaExceededException;
import vn.ketnoi.core.exception.RouteForbiddenException;
import vn.ketnoi.core.exception.RouteUnknownException;
import vn.ketnoi.core.exchange.Gateway;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ApiClient;
import vn.ketnoi.core.spi.PlainClient;
import vn.ketnoi.population.Citizen;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.CitizenNotFoundException;
import vn.ketnoi.population.ConsentRequiredException;
import vn.ketnoi.population.FieldNotGrantedException;
import vn.ketnoi.population.Household;
import vn.ketnoi.population.HouseholdRequest;
import vn.ketnoi.population.IdentityMismatchException;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.population.IdentityVerification;
import vn.ketnoi.population.VerifyRequest;
import vn.ketnoi.population.wire.GatewayJsonWire;
import vn.ketnoi.population.wire.PopulationWire;

/**
 * The {@code gateway-json} profile ({@link GatewayJsonWire}): the gateway's Vietnamese-named JSON
 * over the plain pipeline, whose runtime adds the gateway token ({@code Authorization}) to every
 * request under the gateway's URL. Nothing is signed and nothing can be verified, so every answer
 * is {@link Integrity#TRANSPORT_ONLY}; what can still be checked is checked, failing closed: the
 * envelope, the echoed request id, the record being the one asked for. Thread-safe.
 */
public final class GatewayJsonProfile implements PopulationWire {
    private static final System.Logger LOG = System.getLogger("vn.ketnoi.audit");

    /** The services at the gateway, by name (published LGSP guides call services by name). */
    public static final String LOOKUP = "/api/csdlqgdc/v1/tra-cuu-cong-dan";
    public static final String VERIFY = "/api/csdlqgdc/v1/xac-thuc-cong-dan";
    public static final String HOUSEHOLD = "/api/csdlqgdc/v1/tra-cuu-ho-gia-dinh";

    /** The protocol's names (section 8) and the gateway's: one table, read both ways. */
    static final Map<String, String> NAMES = names();
    private static final Map<String, String> TO_PROTOCOL = inverse(NAMES);
    private static final Map<String, String> VERDICTS = Map.of(
            "KHOP", "MATCH", "KHONG_KHOP", "NO_MATCH", "KHONG_CO_DU_LIEU", "NOT_ON_RECORD");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z_.-]{1,16}");

    private final PlainClient http;
    private final ClientConfig config;
    private final String base;
    private final ExecutorService async;

    private GatewayJsonProfile(PlainClient http, ClientConfig config, String base) {
        this.http = http;
        this.config = config;
        this.base = base;
        // Blocking exchanges of the async twins run here, never on the caller's or a common pool.
        this.async = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ketnoi-gateway-json");
            t.setDaemon(true);
            return t;
        });
    }

    /** On a runtime of its own. */
    public static GatewayJsonProfile create(ClientConfig config) {
        String base = base(config);
        return new GatewayJsonProfile(new PlainClient(config, "population"), config, base);
    }

    /** On a shared runtime. */
    public static GatewayJsonProfile create(KetnoiRuntime runtime) {
        String base = base(runtime.config());
        return new GatewayJsonProfile(new PlainClient(runtime, "population"), runtime.config(), base);
    }

    /**
     * The population service's URL at the gateway, which a gateway of the configuration must cover
     * with its credential in {@code Authorization}: without one the gateway could only refuse.
     */
    private static String base(ClientConfig config) {
        ServiceId id = config.serviceId("population", PopulationClient.SERVICE);
        String url = config.serviceUrl(id, "").toString();
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI probe = URI.create(base + LOOKUP);
        for (Gateway g : config.gateways()) {
            if (g.covers(probe) && g.credentials().header().equalsIgnoreCase("Authorization")) {
                return base;
            }
        }
        throw new InvalidInputException("gateways", "the gateway-json profile needs a gateway whose URL covers the"
                + " population service's route and whose credential goes in Authorization");
    }

    @Override
    public String profile() {
        return GatewayJsonWire.PROFILE;
    }

    @Override
    public Integrity integrity() {
        return Integrity.TRANSPORT_ONLY;
    }

    // ---- lookup ----

    @Override
    public Citizen lookup(LookupRequest request, RequestContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("soDinhDanh", request.idNumber().value());
        body.put("hoVaTen", request.fullName());
        body.put("ngaySinh", request.birthDate().toIsoString());
        List<String> fields = new ArrayList<>();
        List<String> audited = new ArrayList<>();
        request.fields().forEach(f -> {
            fields.add(NAMES.get(f.wireName()));
            audited.add(f.wireName());
        });
        body.put("truongYeuCau", fields);
        if (request.consentToken() != null) {
            body.put("maDongY", request.consentToken());
        }
        return call("population.lookup", LOOKUP, body, request.idNumber().value(), audited, context,
                data -> {
                    JsonNode json = toProtocol(data);
                    try {
                        Instant at = json.hasNonNull("retrievedAt") ? Instant.parse(json.get("retrievedAt").asText()) : null;
                        Citizen c = CitizenMapper.toCitizen(json.get("citizen"), at, Integrity.TRANSPORT_ONLY);
                        if (!c.idNumber().equals(request.idNumber())) {
                            throw new Malformed("the record returned is not the one asked for");
                        }
                        return c;
                    } catch (CitizenMapper.MalformedRecordException e) {
                        throw new Malformed(e.getMessage());
                    } catch (DateTimeParseException e) {
                        throw new Malformed("a date or time is not in the expected form");
                    }
                });
    }

    @Override
    public CompletableFuture<Citizen> lookupAsync(LookupRequest request, RequestContext context) {
        return CompletableFuture.supplyAsync(() -> lookup(request, context), async);
    }

    // ---- verify ----

    @Override
    public IdentityVerification verify(VerifyRequest request, RequestContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("soDinhDanh", request.idNumber().value());
        request.claims().forEach((f, v) -> body.put(NAMES.get(f.wireName()), v));
        List<String> audited = new ArrayList<>();
        request.claims().keySet().forEach(f -> audited.add(f.wireName()));
        return call("population.verify", VERIFY, body, request.idNumber().value(), audited, context,
                data -> {
                    if (!data.path("ketQua").isObject() || data.path("ketQua").isEmpty()) {
                        throw new Malformed("no verdicts");
                    }
                    ObjectNode json = (ObjectNode) toProtocol(data);
                    ObjectNode verdicts = json.putObject("verdicts");
                    data.get("ketQua").properties().forEach(e -> verdicts.put(TO_PROTOCOL.getOrDefault(e.getKey(),
                            e.getKey()), VERDICTS.getOrDefault(e.getValue().asText(), "UNKNOWN")));
                    IdentityVerification r = CitizenMapper.toVerification(json, Integrity.TRANSPORT_ONLY);
                    if (!r.idNumber().equals(request.idNumber())) {
                        throw new Malformed("the verdicts are not about the record asked for");
                    }
                    return r;
                });
    }

    @Override
    public CompletableFuture<IdentityVerification> verifyAsync(VerifyRequest request, RequestContext context) {
        return CompletableFuture.supplyAsync(() -> verify(request, context), async);
    }

    // ---- household ----

    @Override
    public Household household(HouseholdRequest request, RequestContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("soDinhDanh", request.idNumber().value());
        body.put("hoVaTen", request.fullName());
        body.put("ngaySinh", request.birthDate().toIsoString());
        return call("population.household", HOUSEHOLD, body, request.idNumber().value(), List.of("household"),
                context, data -> {
                    Household h = CitizenMapper.toHousehold(toProtocol(data), Integrity.TRANSPORT_ONLY);
                    if (h.members().stream().noneMatch(m -> m.idNumber().equals(request.idNumber()))) {
                        throw new Malformed("the household does not hold the citizen asked about");
                    }
                    return h;
                });
    }

    @Override
    public CompletableFuture<Household> householdAsync(HouseholdRequest request, RequestContext context) {
        return CompletableFuture.supplyAsync(() -> household(request, context), async);
    }

    @Override
    public void close() {
        async.shutdownNow();
        http.close();
    }

    // ---- the exchange ----

    /** An answer that does not follow the profile: {@code response.malformed}. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * One call: the body with the request's metadata, sent through the plain pipeline; the answer's
     * {@code duLieu} handed to {@code read} only when the envelope says success and echoes this
     * request; one audit event, transport-only, whatever the outcome.
     */
    private <T> T call(String operation, String path, Map<String, Object> fields, String subject,
                       List<String> auditedFields, RequestContext context,
                       Function<JsonNode, T> read) {
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maYeuCau", requestId);
        // The context's factory checked these: the same rule whichever profile carries them.
        body.put("canBoXuLy", context.operatorId());
        body.put("mucDich", context.purpose().code());
        context.caseNumber().ifPresent(n -> body.put("soHoSo", n));
        body.putAll(fields);
        KetnoiRequest request = KetnoiRequest.builder("POST", URI.create(base + path))
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .body(ApiClient.toJson(body))
                .operation(operation)
                .idempotent(true)
                .build();
        KetnoiResponse response = null;
        try {
            response = http.send(request);
            JsonNode data = data(response, requestId);
            T result;
            try {
                result = read.apply(data);
            } catch (Malformed e) {
                throw malformed(response, requestId, e.getMessage());
            } catch (KetnoiException e) {
                throw e;
            } catch (RuntimeException e) {
                throw malformed(response, requestId, "the data cannot be read");
            }
            audit(operation, context, subject, auditedFields, AuditEvent.OK,
                    response.status(), requestId);
            return result;
        } catch (KetnoiException e) {
            audit(operation, context, subject, auditedFields,
                    e.errorCode(), e.statusCode(), requestId);
            throw e;
        }
    }

    /** The {@code duLieu} of a success envelope answering this request, or the typed error the answer means. */
    private static JsonNode data(KetnoiResponse response, String requestId) {
        JsonNode envelope = null;
        try {
            JsonNode n = ApiClient.fromJson(response, JsonNode.class);
            if (n.isObject() && n.path("maLoi").isTextual()) {
                envelope = n;
            }
        } catch (KetnoiException e) {
            // Not JSON: an HTML error page, a proxy's text. Judged by status below; never quoted.
        }
        int status = response.status();
        if (envelope == null) {
            if (status >= 200 && status < 300) {
                throw malformed(response, requestId, "the body is not the gateway's JSON envelope");
            }
            throw byStatus(status, null, response, requestId);
        }
        String code = envelope.get("maLoi").asText();
        if ("0".equals(code)) {
            if (status < 200 || status >= 300) {
                throw malformed(response, requestId, "a success code with HTTP status " + status);
            }
            if (!requestId.equals(envelope.path("maYeuCau").asText(null))) {
                throw malformed(response, requestId, "the answer does not echo this request's maYeuCau");
            }
            JsonNode data = envelope.get("duLieu");
            // Success without data is malformed, never an empty citizen.
            if (data == null || !data.isObject() || data.isEmpty()) {
                throw malformed(response, requestId, "a success code without data");
            }
            return data;
        }
        throw byCode(code, response, requestId);
    }

    /** The gateway's error codes (maLoi) as the SDK's exceptions; an unknown code by the HTTP status. */
    private static KetnoiException byCode(String code, KetnoiResponse response, String requestId) {
        int status = response.status();
        switch (code) {
            case "01":
                return new CitizenNotFoundException(service(status, "population.citizen-not-found", requestId,
                        "No record has this ID number"));
            case "02":
                return new IdentityMismatchException(service(status, "population.identity-mismatch", requestId,
                        "The name or birth date does not match the record"));
            case "03":
                return new FieldNotGrantedException(service(status, "population.field-not-granted", requestId,
                        "A field asked for is outside the agency's grant"));
            case "04":
                return new InvalidRequestException(service(status, "request.invalid", requestId,
                        "The gateway refused the request's data"));
            case "05":
                return new ConsentRequiredException(service(status, "population.consent-required", requestId,
                        "The citizen's consent is required"));
            case "06":
                return service(status, "population.household-not-found", requestId,
                        "The register holds no household for this citizen");
            case "401":
                return byStatus(401, code, response, requestId);
            case "403":
                return byStatus(403, code, response, requestId);
            case "404":
                return byStatus(404, code, response, requestId);
            case "429":
                return byStatus(429, code, response, requestId);
            case "502":
            case "503":
            case "504":
                return byStatus(Integer.parseInt(code), code, response, requestId);
            default:
                return status >= 200 && status < 300
                        ? new ExchangeLayerException(describe("an unknown error code", code), status, "gateway-error",
                                requestId, false)
                        : byStatus(status, code, response, requestId);
        }
    }

    private static KetnoiException byStatus(int status, String code, KetnoiResponse response, String requestId) {
        int http = response.status();
        switch (status) {
            case 401:
                return new GatewayCredentialException(describe("refused the gateway token", code), http, requestId);
            case 403:
                return new RouteForbiddenException(describe("has not granted this service to the application", code),
                        http, requestId);
            case 404:
                return new RouteUnknownException(describe("knows no such service", code), http, requestId);
            case 429:
                return new QuotaExceededException(describe("counts the application's quota as spent", code), http,
                        requestId, true, retryAfter(response));
            case 502:
            case 503:
            case 504:
                return new GatewayUnavailableException(describe("is unavailable", code), http, requestId, true,
                        false, retryAfter(response));
            default:
                return new ExchangeLayerException(describe("answered HTTP " + http, code), http, "gateway-error",
                        requestId, false);
        }
    }

    /** A message naming the gateway's code when it has the form of one; the gateway's own text is never quoted. */
    private static String describe(String what, String code) {
        return "The gateway " + what + (code != null && CODE.matcher(code).matches() ? " (maLoi " + code + ")" : "");
    }

    private static KetnoiServiceException service(int status, String code, String requestId, String title) {
        return new KetnoiServiceException(title, status, code, requestId, false, title, "", List.of());
    }

    private static Duration retryAfter(KetnoiResponse response) {
        try {
            return response.headers().first("Retry-After").map(v -> Duration.ofSeconds(Long.parseLong(v.strip())))
                    .filter(d -> !d.isNegative()).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static KetnoiException malformed(KetnoiResponse response, String requestId, String why) {
        return new vn.ketnoi.core.exception.ResponseVerificationException("The gateway's answer does not follow"
                + " the gateway-json profile: " + why, response.status(), "response.malformed", requestId, null);
    }

    /** Renames the gateway's names to the protocol's, at every depth; names it does not know stay as they are. */
    static JsonNode toProtocol(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> out.set(TO_PROTOCOL.getOrDefault(e.getKey(), e.getKey()), toProtocol(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(toProtocol(n)));
            return out;
        }
        return node;
    }

    private void audit(String operation, RequestContext context, String subject,
                       List<String> fields, String outcome, int status, String requestId) {
        AuditSink sink = config.auditSink();
        SubjectHasher hasher = config.auditSubjectHasher();
        if (sink == null || hasher == null) {
            return;
        }
        try {
            sink.record(new AuditEvent(Instant.now(config.clock()), "population", operation, config.agencyId(),
                    context.operatorId(), context.purpose().code(), context.caseNumber().orElse(null),
                    List.of(hasher.hash(subject)), fields, outcome, status,
                    requestId, Integrity.TRANSPORT_ONLY));
        } catch (RuntimeException e) {
            // Names only: the event holds an operator id and the call must not fail for the sink.
            LOG.log(System.Logger.Level.ERROR, "audit sink {0} failed to record a {1} event: {2}",
                    sink.getClass().getSimpleName(), operation, e.getClass().getSimpleName());
        }
    }

    private static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
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
            // nested members
            "text", "diaChiDayDu", "commune", "xaPhuong", "district", "quanHuyen", "province", "tinhThanh",
            "number", "soThe", "issueDate", "ngayCap", "expiryDate", "ngayHetHan",
            "householdId", "maHoGiaDinh", "headIdNumber", "soDinhDanhChuHo", "relationshipToHead", "quanHeVoiChuHo",
            "members", "thanhVien", "residence", "noiCuTru",
            // envelopes of the data
            "citizen", "congDan", "retrievedAt", "thoiDiemTraCuu", "verifiedAt", "thoiDiemXacThuc",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        for (CitizenField f : CitizenField.values()) {
            if (!m.containsKey(f.wireName())) {
                throw new IllegalStateException("no gateway name for " + f.wireName());
            }
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, String> inverse(Map<String, String> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (out.put(v, k) != null) {
                throw new IllegalStateException("the gateway name " + v + " is used twice");
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }
}
