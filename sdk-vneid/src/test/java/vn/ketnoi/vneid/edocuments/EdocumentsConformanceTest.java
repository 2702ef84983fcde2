package vn.ketnoi.vneid.edocuments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import vn.ketnoi.core.ClientConfig;
import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.testkit.KetnoiSandbox;
import vn.ketnoi.testkit.KetnoiSandboxExtension;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/** What the SDK sends to the wallet, read back at the network against sections 10.1 to 10.3. */
@ExtendWith(KetnoiSandboxExtension.class)
class EdocumentsConformanceTest {

    private static final java.util.regex.Pattern UUID_LOWER =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Test
    @Requirement(value = {"R-10.1.1", "R-10.2.1", "R-10.2.3", "R-10.3.1"}, side = Side.SDK)
    @Requirement(value = "R-3.4", side = Side.SDK)
    void writesCarryAWellFormedDocumentAndTheirOwnIdempotencyKey(KetnoiSandbox sandbox, ClientConfig config)
            throws Exception {
        List<KetnoiRequest> seen = new CopyOnWriteArrayList<>();
        ClientConfig recording = config.toBuilder().addNetworkInterceptor(chain -> {
            if (chain.request().uri().getPath().contains("/edocuments/v1/")) {
                seen.add(chain.request());
            }
            return chain.proceed(chain.request());
        }).build();
        String id = EdocumentsClientTest.newId();
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, recording)) {
            edocs.issue(EdocumentsClientTest.licence(id, EdocumentsClientTest.level2(sandbox)));
            edocs.status(id);
            edocs.suspend(id, "giấy phép đang bị xem xét");
        }
        assertEquals(List.of("POST", "GET", "POST"), seen.stream().map(KetnoiRequest::method).toList());
        KetnoiRequest issue = seen.get(0);
        KetnoiRequest status = seen.get(1);
        KetnoiRequest suspend = seen.get(2);

        // 10.3: each write has a key of its own, signed; a read has none.
        for (KetnoiRequest write : List.of(issue, suspend)) {
            List<String> keys = write.headers().all("Idempotency-Key");
            assertEquals(1, keys.size());
            assertTrue(UUID_LOWER.matcher(keys.get(0)).matches(), keys.get(0));
            assertEquals(keys.get(0), SignedJWT.parse(write.headers().first("Ketnoi-Signature").orElseThrow())
                    .getJWTClaimsSet().getStringClaim("idk"));
        }
        assertNotEquals(issue.headers().first("Idempotency-Key"), suspend.headers().first("Idempotency-Key"));
        assertTrue(status.headers().all("Idempotency-Key").isEmpty());

        // 10.1, 10.2: the document's form, its claims, and iss = the leaf's one CN.
        JsonNode body = new ObjectMapper().readTree(issue.body());
        String jws = body.get("document").asText();
        assertTrue(jws.length() <= 2953);
        JWSObject doc = JWSObject.parse(jws);
        assertEquals("ketnoi-edoc+jwt", doc.getHeader().getType().getType());
        assertEquals(JWSAlgorithm.ES256, doc.getHeader().getAlgorithm());
        assertTrue(!doc.getHeader().getX509CertChain().isEmpty());
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(doc.getHeader().getX509CertChain().get(0).decode()));
        JsonNode claims = new ObjectMapper().readTree(doc.getPayload().toString());
        for (String c : List.of("iss", "sub", "jti", "ver", "type", "iat", "issueDate", "validFrom", "payload")) {
            assertTrue(claims.hasNonNull(c), c);
        }
        assertEquals(sandbox.defaultAgency().id(), claims.get("iss").asText());
        List<String> cns = new LdapName(leaf.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(r -> r.getType().equalsIgnoreCase("CN")).map(Rdn::getValue).map(String::valueOf).toList();
        assertEquals(List.of(claims.get("iss").asText()), cns);
        assertEquals(id, claims.get("jti").asText());
        assertEquals(1, claims.get("ver").asInt());
    }

    @Test
    @Requirement(value = "R-10.1.3", side = Side.SDK)
    void aStatusAddedLaterIsReadAsUnknownNotAsAFailure(KetnoiSandbox sandbox, ClientConfig config) throws Exception {
        String id = EdocumentsClientTest.newId();
        // A provider of a later minor version: its status answers carry a status this SDK has never heard of,
        // validly signed over the changed body.
        ClientConfig later = config.toBuilder().addNetworkInterceptor(chain -> {
            vn.ketnoi.core.pipeline.KetnoiResponse r = chain.proceed(chain.request());
            if (!chain.request().method().equals("GET") || !chain.request().uri().getPath().contains("/edocuments/v1/")) {
                return r;
            }
            try {
                byte[] changed = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"status\":\"DELIVERED\"", "\"status\":\"ARCHIVED\"")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(!java.util.Arrays.equals(changed, r.body()), "the rewrite applied");
                java.util.Map<String, Object> claims = new java.util.LinkedHashMap<>(SignedJWT.parse(
                        r.headers().first("Ketnoi-Signature").orElseThrow()).getPayload().toJSONObject());
                claims.put("bdh", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(changed)));
                return new vn.ketnoi.core.pipeline.KetnoiResponse(r.status(), r.headers().toBuilder()
                        .set("Ketnoi-Signature", sandbox.signAsProvider("ketnoi-response+jwt", claims)).build(),
                        changed, r.request());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).build();
        try (EdocumentsClient edocs = EdocumentsClientTest.client(sandbox, later)) {
            edocs.issue(EdocumentsClientTest.licence(id, EdocumentsClientTest.level2(sandbox)));
            DocumentRecord r = edocs.status(id);
            assertEquals(DocumentStatus.UNKNOWN, r.status());
            assertEquals(id, r.documentId());
        }
    }
}
