package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.Base64;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * The wallet's side of issue 13, findings 3, 4 and 7, spoken straight to the protocol: which
 * signers it accepts documents from (protocol section 10.1, 10.2 step 4), and a status list that
 * names every document it accepted with its digest (10.6).
 */
class WalletSignerTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        HttpResponse<String> r = client.tokenRequest(TestClient.form(client.assertion(agency), "edocuments"));
        assertEquals(200, r.statusCode(), r.body());
        token = TestClient.JSON.readTree(r.body()).get("access_token").asText();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static KeyPair newKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate goodCertificate(String commonName, KeyPair key) {
        Instant now = Instant.now();
        return sandbox.wallet().certify(commonName, key, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
    }

    /** A driving licence of the default agency, signed under the certificate. */
    private static String document(String documentId, KeyPair key, X509Certificate cert) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", agency.id());
        claims.put("sub", sandbox.population().withVneidLevel(2).idNumber());
        claims.put("jti", documentId);
        claims.put("ver", 1);
        claims.put("type", "DRIVING_LICENCE");
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("issueDate", "2025-07-01");
        claims.put("validFrom", "2025-07-01");
        claims.put("payload", Map.of("licenceNumber", "010203040506", "classes", List.of("B"), "issuedBy", "Sở GTVT"));
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("ketnoi-edoc+jwt"))
                .x509CertChain(List.of(Base64.encode(cert.getEncoded()))).build(),
                new Payload(TestClient.JSON.writeValueAsString(claims)));
        jws.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jws.serialize();
    }

    private static TestClient.Exchange issue(String document) throws Exception {
        TestClient.Call c = client.call(agency, token).json(Map.of("document", document));
        c.pathAndQuery = "/edocuments/v1/documents";
        c.header("Idempotency-Key", UUID.randomUUID().toString());
        return client.send(c);
    }

    private static String newId() {
        return "W-" + System.nanoTime() + "-" + SEQ.incrementAndGet();
    }

    private static JsonNode statusList() throws Exception {
        HttpResponse<String> r = client.http.send(HttpRequest.newBuilder(sandbox.wallet().statusListUri(agency.id()))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return TestClient.JSON.readTree(JWSObject.parse(r.body()).getPayload().toString());
    }

    @Test
    @DisplayName("Finding 3: the status list names every accepted document, version 1 included, with its digest")
    @Requirement(value = "R-10.6.1", side = Side.PROVIDER)
    void theStatusListNamesEveryDocumentWithItsDigest() throws Exception {
        KeyPair key = newKey();
        String id = newId();
        String doc = document(id, key, goodCertificate(agency.id(), key));
        assertEquals(201, issue(doc).status());
        JsonNode entry = statusList().path("documents").path(id);
        assertEquals("VALID", entry.path("status").asText(), entry.toString());
        assertEquals(1, entry.path("version").asInt());
        assertEquals(TestClient.sha256(doc.getBytes(StandardCharsets.US_ASCII)), entry.path("digest").asText());
        assertTrue(statusList().path("documents").path(newId()).isMissingNode(), "a document never sent is not named");
    }

    @ParameterizedTest
    @EnumSource(SandboxWallet.CertificateDefect.class)
    @DisplayName("Findings 4 and 7: the wallet refuses a document whose certificate cannot sign documents or names two agencies")
    @Requirement(value = "R-10.1.4", side = Side.PROVIDER)
    void unfitCertificatesAreRefused(SandboxWallet.CertificateDefect defect) throws Exception {
        KeyPair key = newKey();
        String doc = document(newId(), key, sandbox.wallet().certifyWithDefect(agency.id(), key, defect));
        client.verifyProblem(issue(doc), 422, "edocuments.untrusted-issuer");
    }

    @Test
    @DisplayName("Finding 7: a common name that merely starts with the agency id is another agency")
    void theCommonNameMatchesExactly() throws Exception {
        KeyPair key = newKey();
        String doc = document(newId(), key, goodCertificate(agency.id() + "9", key));
        client.verifyProblem(issue(doc), 422, "edocuments.untrusted-issuer");
    }

    @Test
    @DisplayName("Finding 3: a revoked signing certificate signs nothing more; what it signed before stays listed")
    void aRevokedSignerIsRefused() throws Exception {
        KeyPair key = newKey();
        X509Certificate cert = goodCertificate(agency.id(), key);
        String before = newId();
        assertEquals(201, issue(document(before, key, cert)).status());
        sandbox.wallet().revokeSigningCertificate(cert);
        client.verifyProblem(issue(document(newId(), key, cert)), 422, "edocuments.untrusted-issuer");
        assertFalse(statusList().path("documents").path(before).isMissingNode());
    }
}
