package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Section 9 from the provider's side: the sandbox's OpenID Provider driven over raw HTTP, as a
 * relying party written from the text would, with no SDK code; every ID token checked by hand.
 */
class VneidProviderTest {

    static final String CLIENT = "rp-raw";
    static final URI CALLBACK = URI.create("http://127.0.0.1:9/cb");
    static final Pattern TXN = Pattern.compile("name=\"txn\" value=\"([^\"]+)\"");

    static KetnoiSandbox sandbox;
    static KeyPair rpKey;
    static JsonNode discovery;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(200).build().start();
        rpKey = EdocumentChecksTest.ecKey();
        sandbox.vneid().registerClient(CLIENT, "k1", rpKey.getPublic(), List.of(CALLBACK));
        HttpResponse<String> r = get(URI.create(sandbox.vneid().issuer() + "/.well-known/openid-configuration"));
        assertEquals(200, r.statusCode());
        discovery = TestClient.JSON.readTree(r.body());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String endpoint, Map<String, String> form) throws Exception {
        StringBuilder b = new StringBuilder();
        form.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String endpoint(String name) {
        return discovery.get(name).asText();
    }

    static String assertion(String aud, Consumer<JWTClaimsSet.Builder> spoil, KeyPair key) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(aud)
                .jwtID(TestClient.nonce()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
        spoil.accept(c);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), c.build());
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    static Map<String, String> authenticated(String aud, Map<String, String> params) throws Exception {
        Map<String, String> f = new LinkedHashMap<>(params);
        f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        f.put("client_assertion", assertion(aud, c -> { }, rpKey));
        return f;
    }

    static String challenge(String verifier) throws Exception {
        return TestClient.b64(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static Map<String, String> authorization(String verifier, String nonce, String state, String acr) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", CLIENT);
        p.put("redirect_uri", CALLBACK.toString());
        p.put("scope", "openid");
        p.put("state", state);
        p.put("nonce", nonce);
        p.put("code_challenge", challenge(verifier));
        p.put("code_challenge_method", "S256");
        p.put("acr_values", acr);
        return p;
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return TestClient.JSON.readTree(r.body());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String p : uri.getRawQuery().split("&")) {
            int eq = p.indexOf('=');
            q.put(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** Pushes the request, signs in on the login page, and returns the query of the redirect back. */
    static Map<String, String> signIn(Map<String, String> params, String idNumber, int level) throws Exception {
        HttpResponse<String> par = postForm(endpoint("pushed_authorization_request_endpoint"),
                authenticated(discovery.get("issuer").asText(), params));
        assertEquals(201, par.statusCode(), par.body());
        String requestUri = json(par).get("request_uri").asText();
        HttpResponse<String> page = get(URI.create(endpoint("authorization_endpoint") + "?client_id=" + enc(CLIENT)
                + "&request_uri=" + enc(requestUri)));
        assertEquals(200, page.statusCode(), page.body());
        Matcher m = TXN.matcher(page.body());
        assertTrue(m.find());
        HttpResponse<String> done = postForm(sandbox.vneid().issuer() + "/login",
                Map.of("txn", m.group(1), "idNumber", idNumber, "level", Integer.toString(level), "action", "approve"));
        if (done.statusCode() != 302) {
            return Map.of("status", Integer.toString(done.statusCode()), "body", done.body());
        }
        return query(URI.create(done.headers().firstValue("Location").orElseThrow()));
    }

    static HttpResponse<String> token(String code, String verifier) throws Exception {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("code", code);
        f.put("redirect_uri", CALLBACK.toString());
        f.put("code_verifier", verifier);
        return postForm(endpoint("token_endpoint"), authenticated(endpoint("token_endpoint"), f));
    }

    static String verifier() {
        return TestClient.nonce() + TestClient.nonce() + "abcdefghij";
    }

    // ---- 9.1, 9.2 ----

    @Test
    @Requirement(value = {"R-9.1.1", "R-9.2.1", "R-9.2.2"}, side = Side.PROVIDER)
    void theDiscoveryDocumentNamesTheIssuerEveryEndpointAndTheProfile() throws Exception {
        assertEquals(sandbox.issuer() + "/vneid", discovery.get("issuer").asText());
        assertEquals(sandbox.vneid().issuer(), discovery.get("issuer").asText());
        for (String e : List.of("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "pushed_authorization_request_endpoint", "backchannel_authentication_endpoint", "end_session_endpoint")) {
            assertTrue(discovery.hasNonNull(e), e);
            URI u = URI.create(discovery.get(e).asText());
            assertTrue(u.isAbsolute(), e);
        }
        assertEquals(200, get(URI.create(endpoint("jwks_uri"))).statusCode());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("response_types_supported", List.of("code"));
        expected.put("response_modes_supported", List.of("query"));
        expected.put("grant_types_supported", List.of("authorization_code", "urn:openid:params:grant-type:ciba"));
        expected.put("subject_types_supported", List.of("pairwise"));
        expected.put("scopes_supported", List.of("openid", "profile", "citizen"));
        expected.put("acr_values_supported", List.of("urn:vn:vneid:loa:1", "urn:vn:vneid:loa:2"));
        expected.put("code_challenge_methods_supported", List.of("S256"));
        expected.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        expected.put("backchannel_token_delivery_modes_supported", List.of("poll"));
        expected.forEach((member, values) -> {
            List<String> got = TestClient.JSON.convertValue(discovery.get(member), List.class);
            assertEquals(values, got, member);
        });
        assertFalse(discovery.get("backchannel_user_code_parameter_supported").asBoolean());
        assertTrue(discovery.get("authorization_response_iss_parameter_supported").asBoolean());
        for (String no : List.of("request_parameter_supported", "request_uri_parameter_supported",
                "claims_parameter_supported")) {
            assertFalse(discovery.get(no).asBoolean(), no);
        }
        assertTrue(discovery.has("require_pushed_authorization_requests"));
    }

    // ---- 9.3, 9.4 ----

    @Test
    @Requirement(value = {"R-9.3.1", "R-9.3.2"}, side = Side.PROVIDER)
    void aClientAssertionThatFailsIsInvalidClient() throws Exception {
        String par = endpoint("pushed_authorization_request_endpoint");
        String issuer = discovery.get("issuer").asText();
        Map<String, String> params = authorization(verifier(), TestClient.nonce(), TestClient.nonce(), "urn:vn:vneid:loa:1");
        List<String> bad = List.of(
                assertion(issuer, c -> { }, EdocumentChecksTest.ecKey()),                       // signature
                assertion("https://elsewhere.example/vneid", c -> { }, rpKey),                  // aud
                assertion(issuer, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(5))), rpKey)); // expired
        for (String a : bad) {
            Map<String, String> f = new LinkedHashMap<>(params);
            f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            f.put("client_assertion", a);
            HttpResponse<String> r = postForm(par, f);
            assertEquals(401, r.statusCode(), r.body());
            assertEquals("invalid_client", json(r).get("error").asText());
        }
        // A replayed jti.
        String once = assertion(issuer, c -> { }, rpKey);
        Map<String, String> f = new LinkedHashMap<>(params);
        f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        f.put("client_assertion", once);
        assertEquals(201, postForm(par, f).statusCode());
        assertEquals(401, postForm(par, f).statusCode());
        // client_id that is not the assertion's iss.
        Map<String, String> other = authenticated(issuer, params);
        other.put("client_id", "rp-someone-else");
        HttpResponse<String> r = postForm(par, other);
        assertTrue(r.statusCode() == 400 || r.statusCode() == 401, r.statusCode() + " " + r.body());
        assertTrue(List.of("invalid_client", "invalid_request").contains(json(r).get("error").asText()), r.body());
    }

    @Test
    @Requirement(value = {"R-9.4.1", "R-9.4.2"}, side = Side.PROVIDER)
    void pkceWithS256IsRequired() throws Exception {
        String par = endpoint("pushed_authorization_request_endpoint");
        String issuer = discovery.get("issuer").asText();
        Map<String, String> none = authorization(verifier(), TestClient.nonce(), TestClient.nonce(), "urn:vn:vneid:loa:1");
        none.remove("code_challenge");
        none.remove("code_challenge_method");
        HttpResponse<String> r = postForm(par, authenticated(issuer, none));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_request", json(r).get("error").asText());
        Map<String, String> plain = authorization(verifier(), TestClient.nonce(), TestClient.nonce(), "urn:vn:vneid:loa:1");
        plain.put("code_challenge_method", "plain");
        r = postForm(par, authenticated(issuer, plain));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_request", json(r).get("error").asText());
    }

    // ---- the whole code flow, checked by hand ----

    @Test
    @Requirement(value = {"R-9.4.4", "R-9.4.5", "R-9.7.2", "R-9.7.3", "R-9.7.4", "R-9.7.5", "R-9.7.6", "R-9.7.7",
            "R-9.7.8", "R-9.7.9", "R-9.7.10", "R-9.7.11", "R-9.8.1"}, side = Side.PROVIDER)
    void aSignInGivesAnIdTokenThatPassesEveryCheckOfTheRelyingParty() throws Exception {
        String verifier = verifier();
        String nonce = TestClient.nonce();
        String state = TestClient.nonce();
        SyntheticCitizen c = sandbox.population().demoCitizen();
        Map<String, String> back = signIn(authorization(verifier, nonce, state, "urn:vn:vneid:loa:1"), c.idNumber(), 1);
        assertEquals(state, back.get("state"), "state echoed");
        assertEquals(discovery.get("issuer").asText(), back.get("iss"), "RFC 9207 iss");
        HttpResponse<String> t = token(back.get("code"), verifier);
        assertEquals(200, t.statusCode(), t.body());
        assertEquals("no-store", t.headers().firstValue("Cache-Control").orElse(null));
        JsonNode tokens = json(t);
        String accessToken = tokens.get("access_token").asText();
        SignedJWT idToken = SignedJWT.parse(tokens.get("id_token").asText());
        assertEquals(JWSAlgorithm.ES256, idToken.getHeader().getAlgorithm());
        ECKey key = (ECKey) JWKSet.parse(get(URI.create(endpoint("jwks_uri"))).body())
                .getKeyByKeyId(idToken.getHeader().getKeyID());
        assertNotNull(key, "kid in jwks_uri");
        assertTrue(idToken.verify(new ECDSAVerifier(key)));
        JWTClaimsSet claims = idToken.getJWTClaimsSet();
        assertEquals(discovery.get("issuer").asText(), claims.getIssuer());
        assertEquals(List.of(CLIENT), claims.getAudience());
        assertTrue(claims.getClaim("azp") == null || CLIENT.equals(claims.getClaim("azp")));
        long now = Instant.now().getEpochSecond();
        assertTrue(claims.getExpirationTime().toInstant().getEpochSecond() > now);
        assertTrue(claims.getIssueTime().toInstant().getEpochSecond() <= now + 60);
        assertEquals(nonce, claims.getStringClaim("nonce"));
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        assertEquals(TestClient.b64(Arrays.copyOf(hash, 16)), claims.getStringClaim("at_hash"));
        assertNotNull(claims.getSubject());
        assertEquals("urn:vn:vneid:loa:1", claims.getStringClaim("acr"));

        HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(endpoint("userinfo_endpoint")))
                .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, info.statusCode(), info.body());
        assertEquals(claims.getSubject(), json(info).get("sub").asText(), "userinfo sub is the ID token's");
    }

    @Test
    @Requirement(value = "R-9.4.3", side = Side.PROVIDER)
    void theLevelReachedIsNeverAboveTheAccountsLevel() throws Exception {
        SyntheticCitizen levelOne = sandbox.population().withVneidLevel(1);
        Map<String, String> refused = signIn(authorization(verifier(), TestClient.nonce(), TestClient.nonce(),
                "urn:vn:vneid:loa:2"), levelOne.idNumber(), 2);
        assertEquals("400", refused.get("status"), refused.toString());
        String verifier = verifier();
        Map<String, String> back = signIn(authorization(verifier, TestClient.nonce(), TestClient.nonce(),
                "urn:vn:vneid:loa:2 urn:vn:vneid:loa:1"), levelOne.idNumber(), 1);
        JsonNode tokens = json(token(back.get("code"), verifier));
        assertEquals("urn:vn:vneid:loa:1", SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet()
                .getStringClaim("acr"));
    }

    @Test
    @Requirement(value = "R-9.6.1", side = Side.PROVIDER)
    void aCodeIsSpentOnceAndOnlyWithItsVerifier() throws Exception {
        SyntheticCitizen c = sandbox.population().demoCitizen();
        String verifier = verifier();
        Map<String, String> back = signIn(authorization(verifier, TestClient.nonce(), TestClient.nonce(),
                "urn:vn:vneid:loa:1"), c.idNumber(), 1);
        HttpResponse<String> wrong = token(back.get("code"), verifier());
        assertEquals(400, wrong.statusCode());
        assertEquals("invalid_grant", json(wrong).get("error").asText());

        String v2 = verifier();
        Map<String, String> again = signIn(authorization(v2, TestClient.nonce(), TestClient.nonce(),
                "urn:vn:vneid:loa:1"), c.idNumber(), 1);
        HttpResponse<String> first = token(again.get("code"), v2);
        assertEquals(200, first.statusCode(), first.body());
        HttpResponse<String> reused = token(again.get("code"), v2);
        assertEquals(400, reused.statusCode());
        assertEquals("invalid_grant", json(reused).get("error").asText());
        // The access token the code gave is revoked.
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(endpoint("userinfo_endpoint")))
                .header("Authorization", "Bearer " + json(first).get("access_token").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, info.statusCode());
    }

    @Test
    @Requirement(value = "R-9.7.1", side = Side.PROVIDER)
    void withAnEncryptionKeyRegisteredTheIdTokenIsAJwe() throws Exception {
        String id = "rp-raw-enc";
        KeyPair enc = EdocumentChecksTest.ecKey();
        sandbox.vneid().registerClient(id, "k1", rpKey.getPublic(), List.of(CALLBACK));
        sandbox.vneid().setEncryptionKey(id, "e1", enc.getPublic());
        // The flow as above but for this client: PAR, sign-in, token.
        String verifier = verifier();
        Map<String, String> params = authorization(verifier, TestClient.nonce(), TestClient.nonce(), "urn:vn:vneid:loa:1");
        params.put("client_id", id);
        Map<String, String> f = new LinkedHashMap<>(params);
        f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        f.put("client_assertion", assertionFor(id, discovery.get("issuer").asText()));
        HttpResponse<String> par = postForm(endpoint("pushed_authorization_request_endpoint"), f);
        assertEquals(201, par.statusCode(), par.body());
        HttpResponse<String> page = get(URI.create(endpoint("authorization_endpoint") + "?client_id=" + enc(id)
                + "&request_uri=" + enc(json(par).get("request_uri").asText())));
        Matcher m = TXN.matcher(page.body());
        assertTrue(m.find());
        HttpResponse<String> done = postForm(sandbox.vneid().issuer() + "/login", Map.of("txn", m.group(1),
                "idNumber", sandbox.population().demoCitizen().idNumber(), "level", "1", "action", "approve"));
        String code = query(URI.create(done.headers().firstValue("Location").orElseThrow())).get("code");
        Map<String, String> t = new LinkedHashMap<>();
        t.put("grant_type", "authorization_code");
        t.put("code", code);
        t.put("redirect_uri", CALLBACK.toString());
        t.put("code_verifier", verifier);
        t.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        t.put("client_assertion", assertionFor(id, endpoint("token_endpoint")));
        HttpResponse<String> r = postForm(endpoint("token_endpoint"), t);
        assertEquals(200, r.statusCode(), r.body());
        com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(json(r).get("id_token").asText());
        assertEquals(com.nimbusds.jose.JWEAlgorithm.ECDH_ES_A256KW, jwe.getHeader().getAlgorithm());
        assertEquals(com.nimbusds.jose.EncryptionMethod.A256GCM, jwe.getHeader().getEncryptionMethod());
        jwe.decrypt(new com.nimbusds.jose.crypto.ECDHDecrypter((ECPrivateKey) enc.getPrivate()));
        assertEquals(JWSAlgorithm.ES256, jwe.getPayload().toSignedJWT().getHeader().getAlgorithm());
    }

    @Test
    void inThirdPartyModeClaimsComeFromUserinfoByScopeAndALevelOneLoginStatesNoAcr() throws Exception {
        sandbox.vneid().setThirdPartyMode(true);
        try {
            JsonNode d = json(get(URI.create(sandbox.vneid().issuer() + "/.well-known/openid-configuration")));
            assertEquals(List.of("LoA1", "LoA2"), TestClient.JSON.convertValue(d.get("acr_values_supported"), List.class));
            SyntheticCitizen one = sandbox.population().withVneidLevel(1);
            Map<String, List<String>> released = new LinkedHashMap<>();
            released.put("openid", List.of("sub"));
            released.put("openid profile", List.of("sub", "fullName", "birthDate"));
            released.put("openid profile citizen", List.of("sub", "citizenPid", "fullName", "birthDate", "accountLevel"));
            for (Map.Entry<String, List<String>> e : released.entrySet()) {
                String verifier = verifier();
                Map<String, String> p = authorization(verifier, TestClient.nonce(), TestClient.nonce(), "LoA1");
                p.put("scope", e.getKey());
                JsonNode tokens = json(token(signIn(p, one.idNumber(), 1).get("code"), verifier));
                JWTClaimsSet claims = SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
                assertNull(claims.getClaim("acr"), "no acr from a level-1 login");
                assertEquals(List.of("pin"), claims.getStringListClaim("amr"));
                assertNull(claims.getClaim("citizenPid"), "no identity claim in the ID token");
                assertNull(claims.getClaim("fullName"));
                HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(endpoint("userinfo_endpoint")))
                        .header("Authorization", "Bearer " + tokens.get("access_token").asText()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, info.statusCode(), info.body());
                List<String> names = new java.util.ArrayList<>();
                json(info).fieldNames().forEachRemaining(names::add);
                assertEquals(e.getValue(), names, e.getKey());
            }
            String verifier = verifier();
            Map<String, String> p = authorization(verifier, TestClient.nonce(), TestClient.nonce(), "LoA2");
            JsonNode tokens = json(token(signIn(p, sandbox.population().demoCitizen().idNumber(), 2).get("code"), verifier));
            assertEquals("LoA2", SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet().getStringClaim("acr"));
        } finally {
            sandbox.vneid().setThirdPartyMode(false);
        }
    }

    static String assertionFor(String clientId, String aud) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(aud)
                .jwtID(TestClient.nonce()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build());
        jwt.sign(new ECDSASigner((ECPrivateKey) rpKey.getPrivate()));
        return jwt.serialize();
    }

    // ---- 9.10 ----

    @Test
    @Requirement(value = "R-9.10.1", side = Side.PROVIDER)
    void pollingFasterThanTheIntervalIsSlowDown() throws Exception {
        SyntheticCitizen c = sandbox.population().demoCitizen();
        Map<String, String> start = new LinkedHashMap<>();
        start.put("scope", "openid");
        start.put("login_hint", c.idNumber());
        start.put("binding_message", "Quầy 1");
        HttpResponse<String> r = postForm(endpoint("backchannel_authentication_endpoint"),
                authenticated(discovery.get("issuer").asText(), start));
        assertEquals(200, r.statusCode(), r.body());
        String id = json(r).get("auth_req_id").asText();
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("grant_type", "urn:openid:params:grant-type:ciba");
        poll.put("auth_req_id", id);
        HttpResponse<String> first = postForm(endpoint("token_endpoint"), authenticated(endpoint("token_endpoint"), poll));
        assertEquals("authorization_pending", json(first).get("error").asText(), first.body());
        HttpResponse<String> second = postForm(endpoint("token_endpoint"), authenticated(endpoint("token_endpoint"), poll));
        assertEquals(400, second.statusCode());
        assertEquals("slow_down", json(second).get("error").asText());
    }
}
