package vn.ketnoi.population;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.exception.ResponseVerificationException;
import vn.ketnoi.core.exception.SignatureRejectedException;
import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testkit.SandboxAgency;
import vn.ketnoi.testkit.SandboxFault;
import vn.ketnoi.testkit.SyntheticCitizen;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * What the SDK puts on the wire, read back at the network and held against sections 2 to 5 of
 * docs/protocol.md clause by clause; and what it does when the sandbox applies a rule to it.
 * Each test names the requirements it proves for the SDK side.
 */
@ExtendWith(KetnoiSandboxExtension.class)
class ProtocolConformanceTest {

    private static final java.util.regex.Pattern UUID_LOWER =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static LookupRequest lookupOf(SyntheticCitizen c) {
        return PopulationLookupTest.requestFor(c).fields(CitizenField.SEX).build();
    }

    private static boolean isApiCall(KetnoiRequest r) {
        // The service's paths, whether addressed directly or through a gateway's route.
        return r.uri().getPath().contains("/population/v1/");
    }

    private static boolean isTokenCall(KetnoiRequest r) {
        return r.uri().getPath().endsWith("/oauth2/token");
    }

    /** Records every request as it leaves for the network. */
    private static Interceptor recorder(List<KetnoiRequest> seen) {
        return chain -> {
            seen.add(chain.request());
            return chain.proceed(chain.request());
        };
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = p.indexOf('=');
            String name = URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8);
            assertTrue(m.put(name, URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8)) == null,
                    "each form parameter once: " + name);
        }
        return m;
    }

    @Test
    @Requirement(value = {"R-2.2", "R-2.3", "R-2.4", "R-2.5", "R-2.6", "R-2.7", "R-2.8", "R-2.9", "R-2.10", "R-2.11",
            "R-2.12"}, side = Side.SDK)
    void theClientAssertionIsTheOneSectionTwoAsksFor(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        SandboxAgency agency = sandbox.defaultAgency();
        List<KetnoiRequest> seen = new CopyOnWriteArrayList<>();
        SyntheticCitizen c = sandbox.population().anyLiving();
        // Two clients, so two assertions: their jti must differ.
        for (int i = 0; i < 2; i++) {
            try (PopulationClient client = PopulationClient.create(config.toBuilder()
                    .addNetworkInterceptor(recorder(seen)).build())) {
                client.lookup(lookupOf(c));
            }
        }
        List<KetnoiRequest> tokens = seen.stream().filter(ProtocolConformanceTest::isTokenCall).toList();
        assertEquals(2, tokens.size());
        String previousJti = null;
        for (KetnoiRequest t : tokens) {
            assertEquals("POST", t.method());
            assertTrue(t.headers().first("Content-Type").orElseThrow().startsWith("application/x-www-form-urlencoded"));
            Map<String, String> f = form(t.body());
            assertEquals("client_credentials", f.get("grant_type"));
            assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", f.get("client_assertion_type"));
            SignedJWT jwt = SignedJWT.parse(f.get("client_assertion"));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertEquals(agency.id(), f.getOrDefault("client_id", claims.getIssuer()), "client_id, when sent, is iss");
            assertTrue(agency.grantedFields() != null && f.get("scope") != null);
            for (String scope : f.get("scope").split(" ")) {
                assertTrue(List.of("population", "vneid", "edocuments").contains(scope), scope);
            }
            assertEquals(JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
            assertEquals(agency.keyId(), jwt.getHeader().getKeyID());
            assertTrue(jwt.verify(new ECDSAVerifier((ECPublicKey) agency.publicKey())), "signed with the registered key");
            assertEquals(agency.id(), claims.getIssuer());
            assertEquals(agency.id(), claims.getSubject());
            assertEquals(List.of(sandbox.issuer()), claims.getAudience(), "aud is the provider's issuer (version 2)");
            long iat = claims.getIssueTime().toInstant().getEpochSecond();
            long exp = claims.getExpirationTime().toInstant().getEpochSecond();
            assertTrue(exp > iat && exp - iat <= 300, "exp at most 300 s after iat: " + (exp - iat));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - iat) <= 60, "iat is now");
            assertTrue(Base64.getUrlDecoder().decode(claims.getJWTID()).length >= 12, "jti of at least 96 bits");
            assertNotEquals(previousJti, claims.getJWTID(), "a fresh jti per assertion");
            previousJti = claims.getJWTID();
        }
    }

    @Test
    @Requirement(value = {"R-2.1", "R-3.1", "R-4.1", "R-4.2", "R-4.3", "R-4.4", "R-4.5", "R-4.6", "R-4.7", "R-4.8",
        "R-4.11"}, side = Side.SDK)
    void everyApiRequestCarriesTheTokenTheExchangeHeadersAndABindingSignature(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        SandboxAgency agency = sandbox.defaultAgency();
        List<KetnoiRequest> seen = new CopyOnWriteArrayList<>();
        List<String> tokens = new CopyOnWriteArrayList<>();
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(chain -> {
            var response = chain.proceed(chain.request());
            if (isTokenCall(chain.request())) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                        .matcher(new String(response.body(), StandardCharsets.UTF_8));
                assertTrue(m.find());
                tokens.add(m.group(1));
            }
            seen.add(chain.request());
            return response;
        }).build())) {
            client.lookup(lookupOf(sandbox.population().anyLiving()));
            client.lookup(lookupOf(sandbox.population().anyLiving()));
        }
        List<KetnoiRequest> calls = seen.stream().filter(ProtocolConformanceTest::isApiCall).toList();
        assertEquals(2, calls.size());
        assertEquals(1, tokens.size());
        String token = tokens.get(0);
        String previousJti = null;
        for (KetnoiRequest r : calls) {
            assertEquals(List.of("Bearer " + token), r.headers().all("Authorization"));
            assertEquals(List.of(agency.id()), r.headers().all("X-Road-Client"));
            List<String> requestId = r.headers().all("X-Road-Id");
            assertEquals(1, requestId.size());
            assertTrue(UUID_LOWER.matcher(requestId.get(0)).matches(), "X-Road-Id is a lower-case UUID");
            List<String> user = r.headers().all("X-Road-UserId");
            assertEquals(1, user.size());
            assertTrue(user.get(0).startsWith("VN"), "X-Road-UserId is country-prefixed");
            assertEquals(List.of("PUBLIC_SERVICE"), r.headers().all("Ketnoi-Purpose"));

            List<String> signatures = r.headers().all("Ketnoi-Signature");
            assertEquals(1, signatures.size(), "exactly one Ketnoi-Signature");
            SignedJWT jws = SignedJWT.parse(signatures.get(0));
            assertEquals("ketnoi-request+jwt", jws.getHeader().getType().getType());
            assertEquals(JWSAlgorithm.ES256, jws.getHeader().getAlgorithm());
            assertEquals(agency.keyId(), jws.getHeader().getKeyID());
            assertTrue(jws.verify(new ECDSAVerifier((ECPublicKey) agency.publicKey())), "signed with the registered key");
            JWTClaimsSet claims = jws.getJWTClaimsSet();
            assertTrue(Math.abs(Instant.now().getEpochSecond() - claims.getIssueTime().toInstant().getEpochSecond()) <= 60);
            assertEquals(r.method(), claims.getStringClaim("htm"));
            assertEquals(2L, claims.getLongClaim("ver"));
            assertEquals(PopulationClient.SERVICE.toString(), claims.getStringClaim("srv"));
            assertEquals(r.uri().getRawPath().substring(
                    config.serviceUrl(PopulationClient.SERVICE, "/population/v1").getRawPath().length())
                    + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery()), claims.getStringClaim("pth"));
            assertEquals(agency.id(), claims.getStringClaim("xrc"));
            assertEquals(requestId.get(0), claims.getStringClaim("xri"));
            assertEquals(user.get(0), claims.getStringClaim("xru"));
            assertEquals("PUBLIC_SERVICE", claims.getStringClaim("pur"));
            assertEquals(sha256(token.getBytes(StandardCharsets.US_ASCII)), claims.getStringClaim("ath"));
            assertEquals(sha256(r.body()), claims.getStringClaim("bdh"));
            assertTrue(Base64.getUrlDecoder().decode(claims.getJWTID()).length >= 16, "jti of at least 128 bits");
            assertNotEquals(previousJti, claims.getJWTID(), "a fresh jti per request");
            previousJti = claims.getJWTID();
        }
    }

    @Test
    @Requirement(value = "R-4.6", side = Side.SDK)
    void aHeaderChangedAfterSigningIsRefusedAsABindingMismatch(KetnoiSandbox sandbox, ClientConfig config) {
        Interceptor changeOperator = chain -> isApiCall(chain.request())
                ? chain.proceed(chain.request().toBuilder().header("X-Road-UserId", "VN:someone.else").build())
                : chain.proceed(chain.request());
        try (PopulationClient client = PopulationClient.create(config.toBuilder()
                .addNetworkInterceptor(changeOperator).build())) {
            SignatureRejectedException e = assertThrows(SignatureRejectedException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("signature.binding-mismatch", e.errorCode());
            assertEquals(401, e.statusCode());
        }
    }

    @Test
    @Requirement(value = "R-4.9", side = Side.SDK)
    void aForgedCopySentAheadOfTheRequestDoesNotBurnItsNonce(KetnoiSandbox sandbox, ClientConfig config) {
        // An attacker on the path races the agency's request with a copy whose body it changed.
        AtomicBoolean forgedRefused = new AtomicBoolean();
        Interceptor race = chain -> {
            KetnoiRequest r = chain.request();
            if (isApiCall(r)) {
                byte[] other = new String(r.body(), StandardCharsets.UTF_8).replace("\"sex\"", "\"phone\"")
                        .getBytes(StandardCharsets.UTF_8);
                forgedRefused.set(chain.proceed(r.toBuilder().body(other).build()).status() == 401);
            }
            return chain.proceed(r);
        };
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(race).build())) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            assertEquals(c.idNumber(), client.lookup(lookupOf(c)).idNumber().value());
        }
        assertTrue(forgedRefused.get(), "the forged copy was refused");
    }

    @Test
    @Requirement(value = "R-4.10", side = Side.SDK)
    void aRetriedRequestIsSignedAgainWithANewNonceAndRequestId(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        List<KetnoiRequest> seen = new CopyOnWriteArrayList<>();
        sandbox.faults().add("/population/", SandboxFault.serviceUnavailable(Duration.ZERO).rate(0.5));
        try (PopulationClient client = PopulationClient.create(config.toBuilder()
                .addNetworkInterceptor(recorder(seen)).build())) {
            SyntheticCitizen c = sandbox.population().anyLiving();
            for (int i = 0; i < 20 && seen.stream().filter(ProtocolConformanceTest::isApiCall).count() < 6; i++) {
                try {
                    client.lookup(lookupOf(c));
                } catch (vn.ketnoi.core.exception.KetnoiException ignored) {
                    // every attempt refused: still attempts to look at
                }
            }
        } finally {
            sandbox.faults().clear();
        }
        List<KetnoiRequest> calls = seen.stream().filter(ProtocolConformanceTest::isApiCall).toList();
        assertTrue(sandbox.faults().injected().values().stream().mapToLong(Long::longValue).sum() > 0,
                "the sandbox refused some attempts");
        assertEquals(calls.size(), calls.stream().map(r -> r.headers().first("X-Road-Id").orElseThrow()).distinct().count(),
                "every attempt has its own X-Road-Id");
        List<String> jtis = new java.util.ArrayList<>();
        for (KetnoiRequest r : calls) {
            JWTClaimsSet claims = SignedJWT.parse(r.headers().first("Ketnoi-Signature").orElseThrow()).getJWTClaimsSet();
            assertEquals(r.headers().first("X-Road-Id").orElseThrow(), claims.getStringClaim("xri"));
            jtis.add(claims.getJWTID());
        }
        assertEquals(calls.size(), jtis.stream().distinct().count(), "every attempt has its own jti");
    }

    @Test
    @Requirement(value = "R-5.7", side = Side.SDK)
    void anAnswerAddressedToAnotherAgencyIsRefused(KetnoiSandbox sandbox, ClientConfig config) {
        // The path re-addresses the request to another registered agency: the provider's (signed)
        // refusal then names that agency in aud, while xri, rqh and sts still match what was sent.
        String other = sandbox.limitedAgency().id();
        Interceptor readdress = chain -> isApiCall(chain.request())
                ? chain.proceed(chain.request().toBuilder().header("X-Road-Client", other).build())
                : chain.proceed(chain.request());
        try (PopulationClient client = PopulationClient.create(config.toBuilder().addNetworkInterceptor(readdress).build())) {
            ResponseVerificationException e = assertThrows(ResponseVerificationException.class,
                    () -> client.lookup(lookupOf(sandbox.population().anyLiving())));
            assertEquals("response.binding-mismatch", e.errorCode());
        }
    }
}
