package vn.ketnoi.spring.boot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import vn.ketnoi.core.RequestContext;
import vn.ketnoi.core.Purpose;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.population.CitizenField;
import vn.ketnoi.population.LookupRequest;
import vn.ketnoi.population.PopulationClient;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SandboxMain;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.vneid.edocuments.Document;
import vn.ketnoi.vneid.edocuments.DocumentVerifier;
import vn.ketnoi.vneid.edocuments.DrivingLicence;
import vn.ketnoi.vneid.edocuments.EdocumentsClient;
import vn.ketnoi.vneid.edocuments.PreparedWrite;
import vn.ketnoi.vneid.edocuments.VerificationResult;

/**
 * The starter in a running application, over real HTTP, on whichever Boot line compiled it (the
 * source is shared by both starters): configured only by the {@code ketnoi.properties} the
 * standalone sandbox writes, Actuator health and metrics read from the endpoints, a citizen
 * signed in through Spring Security, an e-document signed with the separate document-signing key.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=health,metrics",
                "management.endpoint.health.show-details=always"})
class StarterApplicationTest {
    private static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");
    /** id-kp-documentSigning (RFC 9336): the extended key usage protocol section 10.1 requires. */
    private static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";
    /** Boot's own parser: neither Jackson, so the test reads the same on both lines. */
    private static final JsonParser JSON = JsonParserFactory.getJsonParser();
    private static final KetnoiSandbox SANDBOX = KetnoiSandbox.builder().populationSize(200).build().start();

    // local.server.port rather than @LocalServerPort, whose package differs between the Boot lines.
    @Value("${local.server.port}")
    int port;
    @Autowired
    PopulationClient population;
    @Autowired
    EdocumentsClient edocuments;
    @Autowired
    DocumentVerifier verifier;

    @DynamicPropertySource
    static void ketnoi(DynamicPropertyRegistry registry) throws IOException {
        Path dir = SandboxMain.writeCredentials(SANDBOX, Files.createTempDirectory("ketnoi-starter-app"));
        Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("ketnoi.properties"), StandardCharsets.ISO_8859_1)) {
            written.load(in);
        }
        written.stringPropertyNames().forEach(name -> registry.add(name, () -> written.getProperty(name)));
    }

    @AfterAll
    static void stop() {
        SANDBOX.close();
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI app(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    @Test
    @DisplayName("/actuator/health shows the ketnoi contributor with each client, UP")
    void actuatorHealthShowsTheClients() throws Exception {
        HttpResponse<String> r = get(app("/actuator/health/ketnoi"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> ketnoi = JSON.parseMap(r.body());
        assertThat(ketnoi).containsEntry("status", "UP");
        Map<String, Object> details = map(ketnoi.get("details"));
        assertThat(map(details.get("population"))).containsEntry("circuit", "CLOSED");
        assertThat(map(details.get("edocuments"))).containsKey("certificateNotAfter");
        assertThat(details).containsEntry("certificateExpiresSoon", false);
    }

    @Test
    @DisplayName("A retried call shows in /actuator/metrics/ketnoi.retries, every call in ketnoi.client.requests")
    void retriesAndCallsReachActuatorMetrics() throws Exception {
        SyntheticCitizen c = SANDBOX.population().anyLiving();
        LookupRequest lookup = LookupRequest.builder().idNumber(c.idNumber()).fullName(c.fullName())
                .birthDate(c.birthDate()).fields(CitizenField.SEX).context(RequestContext.of(Purpose.PUBLIC_SERVICE, "VN:starter.app")).build();
        population.lookup(lookup);
        HttpResponse<String> calls = get(app("/actuator/metrics/ketnoi.client.requests?tag=outcome:SUCCESS"));
        assertThat(calls.statusCode()).as(calls.body()).isEqualTo(200);
        assertThat(firstMeasurement(calls.body())).isPositive();
        SANDBOX.faults().add("/population/", SandboxFault.serviceUnavailable(Duration.ZERO));
        try {
            assertThatThrownBy(() -> population.lookup(lookup)).isInstanceOf(KetnoiException.class);
        } finally {
            SANDBOX.faults().clear();
        }
        HttpResponse<String> r = get(app("/actuator/metrics/ketnoi.retries"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(firstMeasurement(r.body())).isPositive();
    }

    @Test
    @DisplayName("A citizen signs in with VNeID through Spring Security and gets the roles of level 2")
    void aCitizenSignsInThroughSpringSecurity() throws Exception {
        assertThat(get(app("/me")).statusCode()).isEqualTo(401);
        HttpResponse<String> start = get(app("/login/vneid?level=2"));
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());

        // The citizen approves on the sandbox's VNeID page, which sends the browser back.
        SyntheticCitizen citizen = SANDBOX.population().withVneidLevel(2);
        Matcher m = TXN.matcher(get(authorize).body());
        assertThat(m.find()).as("the login page has a transaction").isTrue();
        String form = "txn=" + enc(m.group(1)) + "&idNumber=" + enc(citizen.idNumber()) + "&level=2&action=approve";
        HttpResponse<String> approved = http.send(HttpRequest.newBuilder(authorize.resolve("/vneid/login"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> done = get(callback);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);

        HttpResponse<String> me = get(app("/me"));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.parseMap(me.body()).get("roles")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .contains("ROLE_VNEID_LEVEL_2");
        assertThat(me.body()).doesNotContain(citizen.idNumber());
    }

    @Test
    @DisplayName("An e-document is signed with the separate document-signing key, not the agency's API key")
    void anEdocumentIsSignedWithTheDocumentSigningKey() throws Exception {
        PreparedWrite write = edocuments.prepare(Document.builder()
                .documentId("GPLX-APP-" + System.nanoTime())
                .subject(SANDBOX.population().demoCitizen().idNumber())
                .issueDate(LocalDate.now(DocumentVerifier.VIETNAM))
                .payload(DrivingLicence.builder().licenceNumber("010203040506").classes("B")
                        .issuedBy("Sở Xây dựng Hà Nội").build())
                .build());
        assertThat(edocuments.issue(write).status().name()).isEqualTo("DELIVERED");
        VerificationResult verified = verifier.verify(write.signedDocument());
        assertThat(verified.verdict().name()).isEqualTo("VALID");
        X509Certificate signer = verified.document().orElseThrow().signingCertificate();
        assertThat(signer).as("not the agency's API certificate")
                .isNotEqualTo(edocuments.config().credentials().certificateChain().get(0));
        assertThat(signer.getExtendedKeyUsage()).as("a document-signing certificate (ketnoi.edocuments.signing-key.*)")
                .contains(DOCUMENT_SIGNING);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    /** The value of an /actuator/metrics/{name} answer's first measurement. */
    private static double firstMeasurement(String body) {
        return ((Number) map(((List<?>) JSON.parseMap(body).get("measurements")).get(0)).get("value")).doubleValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
