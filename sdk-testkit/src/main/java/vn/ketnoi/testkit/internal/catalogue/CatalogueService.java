package vn.ketnoi.testkit.internal.catalogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.testkit.internal.ApiRoute;
import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.SandboxHandler;
import vn.ketnoi.testkit.internal.ServiceMounts;
import vn.ketnoi.testkit.internal.civilstatus.CivilStatusService;

/**
 * The catalogue of the sandbox's services, itself a signed service
 * ({@code VN/GOV/SANDBOX.NDXP/CATALOGUE/catalogue/v1} at {@code /catalogue/v1}, {@code GET /services}):
 * for each service its id, title, provider and operations, each with its method, path template
 * within the service and the JSON Schemas (2020-12) of its request and response bodies. It is
 * how an agency learns what a database offers before a typed module exists for it. Immutable.
 */
public final class CatalogueService {
    /** The catalogue's own id. */
    public static final ServiceId SERVICE = ServiceId.parse("VN/GOV/SANDBOX.NDXP/CATALOGUE/catalogue/v1");
    /** Where the sandbox mounts it. */
    public static final String PREFIX = "/catalogue/v1";
    /** The OAuth scope of its operation. */
    public static final String SCOPE = "catalogue";

    private static final String DIALECT = "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",";
    private static final String ID = "{\"type\":\"string\",\"pattern\":\"^[0-9]{12}$\"}";
    private static final String PARTIAL_DATE = "{\"type\":\"string\",\"pattern\":\"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$\"}";
    private static final String DAY = "{\"type\":\"string\",\"format\":\"date\"}";
    private static final String PERSON = "{\"type\":\"object\",\"required\":[\"fullName\"],\"properties\":{"
            + "\"idNumber\":" + ID + ",\"fullName\":{\"type\":\"string\"},\"birthDate\":" + PARTIAL_DATE
            + ",\"sex\":{\"type\":\"string\"}}}";
    private static final String REGISTRATION = "{\"type\":\"object\",\"required\":[\"registrationId\",\"kind\","
            + "\"entryNumber\",\"bookNumber\",\"authority\",\"registrationDate\"],\"properties\":{"
            + "\"registrationId\":{\"type\":\"string\",\"format\":\"uuid\"},"
            + "\"kind\":{\"type\":\"string\",\"description\":\"BIRTH, MARRIAGE, DEATH; later versions may add kinds\"},"
            + "\"entryNumber\":{\"type\":\"string\"},\"bookNumber\":{\"type\":\"string\"},"
            + "\"authority\":{\"type\":\"object\",\"required\":[\"code\",\"name\"],\"properties\":{"
            + "\"code\":{\"type\":\"string\",\"pattern\":\"^[0-9]{5}$\"},\"name\":{\"type\":\"string\"}}},"
            + "\"registrationDate\":" + DAY + ",\"child\":" + PERSON + ",\"mother\":" + PERSON + ",\"father\":" + PERSON
            + ",\"deceased\":" + PERSON + ",\"deathDate\":" + PARTIAL_DATE + ",\"placeOfDeath\":{\"type\":\"string\"},"
            + "\"spouses\":{\"type\":\"array\",\"items\":" + PERSON + "}}}";
    private static final String BY_ENTRY_OR_ID = "{" + DIALECT + "\"type\":\"object\",\"oneOf\":["
            + "{\"required\":[\"idNumber\"],\"properties\":{\"idNumber\":" + ID + "},\"additionalProperties\":false},"
            + "{\"required\":[\"entryNumber\",\"bookNumber\",\"authorityCode\"],\"properties\":{"
            + "\"entryNumber\":{\"type\":\"string\"},\"bookNumber\":{\"type\":\"string\"},"
            + "\"authorityCode\":{\"type\":\"string\",\"pattern\":\"^[0-9]{5}$\"}},\"additionalProperties\":false}]}";
    private static final String REGISTRATIONS = "{" + DIALECT + "\"type\":\"object\",\"required\":[\"registrations\"],"
            + "\"properties\":{\"registrations\":{\"type\":\"array\",\"minItems\":1,\"items\":" + REGISTRATION + "}}}";
    private static final String ONE_REGISTRATION = "{" + DIALECT + REGISTRATION.substring(1);

