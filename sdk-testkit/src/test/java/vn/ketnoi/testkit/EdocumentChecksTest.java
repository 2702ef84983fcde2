package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Sections 10.1 to 10.3 from the provider's side: documents signed here with Nimbus, sent over
 * raw HTTP, each spoiled in one way, refused with the status and code of its step.
 */
class EdocumentChecksTest {

    static final String DOCUMENTS = "/edocuments/v1/documents";

    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static String token;
    static KeyPair key;
    static X509Certificate leaf;
    static String subject;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        var r = client.tokenRequest(TestClient.form(client.assertion(agency), "edocuments"));
        assertEquals(200, r.statusCode(), r.body());
        token = TestClient.JSON.readTree(r.body()).get("access_token").asText();
        key = ecKey();
        Instant now = Instant.now();
        leaf = sandbox.wallet().certify(agency.id(), key, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        subject = sandbox.population().withVneidLevel(2).idNumber();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static Map<String, Object> claims(String documentId) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", agency.id());
        c.put("sub", subject);
        c.put("jti", documentId);
        c.put("ver", 1);
        c.put("type", "DRIVING_LICENCE");
        c.put("iat", Instant.now().getEpochSecond());
        c.put("issueDate", "2025-07-01");
        c.put("validFrom", "2025-07-01");
        c.put("validUntil", "2035-07-01");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("licenceNumber", "010203040506");
        payload.put("classes", List.of("A1", "B"));
        payload.put("issuedBy", "Sở Giao thông vận tải Hà Nội");
        c.put("payload", payload);
        return c;
    }

