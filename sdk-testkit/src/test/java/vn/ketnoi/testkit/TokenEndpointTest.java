package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

class TokenEndpointTest {

    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static void assertInvalidClient(HttpResponse<String> r) throws Exception {
        assertEquals(401, r.statusCode(), r.body());
        JsonNode b = TestClient.JSON.readTree(r.body());
        assertEquals("invalid_client", b.get("error").asText());
        assertTrue(b.get("error_description").isTextual());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertFalse(r.headers().firstValue("Ketnoi-Signature").isPresent(), "token errors are not signed");
    }

    @Test
    void issuesAnOpaqueTokenForAValidAssertion() throws Exception {
        long before = sandbox.stats().tokenRequests();
        HttpResponse<String> r = client.tokenRequest(TestClient.form(client.assertion(agency), "population"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        JsonNode b = TestClient.JSON.readTree(r.body());
        assertEquals("Bearer", b.get("token_type").asText());
        assertEquals(300, b.get("expires_in").asInt());
        assertEquals("population", b.get("scope").asText());
        String token = b.get("access_token").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]+"), "base64url");
        assertTrue(Base64.getUrlDecoder().decode(token).length >= 16, "at least 128 bits");
        assertEquals(before + 1, sandbox.stats().tokenRequests());
    }

    @Test
    void acceptsAMatchingClientIdAndGrantsAllScopesWhenNoneAsked() throws Exception {
        Map<String, String> form = TestClient.form(client.assertion(agency), null);
        form.put("client_id", agency.id());
        HttpResponse<String> r = client.tokenRequest(form);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("population vneid edocuments civil-status catalogue chip-verification", TestClient.JSON.readTree(r.body()).get("scope").asText());
    }

    @Test
    @Requirement(value = "R-2.4", side = Side.PROVIDER)
    void refusesAlgNone() throws Exception {
        Instant now = Instant.now();
        String header = b64("{\"alg\":\"none\",\"kid\":\"" + agency.keyId() + "\",\"typ\":\"JWT\"}");
        String claims = b64("{\"iss\":\"" + agency.id() + "\",\"sub\":\"" + agency.id() + "\",\"aud\":\""
                + sandbox.issuer() + "\",\"jti\":\"" + TestClient.nonce() + "\",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + (now.getEpochSecond() + 60) + "}");
        assertInvalidClient(client.tokenRequest(header + "." + claims + "."));
    }

    @Test
    @Requirement(value = "R-2.4", side = Side.PROVIDER)
    void refusesHs256KeyedWithThePublicKeyBytes() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(agency.keyId()).type(JOSEObjectType.JWT).build(),
                validClaims().build());
        jwt.sign(new MACSigner(agency.publicKey().getEncoded()));
        assertInvalidClient(client.tokenRequest(jwt.serialize()));
    }

    @Test
    @Requirement(value = "R-2.3", side = Side.PROVIDER)
    void refusesAnUnknownKid() throws Exception {
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> h.keyID("not-registered"), c -> { })));
    }

    @Test
    @Requirement(value = "R-2.3", side = Side.PROVIDER)
    void refusesTheKidOfAnotherAgency() throws Exception {
        String otherKid = sandbox.limitedAgency().keyId();
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> h.keyID(otherKid), c -> { })));
    }

    @Test
    @Requirement(value = "R-2.5", side = Side.PROVIDER)
    void refusesABadSignature() throws Exception {
        // Signed with the limited agency's key but claiming the default agency's kid.
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(agency.keyId()).type(JOSEObjectType.JWT).build(),
                validClaims().build());
        jwt.sign(TestClient.signer(sandbox.limitedAgency()));
        assertInvalidClient(client.tokenRequest(jwt.serialize()));
    }

    @Test
    @Requirement(value = "R-2.6", side = Side.PROVIDER)
    void refusesAWrongAudience() throws Exception {
        // Version 1's audience, the token endpoint's URL, is refused: a gateway changes it.
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { },
                c -> c.audience(sandbox.tokenEndpoint().toString()))));
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { },
                c -> c.audience(sandbox.issuer() + "/other"))));
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { },
                c -> c.audience(List.of(sandbox.issuer(), sandbox.issuer() + "/other")))));
    }

    @Test
    @DisplayName("Finding 14, version 2: aud is the provider's issuer in any spelling with the same canonical form")
    void acceptsTheIssuerInAnEquivalentSpelling() throws Exception {
        String issuer = sandbox.issuer();
        String authority = issuer.substring("http://".length());
        for (String aud : new String[] {
            "HTTP://" + authority,
            "http://" + authority + "/",
            "http://" + authority.replace(":", ":0"),
        }) {
            HttpResponse<String> r = client.tokenRequest(TestClient.form(client.assertion(agency, h -> { },
                    c -> c.audience(aud)), "population"));
            assertEquals(200, r.statusCode(), aud + ": " + r.body());
        }
        // Not the same identifier: a query, or another path.
        assertInvalidClient(client.tokenRequest(TestClient.form(client.assertion(agency, h -> { },
                c -> c.audience(issuer + "?x=1")), "population")));
        assertInvalidClient(client.tokenRequest(TestClient.form(client.assertion(agency, h -> { },
                c -> c.audience(issuer + "/oauth2/token")), "population")));
    }

    @Test
    @Requirement(value = "R-2.7", side = Side.PROVIDER)
    void refusesAnExpiredAssertion() throws Exception {
        Instant now = Instant.now();
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { },
                c -> c.issueTime(Date.from(now.minusSeconds(200))).expirationTime(Date.from(now.minusSeconds(10))))));
    }

    @Test
    @Requirement(value = "R-2.7", side = Side.PROVIDER)
    void refusesAnAssertionLivingMoreThan300Seconds() throws Exception {
        Instant now = Instant.now();
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { },
                c -> c.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(301))))));
    }

    @Test
    @Requirement(value = "R-2.8", side = Side.PROVIDER)
    void refusesAnIatMoreThan60SecondsAhead() throws Exception {
        Instant now = Instant.now();
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { },
                c -> c.issueTime(Date.from(now.plusSeconds(120))).expirationTime(Date.from(now.plusSeconds(200))))));
    }

    @Test
    @Requirement(value = "R-2.9", side = Side.PROVIDER)
    void refusesAReplayedJti() throws Exception {
        String jti = TestClient.nonce();
        assertEquals(200, client.tokenRequest(client.assertion(agency, h -> { }, c -> c.jwtID(jti))).statusCode());
        assertInvalidClient(client.tokenRequest(client.assertion(agency, h -> { }, c -> c.jwtID(jti))));
    }

    @Test
    @Requirement(value = {"R-2.2", "R-2.12"}, side = Side.PROVIDER)
    void refusesAMismatchedClientId() throws Exception {
        Map<String, String> form = TestClient.form(client.assertion(agency), "population");
        form.put("client_id", sandbox.limitedAgency().id());
        HttpResponse<String> r = client.tokenRequest(form);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_request", TestClient.JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    @Requirement(value = "R-2.10", side = Side.PROVIDER)
    void refusesAnotherGrantType() throws Exception {
        Map<String, String> form = TestClient.form(client.assertion(agency), "population");
        form.put("grant_type", "password");
        HttpResponse<String> r = client.tokenRequest(form);
        assertEquals(400, r.statusCode());
        assertEquals("unsupported_grant_type", TestClient.JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    @Requirement(value = "R-2.11", side = Side.PROVIDER)
    void refusesAScopeNotGranted() throws Exception {
        SandboxAgency limited = sandbox.limitedAgency();
        HttpResponse<String> r = client.tokenRequest(TestClient.form(client.assertion(limited), "population vneid"));
        assertEquals(400, r.statusCode());
        assertEquals("invalid_scope", TestClient.JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    @Requirement(value = "R-2.12", side = Side.PROVIDER)
    void refusesAMissingGrantTypeAsInvalidRequest() throws Exception {
        Map<String, String> form = TestClient.form(client.assertion(agency), "population");
        form.remove("grant_type");
        HttpResponse<String> r = client.tokenRequest(form);
        assertEquals(400, r.statusCode());
        assertEquals("invalid_request", TestClient.JSON.readTree(r.body()).get("error").asText());
    }

    @Test
    void issuesTokensWithTheConfiguredLifetime() throws Exception {
        sandbox.setTokenLifetime(java.time.Duration.ofSeconds(42));
        try {
            HttpResponse<String> r = client.tokenRequest(client.assertion(agency));
            assertEquals(42, TestClient.JSON.readTree(r.body()).get("expires_in").asInt());
        } finally {
            sandbox.setTokenLifetime(java.time.Duration.ofSeconds(300));
        }
    }

    @Test
    @Requirement(value = "R-2.13", side = Side.PROVIDER)
    void tokenErrorsCarryNoProblemJson() throws Exception {
        HttpResponse<String> r = client.tokenRequest(client.assertion(agency, h -> h.keyID("x"), c -> { }));
        assertNull(TestClient.JSON.readTree(r.body()).get("code"));
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(agency.id()).subject(agency.id())
                .audience(sandbox.issuer()).jwtID(TestClient.nonce())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
    }

    private static String b64(String json) {
        return TestClient.b64(json.getBytes(StandardCharsets.UTF_8));
    }
}