    /** One operation: method, path template within the service, request and response schemas (null: no body). */
    private record Operation(String name, String method, String path, String request, String response) {
        Map<String, Object> wire() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("method", method);
            m.put("path", path);
            if (request != null) {
                m.put("requestSchema", Json.parse(request.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            m.put("responseSchema", Json.parse(response.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return m;
        }
    }

    private final byte[] answer;

    /** Builds the catalogue of the sandbox's services. */
    public CatalogueService() {
        List<Map<String, Object>> services = new ArrayList<>();
        services.add(service(ServiceMounts.POPULATION, "National Population Database (sandbox)",
                "Ministry of Public Security", List.of(
                        new Operation("lookup", "POST", "/citizens/lookup", "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"idNumber\",\"fullName\",\"birthDate\",\"fields\"],\"properties\":{"
                                + "\"idNumber\":" + ID + ",\"fullName\":{\"type\":\"string\"},\"birthDate\":" + PARTIAL_DATE
                                + ",\"fields\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                                + "\"consentToken\":{\"type\":\"string\"}}}",
                                "{" + DIALECT + "\"type\":\"object\",\"required\":[\"citizen\"],\"properties\":{"
                                + "\"citizen\":{\"type\":\"object\"}}}"),
                        new Operation("verify", "POST", "/citizens/verify", "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"idNumber\",\"fullName\",\"birthDate\"],\"properties\":{\"idNumber\":"
                                + ID + ",\"fullName\":{\"type\":\"string\"},\"birthDate\":" + PARTIAL_DATE + "}}",
                                "{" + DIALECT + "\"type\":\"object\",\"required\":[\"match\"],\"properties\":{"
                                + "\"match\":{\"type\":\"boolean\"}}}"),
                        new Operation("changes", "GET", "/changes", null, "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"events\"],\"properties\":{\"events\":{\"type\":\"array\"},"
                                + "\"nextCursor\":{\"type\":\"string\"}}}"))));
        services.add(service(ServiceMounts.EDOCUMENTS, "VNeID e-documents (sandbox)", "Ministry of Public Security",
                List.of(new Operation("issue", "POST", "/documents", "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"document\"],\"properties\":{\"document\":{\"type\":\"string\","
                                + "\"description\":\"a compact JWS, typ ketnoi-edoc+jwt\"}}}",
                                "{" + DIALECT + "\"type\":\"object\",\"required\":[\"documentId\",\"status\"]}"),
                        new Operation("status", "GET", "/documents/{documentId}", null,
                                "{" + DIALECT + "\"type\":\"object\",\"required\":[\"documentId\",\"status\"]}"))));
        services.add(service(CivilStatusService.SERVICE, "Electronic civil-status database (sandbox)",
                "Ministry of Justice", List.of(
                        new Operation("births.lookup", "POST", "/births/lookup", BY_ENTRY_OR_ID, REGISTRATIONS),
                        new Operation("marriages.lookup", "POST", "/marriages/lookup", BY_ENTRY_OR_ID, REGISTRATIONS),
                        new Operation("deaths.lookup", "POST", "/deaths/lookup", BY_ENTRY_OR_ID, REGISTRATIONS),
                        new Operation("extract", "POST", "/extracts", "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"registrationId\"],\"properties\":{\"registrationId\":"
                                + "{\"type\":\"string\",\"format\":\"uuid\"}}}",
                                "{" + DIALECT + "\"type\":\"object\",\"required\":[\"extract\"],\"properties\":{"
                                + "\"extract\":{\"type\":\"string\",\"description\":\"a compact JWS, typ "
                                + CivilStatusService.EXTRACT_TYP + ", signed by the provider\"}}}"),
                        new Operation("births.register", "POST", "/births", "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"child\",\"motherIdNumber\",\"authorityCode\"],\"properties\":{"
                                + "\"child\":{\"type\":\"object\",\"required\":[\"fullName\",\"birthDate\",\"sex\"],"
                                + "\"properties\":{\"fullName\":{\"type\":\"string\"},\"birthDate\":" + DAY
                                + ",\"sex\":{\"enum\":[\"MALE\",\"FEMALE\"]}}},\"motherIdNumber\":" + ID
                                + ",\"fatherIdNumber\":" + ID + ",\"authorityCode\":{\"type\":\"string\"}}}",
                                ONE_REGISTRATION),
                        new Operation("deaths.register", "POST", "/deaths", "{" + DIALECT + "\"type\":\"object\","
                                + "\"required\":[\"idNumber\",\"deathDate\",\"authorityCode\"],\"properties\":{"
                                + "\"idNumber\":" + ID + ",\"deathDate\":" + DAY + ",\"authorityCode\":{\"type\":\"string\"},"
                                + "\"placeOfDeath\":{\"type\":\"string\"}}}", ONE_REGISTRATION))));
        String b64 = "{\"type\":\"string\",\"contentEncoding\":\"base64\"}";
        services.add(service(vn.ketnoi.testkit.internal.chip.ChipVerificationService.SERVICE,
                "Chip verification of citizen identity cards (sandbox)", "Ministry of Public Security", List.of(
                        new Operation("challenges", "POST", "/challenges", null, "{" + DIALECT
                                + "\"type\":\"object\",\"required\":[\"challenge\",\"expiresAt\"],\"properties\":{"
                                + "\"challenge\":" + b64 + ",\"expiresAt\":{\"type\":\"string\",\"format\":\"date-time\"}}}"),
                        new Operation("verifications", "POST", "/verifications", "{" + DIALECT
                                + "\"type\":\"object\",\"required\":[\"dump\"],\"properties\":{\"dump\":{"
                                + "\"type\":\"object\",\"additionalProperties\":" + b64 + "},"
                                + "\"activeAuthentication\":{\"type\":\"object\",\"required\":[\"challenge\","
                                + "\"signature\"],\"properties\":{\"challenge\":" + b64 + ",\"signature\":" + b64 + "}}}}",
                                "{" + DIALECT + "\"type\":\"object\",\"required\":[\"verdict\",\"reason\","
                                + "\"activelyAuthenticated\"],\"properties\":{\"verdict\":{\"type\":\"string\"},"
                                + "\"reason\":{\"type\":\"string\"},\"activelyAuthenticated\":{\"type\":\"boolean\"},"
                                + "\"citizen\":{\"type\":\"object\",\"required\":[\"idNumber\",\"fullName\","
                                + "\"birthDate\",\"sex\"]}}}"))));
        services.add(service(SERVICE, "Service catalogue (sandbox)", "National Data Exchange Platform", List.of(
                new Operation("services", "GET", "/services", null, "{" + DIALECT + "\"type\":\"object\","
                        + "\"required\":[\"services\"],\"properties\":{\"services\":{\"type\":\"array\",\"items\":{"
                        + "\"type\":\"object\",\"required\":[\"serviceId\",\"title\",\"provider\",\"operations\"]}}}}"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("services", services);
        this.answer = Json.bytes(body);
    }

    private static Map<String, Object> service(ServiceId id, String title, String provider, List<Operation> ops) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceId", id.toString());
        m.put("title", title);
        m.put("provider", provider);
        m.put("operations", ops.stream().map(Operation::wire).toList());
        return m;
    }

    /** Mounts the catalogue and registers its one operation. */
    public void register(SandboxHandler handler) {
        handler.mounts().add(new ServiceMounts.Mount(PREFIX, SERVICE));
        handler.addRoute(new ApiRoute("GET", PREFIX + "/services", SCOPE, call -> ApiRoute.Result.ok(answer)));
    }
}
