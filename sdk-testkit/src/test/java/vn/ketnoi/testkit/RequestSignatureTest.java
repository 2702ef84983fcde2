package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** Section 4's checks, one by one, and the token checks before them. */
class RequestSignatureTest {

    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static String token;
    static SyntheticCitizen citizen;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        token = client.token(agency);
        citizen = sandbox.population().anyLiving();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static TestClient.Call lookup() {
        return client.call(agency, token).json(TestClient.lookupBody(citizen, "fullName"));
    }

    private static void expect(TestClient.Call c, int status, String code) throws Exception {
        TestClient.Exchange x = client.send(c);
        assertEquals(code, client.verifyProblem(x, status, code));
    }

    private static String b64(String s) {
        return TestClient.b64(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Requirement(value = "R-2.1", side = Side.PROVIDER)
    void tokenMissing() throws Exception {
        TestClient.Call c = lookup();
        c.token = null;
        expect(c, 401, "auth.token-missing");
    }

    @Test
    @Requirement(value = "R-2.15", side = Side.PROVIDER)
    void tokenUnknown() throws Exception {
        TestClient.Call c = lookup();
        c.token = "bm90LWEtdG9rZW4";
        expect(c, 401, "auth.token-invalid");
    }

    @Test
    @Requirement(value = "R-2.15", side = Side.PROVIDER)
    void tokenOfAnotherAgency() throws Exception {
        TestClient.Call c = lookup();
        c.token = client.token(sandbox.limitedAgency());
        expect(c, 401, "auth.token-invalid");
    }

    @Test
    @Requirement(value = {"R-4.1", "R-5.1"}, side = Side.PROVIDER)
    void signatureMissing() throws Exception {
        TestClient.Call c = lookup();
        c.rawSignatures = List.of();
        TestClient.Exchange x = client.send(c);
        // With no usable signature, rqh is over the empty string: verifyProblem checks that.
        assertEquals("signature.missing", client.verifyProblem(x, 401, "signature.missing"));
    }

    @Test
    @DisplayName("Finding 14: two signature headers are signature.missing, answered with rqh over the empty string")
    @Requirement(value = {"R-4.1", "R-5.1"}, side = Side.PROVIDER)
    void signatureDoubled() throws Exception {
        TestClient.Call c = lookup();
        c.rawSignatures = List.of("a.b.c", "d.e.f");
        expect(c, 401, "signature.missing");
    }

    @Test
    @Requirement(value = "R-4.1", side = Side.PROVIDER)
    void signatureNotAJws() throws Exception {
        TestClient.Call c = lookup();
        c.rawSignatures = List.of("not-a-jws");
        expect(c, 401, "signature.malformed");
    }

    @Test
    @Requirement(value = "R-4.1", side = Side.PROVIDER)
    void signatureWithTheWrongTyp() throws Exception {
        TestClient.Call c = lookup();
        c.jwsHeader.put("typ", "JWT");
        expect(c, 401, "signature.malformed");
    }

    @Test
    @Requirement(value = "R-4.1", side = Side.PROVIDER)
    void signatureWithAClaimMissing() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("ath", null);
        expect(c, 401, "signature.malformed");
    }

    @Test
    @Requirement(value = "R-4.1", side = Side.PROVIDER)
    void signatureWithAClaimOfTheWrongType() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("iat", "now");
        expect(c, 401, "signature.malformed");
    }

    @Test
    @Requirement(value = "R-4.2", side = Side.PROVIDER)
    void algorithmNone() throws Exception {
        TestClient.Call c = lookup();
        String header = b64("{\"alg\":\"none\",\"kid\":\"" + agency.keyId() + "\",\"typ\":\"ketnoi-request+jwt\"}");
        c.rawSignatures = List.of(header + "." + b64(validClaims(c)) + ".");
        expect(c, 401, "signature.algorithm-not-allowed");
    }

    @Test
    @Requirement(value = "R-4.2", side = Side.PROVIDER)
    void algorithmHs256() throws Exception {
        TestClient.Call c = lookup();
        String header = b64("{\"alg\":\"HS256\",\"kid\":\"" + agency.keyId() + "\",\"typ\":\"ketnoi-request+jwt\"}");
        c.rawSignatures = List.of(header + "." + b64(validClaims(c)) + ".c2lnbmF0dXJl");
        expect(c, 401, "signature.algorithm-not-allowed");
    }

