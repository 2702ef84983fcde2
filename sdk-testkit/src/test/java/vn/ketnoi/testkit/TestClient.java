package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The provider test suite's own agency side, written straight against the protocol with
 * java.net.http and Nimbus: no SDK code.
 */
final class TestClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOOKUP = "/population/v1/citizens/lookup";
    private static final SecureRandom RANDOM = new SecureRandom();

    final KetnoiSandbox sandbox;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestClient(KetnoiSandbox sandbox) {
        this.sandbox = sandbox;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(byte[] bytes) {
        try {
            return b64(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b64(b);
    }

    static JWSSigner signer(SandboxAgency agency) throws Exception {
        return signer(agency.algorithm(), agency.privateKey());
    }

    static JWSSigner signer(String alg, PrivateKey key) throws Exception {
        return "PS256".equals(alg) ? new RSASSASigner(key) : new ECDSASigner((ECPrivateKey) key);
    }

    // ---- token endpoint ----

    /** A valid client assertion, with hooks to spoil the header or the claims. */
    String assertion(SandboxAgency agency, Consumer<JWSHeader.Builder> header, Consumer<JWTClaimsSet.Builder> claims)
            throws Exception {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.parse(agency.algorithm()))
                .keyID(agency.keyId()).type(JOSEObjectType.JWT);
        header.accept(h);
        Instant now = Instant.now();
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
                .issuer(agency.id()).subject(agency.id())
                .audience(sandbox.issuer())
                .jwtID(nonce())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)));
        claims.accept(c);
        SignedJWT jwt = new SignedJWT(h.build(), c.build());
        jwt.sign(signer(agency));
        return jwt.serialize();
    }

    String assertion(SandboxAgency agency) throws Exception {
        return assertion(agency, h -> { }, c -> { });
    }

    HttpResponse<String> tokenRequest(Map<String, String> form) throws IOException, InterruptedException {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest req = HttpRequest.newBuilder(sandbox.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(b.toString()))
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> form(String assertion, String scope) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "client_credentials");
        f.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        f.put("client_assertion", assertion);
        if (scope != null) {
            f.put("scope", scope);
        }
        return f;
    }

    HttpResponse<String> tokenRequest(String assertion) throws IOException, InterruptedException {
        return tokenRequest(form(assertion, "population"));
    }

    String token(SandboxAgency agency) throws Exception {
        HttpResponse<String> r = tokenRequest(assertion(agency));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    // ---- provider API ----

    /** One provider API call: built valid, then spoiled by the test. */
    static final class Call {
        SandboxAgency agency;
        String token;
        String method = "POST";
        String pathAndQuery = LOOKUP;
        byte[] body;
        String contentType = "application/json";
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        /** Claim overrides applied before signing; a null value removes the claim. */
        final Map<String, Object> claims = new LinkedHashMap<>();
        final Map<String, Object> jwsHeader = new LinkedHashMap<>();
        long iatOffsetSeconds;
        PrivateKey signingKey;
        /** Raw Ketnoi-Signature values to send instead of a computed one. */
        List<String> rawSignatures;
        /** Changes applied after signing: what goes on the wire. */
        String sentPathAndQuery;
        /** The base URL the request is sent to instead of the issuer: another host or port for the same provider. */
        String sentBase;
        byte[] sentBody;
        String sentRequestId;

        Call(SandboxAgency agency, String token) {
            this.agency = agency;
            this.token = token;
            header("X-Road-Client", agency.id());
            header("X-Road-Id", UUID.randomUUID().toString());
            header("X-Road-UserId", "VN:canbo.kiemthu");
            header("Ketnoi-Purpose", "IDENTITY_VERIFICATION");
        }

        Call header(String name, String value) {
            headers.put(name, new ArrayList<>(List.of(value)));
            return this;
        }

        Call addHeader(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        Call removeHeader(String name) {
            headers.remove(name);
            return this;
        }

        Call json(Object body) {
            try {
                this.body = JSON.writeValueAsBytes(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        String first(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** What was sent and what came back. */
    record Exchange(HttpResponse<byte[]> response, String signature, String requestId) {
        int status() {
            return response.statusCode();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("body is not JSON: " + new String(response.body(), StandardCharsets.UTF_8));
            }
        }

        String code() {
            JsonNode c = json().get("code");
            return c == null ? null : c.asText();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Call call(SandboxAgency agency, String token) {
        return new Call(agency, token);
    }

    Exchange send(Call c) throws Exception {
        byte[] body = c.body == null ? new byte[0] : c.body;
        String signature = null;
        if (c.rawSignatures == null) {
            signature = sign(c, body);
        }
        String path = c.sentPathAndQuery != null ? c.sentPathAndQuery : c.pathAndQuery;
        byte[] sentBody = c.sentBody != null ? c.sentBody : body;
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create((c.sentBase != null ? c.sentBase : sandbox.issuer()) + path))
                .timeout(Duration.ofSeconds(10));
        HttpRequest.BodyPublisher publisher = c.body == null && c.sentBody == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(sentBody);
        rb.method(c.method, publisher);
        if (c.body != null && c.contentType != null) {
            rb.header("Content-Type", c.contentType);
        }
        if (c.token != null) {
            rb.header("Authorization", "Bearer " + c.token);
        }
        String requestId = c.first("X-Road-Id");
        for (Map.Entry<String, List<String>> e : c.headers.entrySet()) {
            for (String v : e.getValue()) {
                if (e.getKey().equals("X-Road-Id") && c.sentRequestId != null) {
                    v = c.sentRequestId;
                    requestId = v;
                }
                rb.header(e.getKey(), v);
            }
        }
        List<String> sigs = c.rawSignatures != null ? c.rawSignatures : List.of(signature);
        for (String s : sigs) {
            rb.header("Ketnoi-Signature", s);
        }
        HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        String sentSignature = sigs.size() == 1 ? sigs.get(0) : null;
        return new Exchange(r, sentSignature, requestId);
    }

    /** The sandbox service a path is under (protocol version 2's srv); population for a path under none. */
    static vn.ketnoi.testkit.internal.ServiceMounts.Mount serviceOf(String pathAndQuery) {
        for (vn.ketnoi.testkit.internal.ServiceMounts.Mount m : new vn.ketnoi.testkit.internal.ServiceMounts().all()) {
            if (pathAndQuery.startsWith(m.prefix() + "/") || pathAndQuery.startsWith(m.prefix() + "?")) {
                return m;
            }
        }
        return new vn.ketnoi.testkit.internal.ServiceMounts.Mount("", vn.ketnoi.testkit.internal.ServiceMounts.POPULATION);
    }

    /** The path within its service, as sent (pth). */
    static String pathWithin(String pathAndQuery) {
        String rest = pathAndQuery.substring(serviceOf(pathAndQuery).prefix().length());
        return rest.startsWith("?") ? "/" + rest : rest;
    }

    private String sign(Call c, byte[] body) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("ver", 2);
        claims.put("htm", c.method);
        claims.put("srv", serviceOf(c.pathAndQuery).service().toString());
        claims.put("pth", pathWithin(c.pathAndQuery));
        claims.put("iat", Instant.now().getEpochSecond() + c.iatOffsetSeconds);
        claims.put("jti", nonce());
        claims.put("bdh", sha256(body));
        claims.put("xrc", c.first("X-Road-Client"));
        claims.put("xri", c.first("X-Road-Id"));
        claims.put("xru", c.first("X-Road-UserId"));
        if (c.first("X-Road-Issue") != null) {
            claims.put("xrs", c.first("X-Road-Issue"));
        }
        claims.put("pur", c.first("Ketnoi-Purpose"));
        if (c.first("Idempotency-Key") != null) {
            claims.put("idk", c.first("Idempotency-Key"));
        }
        claims.put("ath", sha256(c.token == null ? "" : c.token));
        for (Map.Entry<String, Object> e : c.claims.entrySet()) {
            if (e.getValue() == null) {
                claims.remove(e.getKey());
            } else {
                claims.put(e.getKey(), e.getValue());
            }
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", c.agency.algorithm());
        header.put("kid", c.agency.keyId());
        header.put("typ", "ketnoi-request+jwt");
        header.putAll(c.jwsHeader);
        JWSHeader h = JWSHeader.parse(header);
        JWSObject jws = new JWSObject(h, new Payload(JSON.writeValueAsString(claims)));
        PrivateKey key = c.signingKey != null ? c.signingKey : c.agency.privateKey();
        jws.sign(signer(h.getAlgorithm().getName(), key));
        return jws.serialize();
    }

    // ---- response verification (section 5) ----

    JWKSet jwks() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sandbox.jwksUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JWKSet.parse(r.body());
    }

    /** Verifies the response signature the way section 5 tells an agency to; returns its claims. */
    Map<String, Object> verifyResponse(Exchange x, String agencyId) throws Exception {
        List<String> values = x.response().headers().allValues("Ketnoi-Signature");
        assertEquals(1, values.size(), "exactly one Ketnoi-Signature response header");
        JWSObject jws = JWSObject.parse(values.get(0));
        assertEquals("ketnoi-response+jwt", jws.getHeader().getType().getType());
        assertEquals(JWSAlgorithm.ES256, jws.getHeader().getAlgorithm());
        JWK jwk = jwks().getKeyByKeyId(jws.getHeader().getKeyID());
        assertNotNull(jwk, "response kid is in the JWKS");
        assertTrue(jws.verify(new ECDSAVerifier((ECKey) jwk)), "response signature verifies");
        Map<String, Object> claims = jws.getPayload().toJSONObject();
        assertEquals(sandbox.issuer(), claims.get("iss"));
        assertEquals(agencyId, claims.get("aud"));
        assertEquals(x.requestId(), claims.get("xri"));
        assertEquals(sha256(x.signature() == null ? "" : x.signature()), claims.get("rqh"));
        assertEquals(x.status(), ((Number) claims.get("sts")).intValue());
        assertEquals(sha256(x.response().body()), claims.get("bdh"));
        long iat = ((Number) claims.get("iat")).longValue();
        assertTrue(Math.abs(Instant.now().getEpochSecond() - iat) <= 60, "response iat is fresh");
        assertEquals(x.requestId(), x.header("X-Road-Id"), "X-Road-Id echoed");
        return claims;
    }

    /** Checks a signed problem+json answer and returns its code. */
    String verifyProblem(Exchange x, int status, String code) throws Exception {
        assertEquals(status, x.status(), () -> new String(x.response().body(), StandardCharsets.UTF_8));
        assertTrue(x.header("Content-Type").startsWith("application/problem+json"));
        verifyResponse(x, x.response().request().headers().firstValue("X-Road-Client").orElseThrow());
        JsonNode p = x.json();
        assertEquals("https://ketnoi.vn/problems/" + code, p.get("type").asText());
        assertEquals(code, p.get("code").asText());
        assertEquals(status, p.get("status").asInt());
        assertTrue(p.get("title").isTextual());
        assertTrue(p.get("detail").isTextual());
        assertTrue(p.get("retryable").isBoolean());
        assertEquals(x.requestId(), p.get("requestId").asText());
        return p.get("code").asText();
    }

    static Map<String, Object> lookupBody(SyntheticCitizen c, String... fields) {
        return lookupBody(c.idNumber(), c.fullName(), c.birthDate(), fields);
    }

    static Map<String, Object> lookupBody(String id, String name, String birthDate, String... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idNumber", id);
        m.put("fullName", name);
        m.put("birthDate", birthDate);
        m.put("fields", List.of(fields));
        return m;
    }
}
