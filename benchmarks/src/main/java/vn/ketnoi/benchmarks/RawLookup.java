package vn.ketnoi.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The raw baseline: what a careful integrator would write by hand to do the SDK's lookup with
 * HttpClient 5 classic, Nimbus and Jackson, and nothing else. It does the same work the protocol
 * requires: a cached client-credentials token obtained with {@code private_key_jwt}, the request
 * signature of {@code docs/protocol.md} section 4, every check of section 5 on the answer with the
 * JWKS fetched once and cached, and the JSON bound to a plain record. It uses Bouncy Castle per
 * signer and verifier object, as the SDK does, so that the comparison measures the SDK's layers
 * and not a provider choice. No retries, no typed errors, no interceptors: that is what the SDK
 * adds, and what its cost is measured against.
 */
public final class RawLookup implements AutoCloseable {
    /** The fields both clients ask for. */
    public static final List<String> FIELDS = List.of("fullName", "birthDate", "sex", "permanentResidence");

    static final JOSEObjectType RESPONSE_TYPE = new JOSEObjectType("ketnoi-response+jwt");
    static final JOSEObjectType REQUEST_TYPE = new JOSEObjectType("ketnoi-request+jwt");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** A bound citizen: the four fields asked for. */
    public record Citizen(String idNumber, String fullName, String birthDate, String sex, Address permanentResidence) {
    }

    /** A bound address. */
    public record Address(String text, String commune, String district, String province) {
    }

    /** The lookup answer. */
    public record Answer(Citizen citizen, String retrievedAt) {
    }

    private final Target target;
    private final String issuer;
    private final URI tokenUri;
    private final URI jwksUri;
    private final URI lookupUri;
    private final ECDSASigner signer;
    private final JWSHeader requestHeader;
    private final JWSHeader assertionHeader;
    private final CloseableHttpClient http;
    private volatile Map<String, JWSVerifier> verifiers;
    private volatile Token token;

    private record Token(String value, long refreshAtMillis) {
    }