    @Test
    @Requirement(value = "R-4.3", side = Side.PROVIDER)
    void unknownKey() throws Exception {
        TestClient.Call c = lookup();
        c.jwsHeader.put("kid", "no-such-key");
        expect(c, 401, "signature.unknown-key");
    }

    @Test
    @Requirement(value = "R-4.3", side = Side.PROVIDER)
    void keyOfAnotherAgency() throws Exception {
        TestClient.Call c = lookup();
        c.jwsHeader.put("kid", sandbox.limitedAgency().keyId());
        c.signingKey = sandbox.limitedAgency().privateKey();
        expect(c, 401, "signature.unknown-key");
    }

    @Test
    @Requirement(value = "R-4.4", side = Side.PROVIDER)
    void invalidSignature() throws Exception {
        TestClient.Call c = lookup();
        c.signingKey = sandbox.limitedAgency().privateKey();
        expect(c, 401, "signature.invalid");
    }

    @Test
    @Requirement(value = "R-4.5", side = Side.PROVIDER)
    void staleInThePast() throws Exception {
        TestClient.Call c = lookup();
        c.iatOffsetSeconds = -90;
        expect(c, 401, "signature.stale");
    }

    @Test
    @Requirement(value = "R-4.5", side = Side.PROVIDER)
    void staleInTheFuture() throws Exception {
        TestClient.Call c = lookup();
        c.iatOffsetSeconds = 90;
        expect(c, 401, "signature.stale");
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void bindingMismatchOnAChangedUrl() throws Exception {
        TestClient.Call c = lookup();
        c.sentPathAndQuery = TestClient.LOOKUP + "?x=1";
        expect(c, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void bindingMismatchOnAChangedRequestId() throws Exception {
        TestClient.Call c = lookup();
        c.sentRequestId = UUID.randomUUID().toString();
        expect(c, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void bindingMismatchOnTheMethod() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("htm", "PUT");
        expect(c, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void bindingMismatchOnThePurpose() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("pur", "STATISTICS");
        expect(c, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void bindingMismatchOnAnUnsignedIssueHeader() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("xrs", "HS-2026-001");
        expect(c, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.PROVIDER)
    void bindingMismatchOnTheToken() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("ath", TestClient.sha256("another token"));
        expect(c, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-4.7", side = Side.PROVIDER)
    void digestMismatchOnATamperedBody() throws Exception {
        TestClient.Call c = lookup();
        c.sentBody = TestClient.JSON.writeValueAsBytes(TestClient.lookupBody(citizen, "fullName", "phone"));
        expect(c, 401, "signature.digest-mismatch");
    }

    @Test
    @Requirement(value = {"R-4.8", "R-4.10"}, side = Side.PROVIDER)
    void replayed() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("jti", TestClient.nonce());
        assertEquals(200, client.send(c).status());
        expect(c, 401, "signature.replayed");
    }

    @Test
    @Requirement(value = "R-4.9", side = Side.PROVIDER)
    void aRefusedRequestDoesNotBurnItsNonce() throws Exception {
        String jti = TestClient.nonce();
        TestClient.Call forged = lookup();
        forged.claims.put("jti", jti);
        forged.sentBody = "{}".getBytes(StandardCharsets.UTF_8);
        expect(forged, 401, "signature.digest-mismatch");
        TestClient.Call genuine = lookup();
        genuine.claims.put("jti", jti);
        assertEquals(200, client.send(genuine).status());
    }

    @Test
    void aSignedIssueHeaderPasses() throws Exception {
        TestClient.Call c = lookup().header("X-Road-Issue", "HS-2026-001");
        TestClient.Exchange x = client.send(c);
        assertEquals(200, x.status());
        client.verifyResponse(x, agency.id());
    }

    @Test
    @Requirement(value = "R-4.11", side = Side.PROVIDER)
    @DisplayName("Version 2 only: a signature without ver = 2 (missing, 1, or the string \"2\") is malformed")
    void aSignatureWithoutVersion2IsMalformed() throws Exception {
        for (Object ver : new Object[] {null, 1, "2", 2.5}) {
            TestClient.Call c = lookup();
            c.claims.put("ver", ver);
            expect(c, 401, "signature.malformed");
        }
    }

    @Test
    @Requirement(value = "R-4.11", side = Side.PROVIDER)
    @DisplayName("A version 1 signature (htu instead of srv and pth) is malformed")
    void aVersion1SignatureIsMalformed() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("ver", null);
        c.claims.put("srv", null);
        c.claims.put("pth", null);
        c.claims.put("htu", sandbox.issuer() + TestClient.LOOKUP);
        expect(c, 401, "signature.malformed");
    }

    @Test
    @Requirement(value = "R-4.12", side = Side.PROVIDER)
    @DisplayName("The signature binds the service reached and the path within it, not the host it was reached at")
    void theHostTheRequestReachedIsNotSigned() throws Exception {
        TestClient.Call c = lookup();
        c.sentBase = "http://localhost:" + sandbox.baseUri().getPort(); // the issuer is 127.0.0.1
        assertEquals(200, client.send(c).status());
    }

    @Test
    @Requirement(value = "R-4.12", side = Side.PROVIDER)
    @DisplayName("pth is compared in canonical form: dot segments and encoded unreserved characters match")
    void thePathWithinTheServiceInAnotherSpelling() throws Exception {
        TestClient.Call c = lookup();
        c.claims.put("pth", "/citizens/./%6Cookup");
        assertEquals(200, client.send(c).status());
    }

    @Test
    @Requirement(value = {"R-4.6", "R-4.12"}, side = Side.PROVIDER)
    @DisplayName("srv naming another service, or pth naming another path, is a binding mismatch")
    void anotherServiceOrPathIsABindingMismatch() throws Exception {
        TestClient.Call service = lookup();
        service.claims.put("srv", "VN/GOV/SANDBOX.BCA/VNEID/edocuments/v1");
        expect(service, 401, "signature.binding-mismatch");
        TestClient.Call version = lookup();
        version.claims.put("srv", "VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v2");
        expect(version, 401, "signature.binding-mismatch");
        TestClient.Call path = lookup();
        path.claims.put("pth", "/citizens/verify");
        expect(path, 401, "signature.binding-mismatch");
        TestClient.Call prefixed = lookup();
        prefixed.claims.put("pth", "/population/v1/citizens/lookup"); // the mount prefix is not part of pth
        expect(prefixed, 401, "signature.binding-mismatch");
    }

    @Test
    @Requirement(value = "R-6.4", side = Side.PROVIDER)
    @DisplayName("Every answer of a provider API is signed, refusals included: an unsigned error can only be a gateway's")
    void everyErrorAnswerIsSigned() throws Exception {
        TestClient.Call noToken = lookup();
        noToken.token = null;
        TestClient.Call noSignature = lookup();
        noSignature.rawSignatures = List.of();
        TestClient.Call unknownPath = client.call(agency, token);
        unknownPath.pathAndQuery = "/population/v1/no-such-operation";
        unknownPath.json(TestClient.lookupBody(citizen, "fullName"));
        for (TestClient.Call c : List.of(noToken, noSignature, unknownPath)) {
            TestClient.Exchange x = client.send(c);
            assertTrue(x.status() >= 400, "an error: " + x.status());
            assertEquals(1, x.response().headers().allValues("Ketnoi-Signature").size(), "signed: " + x.status());
            client.verifyResponse(x, agency.id());
        }
    }

    /** The claims a correct signature would carry, for hand-built JWS values. */
    private static String validClaims(TestClient.Call c) throws Exception {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ver", 2);
        m.put("htm", "POST");
        m.put("srv", TestClient.serviceOf(TestClient.LOOKUP).service().toString());
        m.put("pth", TestClient.pathWithin(TestClient.LOOKUP));
        m.put("iat", java.time.Instant.now().getEpochSecond());
        m.put("jti", TestClient.nonce());
        m.put("bdh", TestClient.sha256(c.body));
        m.put("xrc", c.first("X-Road-Client"));
        m.put("xri", c.first("X-Road-Id"));
        m.put("xru", c.first("X-Road-UserId"));
        m.put("pur", c.first("Ketnoi-Purpose"));
        m.put("ath", TestClient.sha256(token));
        return TestClient.JSON.writeValueAsString(m);
    }
}
