package vn.ketnoi.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exchange.ServiceId;
import vn.ketnoi.exchange.ExchangeClient;
import vn.ketnoi.exchange.ExchangeRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxMain;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.auth.VneidAuthClient;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;

/**
 * The example portal as a fresh application runs it: Spring Boot 4.1, the Boot 4 starter, the
 * application.yml block (pointed at the sandbox the test starts, with the key in a PKCS#12 file
 * and its password in a secret file), real HTTP to the portal and from the portal to the sandbox.
 * The portal's own JSON is Jackson 3 with Boot 4's defaults, its only JSON configuration; the SDK
 * keeps its Jackson 2 inside (docs/compatibility.md), and every client works beside it: the
 * population lookup, the e-documents client and the VNeID sign-in. This test reads JSON with
 * Jackson 3 too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AgencyPortalApplicationTest {
    private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final KetnoiSandbox SANDBOX = KetnoiSandbox.builder().build().start();
    private static final ServiceId CIVIL_STATUS = ServiceId.parse("VN/GOV/SANDBOX.BTP/HOTICH/civil-status/v1");

    @Value("${local.server.port}")
    int port;
    @Autowired
    PopulationClient population;
    @Autowired
    VneidAuthClient vneid;
    @Autowired
    EdocumentsClient edocuments;
    @Autowired
    ExchangeClient exchange;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void ketnoi(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("ketnoi-portal");
        // The e-documents settings the standalone sandbox writes: operator, the document-signing key
        // (ketnoi.edocuments.signing-key.*, not the API key) and the trust anchors.
        java.util.Properties written = new java.util.Properties();
        try (java.io.Reader in = Files.newBufferedReader(SandboxMain.writeCredentials(SANDBOX, dir.resolve("sandbox"))
                .resolve("ketnoi.properties"), StandardCharsets.ISO_8859_1)) {
            written.load(in);
        }
        String signingPassword = "ketnoi.edocuments.signing-key.pkcs12.password";
        written.stringPropertyNames().stream()
                .filter(name -> name.startsWith("ketnoi.edocuments.") && !name.equals(signingPassword))
                .forEach(name -> registry.add(name, () -> written.getProperty(name)));
        // Its password in a secret file too, as application.yml says.
        Path signingPasswordFile = Files.writeString(dir.resolve("document-signing-p12-password"),
                written.getProperty(signingPassword) + "\n");
        registry.add(signingPassword + "-file", signingPasswordFile::toString);
        Path p12 = dir.resolve("agency.p12");
        SANDBOX.defaultAgency().writePkcs12(p12, "portal-secret".toCharArray());
        Path password = Files.writeString(dir.resolve("p12-password"), "portal-secret\n");
        registry.add("ketnoi.endpoint", () -> SANDBOX.baseUri().toString());
        registry.add("ketnoi.provider-issuer", SANDBOX::issuer);
        registry.add("ketnoi.agency-id", () -> SANDBOX.defaultAgency().id());
        registry.add("ketnoi.credentials.pkcs12.path", p12::toString);
        registry.add("ketnoi.credentials.pkcs12.password-file", password::toString);
        registry.add("ketnoi.proxy.enabled", () -> "false");
        // Where the generic client finds a service it has no mount for: a route, from settings alone.
        registry.add("ketnoi.routes.hotich.service", () -> CIVIL_STATUS.toString());
        registry.add("ketnoi.routes.hotich.url", () -> SANDBOX.baseUri() + "/civil-status/v1");
    }

    @AfterAll
    static void stop() {
        SANDBOX.close();
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(HttpRequest.Builder r) throws IOException, InterruptedException {
        return http.send(r.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI portal(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    void theContextStartsWithTheStartersBeansAndKetnoisJackson() {
        assertThat(population).isNotNull();
        assertThat(vneid.config().issuer()).isEqualTo(SANDBOX.issuer() + "/vneid");
        // The BOM order: Ketnoi's pinned Jackson 2, not Boot's, is what runs inside the SDK.
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
                .isEqualTo(System.getProperty("expected.jackson.version"));
    }

    @Test
    void thePortalsOwnJsonIsJackson3WithBootsDefaults() throws Exception {
        // Boot 4 configures one JSON mapper, Jackson 3's; the SDK adds none of Jackson 2's to the context.
        assertThat(context.getBeansOfType(JsonMapper.class)).hasSize(1);
        assertThat(context.getBeansOfType(com.fasterxml.jackson.databind.ObjectMapper.class)).isEmpty();
        assertThat(context.getBean(JsonMapper.class).isEnabled(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES))
                .as("Jackson 3's default, which Boot 4 keeps").isTrue();
        // And it is in force: the portal refuses a null primitive rather than reading it as 0.
        String nullYears = "{\"idNumber\":\"" + SANDBOX.population().demoCitizen().idNumber()
                + "\",\"licenceNumber\":\"010203040506\",\"classes\":[\"B\"],\"validYears\":null}";
        assertThat(post("/api/driving-licences", nullYears).statusCode()).isEqualTo(400);
    }

    @Test
    void theTransportDepartmentIssuesALicenceIntoTheWallet() throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("idNumber", SANDBOX.population().demoCitizen().idNumber(),
                "licenceNumber", "010203040506", "classes", java.util.List.of("A1", "B"), "validYears", 10));
        HttpResponse<String> r = post("/api/driving-licences", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(edocuments.status(json.get("documentId").asString()).status().name()).isEqualTo("DELIVERED");
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(portal(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void anOfficerChecksACitizenThroughThePortal() throws Exception {
        SyntheticCitizen c = SANDBOX.population().anyLiving();
        String body = JSON.writeValueAsString(java.util.Map.of("idNumber", c.idNumber(), "fullName", c.fullName(),
                "birthDate", c.birthDate(), "operatorId", "VN:canbo.portal"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(portal("/api/citizen-checks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.get("matched").asBoolean()).isTrue();
        assertThat(json.get("sex").asString()).isEqualTo(c.sex());

        String wrongName = JSON.writeValueAsString(java.util.Map.of("idNumber", c.idNumber(), "fullName", "Không Phải Tên",
                "birthDate", c.birthDate(), "operatorId", "VN:canbo.portal"));
        HttpResponse<String> mismatch = send(HttpRequest.newBuilder(portal("/api/citizen-checks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(wrongName)));
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(mismatch.body()).contains("\"matched\":false").doesNotContain(c.idNumber());
    }

    @Test
    void aCitizenLogsInWithVneidAndGetsTheRolesOfTheirLevel() throws Exception {
        assertThat(send(HttpRequest.newBuilder(portal("/me")).GET()).statusCode()).isEqualTo(401);

        HttpResponse<String> start = send(HttpRequest.newBuilder(portal("/login/vneid?level=2")).GET());
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(SANDBOX.issuer() + "/vneid");

        // The citizen signs in on VNeID's page (the sandbox's), which sends the browser back.
        SyntheticCitizen citizen = SANDBOX.population().withVneidLevel(2);
        HttpResponse<String> page = send(HttpRequest.newBuilder(authorize).GET());
        Matcher m = TXN.matcher(page.body());
        assertThat(m.find()).as("the login page has a transaction").isTrue();
        String form = "txn=" + enc(m.group(1)) + "&idNumber=" + enc(citizen.idNumber()) + "&level=2&action=approve";
        HttpResponse<String> approved = send(HttpRequest.newBuilder(authorize.resolve("/vneid/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(approved.statusCode()).isEqualTo(302);
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/login/vneid/callback");

        HttpResponse<String> done = send(HttpRequest.newBuilder(callback).GET());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/me");

        HttpResponse<String> me = send(HttpRequest.newBuilder(portal("/me")).GET());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(me.body());
        assertThat(json.get("level").asInt()).isEqualTo(2);
        assertThat(json.get("roles").toString()).contains("ROLE_VNEID", "ROLE_VNEID_LEVEL_1", "ROLE_VNEID_LEVEL_2");
        assertThat(me.body()).doesNotContain(citizen.idNumber());
        assertThat(send(HttpRequest.newBuilder(portal("/me/records")).GET()).statusCode()).isEqualTo(200);

        // The callback is single-use: replaying it signs nobody in.
        HttpClient other = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        assertThat(other.send(HttpRequest.newBuilder(callback).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void actuatorHealthShowsTheKetnoiClients() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(portal("/actuator/health")).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ketnoi = JSON.readTree(r.body()).path("components").path("ketnoi");
        assertThat(ketnoi.path("status").asString()).isEqualTo("UP");
        assertThat(ketnoi.path("details").path("population").path("circuit").asString()).isEqualTo("CLOSED");
        assertThat(ketnoi.path("details").path("population").has("certificateNotAfter")).isTrue();
    }

    // The portal's own payload classes, annotated with com.fasterxml.jackson.annotation as a Jackson 3
    // application writes them (the package Jackson 3 kept): the SDK's Jackson 2 must honour them.

    /** Sent: the sandbox finds the registration only if {@code citizen} goes out as {@code idNumber}. */
    record BirthLookup(@JsonProperty("idNumber") String citizen) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BirthsFound(@JsonProperty("registrations") List<Birth> births) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Birth(@JsonAlias("entryNumber") String entry, @JsonProperty("child") Person baby) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Person(@JsonProperty("fullName") String name, @JsonAlias("idNumber") String personalId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Services(@JsonProperty("services") List<Service> all) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Service(@JsonAlias("serviceId") String id, @JsonProperty("provider") String ministry) {
    }

    @Test
    @DisplayName("Issue 20: payload classes annotated with com.fasterxml.jackson.annotation bind in the generic exchange client of a Jackson 3 application")
    void thePortalsAnnotatedClassesBindInTheGenericExchangeClient() {
        SyntheticCitizen child = SANDBOX.population().find(c -> c.birthDate().compareTo("2016") >= 0
                && SANDBOX.civilStatus().registration("BIRTH", c.idNumber()).isPresent()).orElseThrow();

        BirthsFound found = exchange.call(ExchangeRequest.post(CIVIL_STATUS, "/births/lookup", new BirthLookup(child.idNumber()))
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.portal")).build(), BirthsFound.class).body();

        assertThat(found.births()).hasSize(1);
        Birth birth = found.births().get(0);
        assertThat(birth.baby().personalId()).isEqualTo(child.idNumber());
        assertThat(birth.baby().name()).isEqualTo(child.fullName());
        assertThat(birth.entry()).isEqualTo(SANDBOX.civilStatus().registration("BIRTH", child.idNumber()).orElseThrow()
                .get("entryNumber").toString());

        Services services = exchange.call(ExchangeRequest.get(ExchangeClient.CATALOGUE, "/services")
                .context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:canbo.portal")).build(), Services.class).body();
        assertThat(services.all()).anySatisfy(s -> {
            assertThat(s.id()).isEqualTo(CIVIL_STATUS.toString());
            assertThat(s.ministry()).isEqualTo("Ministry of Justice");
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