    public RawLookup(Target target) {
        this.target = target;
        this.issuer = target.baseUri().toString();
        this.tokenUri = URI.create(issuer + "/oauth2/token");
        this.jwksUri = URI.create(issuer + "/.well-known/jwks.json");
        this.lookupUri = URI.create(issuer + "/population/v1/citizens/lookup");
        try {
            this.signer = new ECDSASigner(bcKey((ECPrivateKey) target.key()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        this.requestHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(target.keyId())
                .type(REQUEST_TYPE).build();
        this.assertionHeader = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(target.keyId())
                .type(JOSEObjectType.JWT).build();
        this.http = httpClient();
    }

    /** HttpClient 5 classic as a careful integrator sets it up: a pool for 64, no hidden retries. */
    static CloseableHttpClient httpClient() {
        // HttpClient's default of 5 connections per route would throttle 32 callers.
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(64).setMaxConnPerRoute(64)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30)).build())
                .build();
        return HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries()
                .disableRedirectHandling().disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(30))
                        .setResponseTimeout(Timeout.ofSeconds(30)).build())
                .build();
    }

    /** One signed, verified lookup of the target's citizen, bound to a record. */
    public Citizen lookup() {
        return bind(lookupBody(), target.idNumber());
    }

    /** Binds a lookup answer's body to the record; refuses an answer about someone else. */
    static Citizen bind(byte[] body, String idNumber) {
        try {
            Answer answer = JSON.readValue(body, Answer.class);
            if (answer.citizen() == null || !idNumber.equals(answer.citizen().idNumber())) {
                throw new IllegalStateException("the answer is not about the citizen asked for");
            }
            return answer.citizen();
        } catch (IOException e) {
            throw new UncheckedIOException("malformed answer", e);
        }
    }

    /** One signed lookup; returns the body once its signature has passed every check. */
    byte[] lookupBody() {
        String accessToken = token();
        byte[] body = requestBody();
        String xri = UUID.randomUUID().toString();
        String operator = "VN:canbo.bench";
        String purpose = "PUBLIC_SERVICE";
        String signature = sign(requestHeader, requestClaims(lookupUri, body, target.agencyId(), xri, operator,
                purpose, accessToken));

        HttpPost post = new HttpPost(lookupUri);
        post.setHeader("Authorization", "Bearer " + accessToken);
        post.setHeader("Accept", "application/json");
        post.setHeader("X-Road-Client", target.agencyId());
        post.setHeader("X-Road-Id", xri);
        post.setHeader("X-Road-UserId", operator);
        post.setHeader("Ketnoi-Purpose", purpose);
        post.setHeader("Ketnoi-Signature", signature);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        Response r = execute(post);
        if (r.status != 200) {
            throw new IllegalStateException("lookup failed with status " + r.status);
        }
        verify(r, xri, signature);
        return r.body;
    }

    /** The claims of a request signature, section 4 (version 2: the service and the path within it). */
    static JWTClaimsSet requestClaims(URI uri, byte[] body, String agencyId, String xri, String operator,
                                      String purpose, String accessToken) {
        String path = uri.getRawPath();
        String within = path.startsWith("/population/v1") ? path.substring("/population/v1".length()) : path;
        return new JWTClaimsSet.Builder()
                .claim("ver", 2)
                .claim("htm", "POST")
                .claim("srv", "VN/GOV/SANDBOX.BCA/CSDLQGDC/population/v1")
                .claim("pth", within + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .issueTime(new Date())
                .jwtID(nonce())
                .claim("bdh", sha256(body))
                .claim("xrc", agencyId)
                .claim("xri", xri)
                .claim("xru", operator)
                .claim("pur", purpose)
                .claim("ath", sha256(accessToken.getBytes(StandardCharsets.US_ASCII)))
                .build();
    }

    private byte[] requestBody() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("idNumber", target.idNumber());
        m.put("fullName", target.fullName());
        m.put("birthDate", target.birthDate());
        m.put("fields", FIELDS);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Section 5, every check, in the protocol's order. */
    private void verify(Response r, String xri, String requestSignature) {
        if (r.signatures.size() != 1) {
            throw new IllegalStateException("response signature missing or doubled");
        }
        checkResponse(r.signatures.get(0), this::verifier, issuer, target.agencyId(), xri, requestSignature,
                r.status, r.body, 60_000);
    }

    /** The checks of section 5 on one {@code Ketnoi-Signature} response header value. */
    static void checkResponse(String signatureHeader, java.util.function.Function<String, JWSVerifier> keys,
                              String issuer, String agencyId, String xri, String requestSignature,
                              int status, byte[] body, long skewMillis) {
        SignedJWT jws;
        JWTClaimsSet c;
        try {
            jws = SignedJWT.parse(signatureHeader);
            c = jws.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException("malformed response signature");
        }
        JWSHeader h = jws.getHeader();
        if (!JWSAlgorithm.ES256.equals(h.getAlgorithm()) && !JWSAlgorithm.PS256.equals(h.getAlgorithm())) {
            throw new IllegalStateException("algorithm not allowed");
        }
        if (!RESPONSE_TYPE.equals(h.getType())) {
            throw new IllegalStateException("wrong typ");
        }
        JWSVerifier v = h.getKeyID() == null ? null : keys.apply(h.getKeyID());
        try {
            if (v == null || !jws.verify(v)) {
                throw new IllegalStateException("response signature does not verify");
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("response signature does not verify", e);
        }
        Object sts = c.getClaim("sts");
        long now = System.currentTimeMillis();
        if (!issuer.equals(c.getIssuer()) || !List.of(agencyId).equals(c.getAudience())
                || !xri.equals(c.getClaim("xri"))
                || !sha256(requestSignature.getBytes(StandardCharsets.US_ASCII)).equals(c.getClaim("rqh"))
                || !(sts instanceof Number n && n.intValue() == status)
                || !sha256(body).equals(c.getClaim("bdh"))
                || c.getIssueTime() == null || Math.abs(c.getIssueTime().getTime() - now) > skewMillis) {
            throw new IllegalStateException("response signature does not bind this answer");
        }
    }

    private JWSVerifier verifier(String kid) {
        Map<String, JWSVerifier> known = verifiers;
        if (known == null || !known.containsKey(kid)) {
            synchronized (this) {
                known = verifiers;
                if (known == null || !known.containsKey(kid)) {
                    // Fetched once; again only for a kid not seen before (a rotation).
                    known = fetchJwks();
                    verifiers = known;
                }
            }
        }
        return known.get(kid);
    }

    /**
     * The EC key translated once to Bouncy Castle's key class, as the SDK does: handed a JDK key,
     * Bouncy Castle converts the curve at every signature and verification.
     */
    @SuppressWarnings("unchecked")
    static <K extends java.security.Key> K bcKey(K key) {
        try {
            return (K) java.security.KeyFactory.getInstance("EC", BouncyCastleProviderSingleton.getInstance())
                    .translateKey(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, JWSVerifier> fetchJwks() {
        Response r = execute(new HttpGet(jwksUri));
        Map<String, JWSVerifier> map = new HashMap<>();
        try {
            for (JWK k : JWKSet.parse(new String(r.body, StandardCharsets.UTF_8)).getKeys()) {
                if (k instanceof ECKey ec && k.getKeyID() != null) {
                    ECDSAVerifier v = new ECDSAVerifier(bcKey(ec.toECPublicKey()));
                    v.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
                    map.put(k.getKeyID(), v);
                }
            }
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("malformed JWKS", e);
        }
        return map;
    }

    private String token() {
        Token t = token;
        if (t != null && System.currentTimeMillis() < t.refreshAtMillis) {
            return t.value;
        }
        synchronized (this) {
            t = token;
            if (t != null && System.currentTimeMillis() < t.refreshAtMillis) {
                return t.value;
            }
            long now = System.currentTimeMillis();
            String assertion = sign(assertionHeader, new JWTClaimsSet.Builder()
                    .issuer(target.agencyId()).subject(target.agencyId()).audience(issuer)
                    .jwtID(UUID.randomUUID().toString()).issueTime(new Date(now))
                    .expirationTime(new Date(now + 120_000)).build());
            String form = "grant_type=client_credentials&client_id=" + enc(target.agencyId())
                    + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                    + "&client_assertion=" + enc(assertion) + "&scope=population";
            HttpPost post = new HttpPost(tokenUri);
            post.setEntity(new ByteArrayEntity(form.getBytes(StandardCharsets.US_ASCII),
                    ContentType.APPLICATION_FORM_URLENCODED));
            Response r = execute(post);
            try {
                JsonNode json = JSON.readTree(r.body);
                if (r.status != 200 || !json.hasNonNull("access_token")) {
                    throw new IllegalStateException("token endpoint refused: " + r.status);
                }
                long lifetime = json.path("expires_in").asLong(300);
                long margin = Math.max(30, lifetime / 5);
                t = new Token(json.get("access_token").asText(), now + (lifetime - margin) * 1000);
                token = t;
                return t.value;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private record Response(int status, List<String> signatures, byte[] body) {
    }

    private Response execute(ClassicHttpRequest request) {
        try {
            return http.execute(request, response -> {
                List<String> sigs = new java.util.ArrayList<>(1);
                for (Header h : response.getHeaders("Ketnoi-Signature")) {
                    sigs.add(h.getValue());
                }
                byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                return new Response(response.getCode(), sigs, body);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String sign(JWSHeader header, JWTClaimsSet claims) {
        return sign(signer, header, claims);
    }

    static String sign(com.nimbusds.jose.JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String sha256(byte[] data) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
}