    static String sign(Map<String, Object> claims, KeyPair with, List<X509Certificate> chain,
            Consumer<JWSHeader.Builder> header) throws Exception {
        List<Base64> x5c = new ArrayList<>();
        for (X509Certificate c : chain) {
            x5c.add(Base64.encode(c.getEncoded()));
        }
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("ketnoi-edoc+jwt"))
                .x509CertChain(x5c);
        header.accept(h);
        JWSObject jws = new JWSObject(h.build(), new Payload(TestClient.JSON.writeValueAsString(claims)));
        jws.sign(new ECDSASigner((ECPrivateKey) with.getPrivate()));
        return jws.serialize();
    }

    static String document(Consumer<Map<String, Object>> spoil) throws Exception {
        Map<String, Object> c = claims(newId());
        spoil.accept(c);
        return sign(c, key, List.of(leaf), h -> { });
    }

    static String newId() {
        return "GPLX-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static TestClient.Exchange issue(String jws, String idempotencyKey) throws Exception {
        TestClient.Call c = client.call(agency, token).json(Map.of("document", jws));
        c.pathAndQuery = DOCUMENTS;
        if (idempotencyKey != null) {
            c.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(c);
    }

    static TestClient.Exchange issue(String jws) throws Exception {
        return issue(jws, UUID.randomUUID().toString());
    }

    static void refused(String jws, int status, String code, String field) throws Exception {
        TestClient.Exchange x = issue(jws);
        client.verifyProblem(x, status, code);
        if (field != null) {
            List<String> fields = new ArrayList<>();
            x.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertEquals(true, fields.contains(field), fields + " names " + field);
        }
    }

    @Test
    void anHonestDocumentIsIssued() throws Exception {
        TestClient.Exchange x = issue(document(c -> { }));
        assertEquals(201, x.status(), () -> new String(x.response().body()));
        client.verifyResponse(x, agency.id());
    }

    @Test
    @Requirement(value = "R-10.1.2", side = Side.PROVIDER)
    void aDocumentOverTheQrCodeLimitIsRefused() throws Exception {
        String big = document(c -> ((Map<String, Object>) c.get("payload")).put("notes", "x".repeat(3000)));
        refused(big, 400, "request.invalid", "document");
    }

    @Test
    @Requirement(value = "R-10.2.1", side = Side.PROVIDER)
    void theFormOfTheJwsComesFirst() throws Exception {
        refused("not a jws", 400, "request.invalid", "document");
        refused(sign(claims(newId()), key, List.of(leaf), h -> h.type(JOSEObjectType.JWT)), 400, "request.invalid",
                "document.typ");
        refused(sign(claims(newId()), key, List.of(), h -> { }), 400, "request.invalid", "document.x5c");
        String hs = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"HS256\",\"typ\":\"ketnoi-edoc+jwt\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String good = document(c -> { });
        refused(hs + good.substring(good.indexOf('.')), 400, "request.invalid", "document.alg");
    }

    @Test
    @Requirement(value = "R-10.2.2", side = Side.PROVIDER)
    void aSignatureThatDoesNotVerifyWithTheLeafIsRefused() throws Exception {
        refused(sign(claims(newId()), ecKey(), List.of(leaf), h -> { }), 422, "edocuments.signature-invalid", null);
    }

    @Test
    @Requirement(value = "R-10.2.3", side = Side.PROVIDER)
    void aMissingClaimIsNamed() throws Exception {
        refused(document(c -> c.remove("validFrom")), 400, "request.invalid", "document.validFrom");
    }

    @Test
    @Requirement(value = {"R-10.1.1", "R-10.2.4"}, side = Side.PROVIDER)
    void anIssuerThatIsNotTheCallerOrNotTheLeafsNameIsUntrusted() throws Exception {
        // iss is another agency.
        refused(document(c -> c.put("iss", sandbox.limitedAgency().id())), 422, "edocuments.untrusted-issuer", null);
        // A leaf of the document CA for another name that merely contains the agency id.
        KeyPair other = ecKey();
        Instant now = Instant.now();
        X509Certificate longer = sandbox.wallet().certify(agency.id() + ".evil", other, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        refused(sign(claims(newId()), other, List.of(longer), h -> { }), 422, "edocuments.untrusted-issuer", null);
        // A self-signed leaf naming the agency: it leads to no trust anchor.
        KeyPair own = ecKey();
        X509Certificate selfSigned = vn.ketnoi.testkit.internal.SelfSignedCertificates.create(agency.id(), own, true,
                java.time.Clock.systemUTC());
        refused(sign(claims(newId()), own, List.of(selfSigned), h -> { }), 422, "edocuments.untrusted-issuer", null);
    }

    @Test
    @Requirement(value = "R-10.2.5", side = Side.PROVIDER)
    void anExpiredLeafIsRefused() throws Exception {
        KeyPair old = ecKey();
        Instant now = Instant.now();
        X509Certificate expired = sandbox.wallet().certify(agency.id(), old, now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
        refused(sign(claims(newId()), old, List.of(expired), h -> { }), 422, "edocuments.certificate-expired", null);
    }

    @Test
    @Requirement(value = {"R-10.2.6", "R-10.2.7", "R-10.2.8"}, side = Side.PROVIDER)
    void theIdTheTypeAndThePayloadAreChecked() throws Exception {
        refused(document(c -> c.put("jti", "-starts-with-a-hyphen")), 400, "request.invalid", null);
        refused(document(c -> c.put("type", "PASSPORT")), 422, "edocuments.unknown-type", null);
        refused(document(c -> ((Map<String, Object>) c.get("payload")).remove("issuedBy")), 400, "request.invalid",
                "payload.issuedBy");
    }

    @Test
    @Requirement(value = "R-10.2.9", side = Side.PROVIDER)
    void theSubjectMustBeALivingCitizenWithALevelTwoAccount() throws Exception {
        refused(document(c -> c.put("sub", "12345")), 400, "request.invalid", "document.sub");
        refused(document(c -> c.put("sub", sandbox.population().deceased().idNumber())), 422,
                "edocuments.subject-not-found", null);
        refused(document(c -> c.put("sub", sandbox.population().withVneidLevel(1).idNumber())), 422,
                "edocuments.subject-not-eligible", null);
    }

    @Test
    @Requirement(value = "R-10.2.10", side = Side.PROVIDER)
    void aDocumentIdIsIssuedOnceAtVersionOne() throws Exception {
        String id = newId();
        Map<String, Object> c = claims(id);
        assertEquals(201, issue(sign(c, key, List.of(leaf), h -> { })).status());
        refused(sign(claims(id), key, List.of(leaf), h -> { }), 409, "edocuments.duplicate-document", null);
        refused(document(d -> d.put("ver", 2)), 409, "edocuments.version-conflict", null);
    }

    @Test
    @Requirement(value = {"R-10.3.1", "R-10.3.2", "R-10.3.3"}, side = Side.PROVIDER)
    void writesCarryAnIdempotencyKeyAndARepeatGetsTheStoredOutcome() throws Exception {
        TestClient.Exchange without = issue(document(c -> { }), null);
        client.verifyProblem(without, 400, "request.invalid");
        assertEquals("Idempotency-Key", without.json().get("errors").get(0).get("field").asText());

        String k = UUID.randomUUID().toString();
        String doc = document(c -> { });
        TestClient.Exchange first = issue(doc, k);
        assertEquals(201, first.status());
        TestClient.Exchange again = issue(doc, k);
        assertEquals(201, again.status());
        client.verifyResponse(again, agency.id());
        assertArrayEquals(first.response().body(), again.response().body(), "the stored outcome");
        assertNotEquals(first.header("Ketnoi-Signature"), again.header("Ketnoi-Signature"), "signed afresh");

        client.verifyProblem(issue(document(c -> { }), k), 409, "request.idempotency-conflict");
    }
}
