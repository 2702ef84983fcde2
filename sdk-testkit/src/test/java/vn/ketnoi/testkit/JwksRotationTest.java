package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

class JwksRotationTest {

    static KetnoiSandbox sandbox;
    static TestClient client;

    @BeforeAll
    static void start() {
        sandbox = KetnoiSandbox.builder().populationSize(100).build().start();
        client = new TestClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String responseKid() throws Exception {
        SandboxAgency agency = sandbox.defaultAgency();
        TestClient.Exchange x = client.send(client.call(agency, client.token(agency))
                .json(TestClient.lookupBody(sandbox.population().anyLiving(), "sex")));
        assertEquals(200, x.status());
        client.verifyResponse(x, agency.id());
        return JWSObject.parse(x.header("Ketnoi-Signature")).getHeader().getKeyID();
    }

    @Test
    void jwksPublishesPublicSigningKeysOnly() throws Exception {
        long before = sandbox.stats().jwksRequests();
        HttpResponse<String> r = client.http.send(HttpRequest.newBuilder(sandbox.jwksUri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JWKSet set = JWKSet.parse(r.body());
        assertTrue(set.getKeys().size() >= 1);
        for (JWK k : set.getKeys()) {
            assertEquals(KeyUse.SIGNATURE, k.getKeyUse());
            assertEquals("ES256", k.getAlgorithm().getName());
            assertNotNull(k.getKeyID());
            assertTrue(!k.isPrivate(), "no private parts");
        }
        assertEquals(before + 1, sandbox.stats().jwksRequests());
    }

    @Test
    @Requirement(value = "R-5.4", side = Side.PROVIDER)
    void rotationPublishesTheNewKeyBesideTheOldAndSignsWithIt() throws Exception {
        String oldKid = responseKid();
        assertEquals(sandbox.currentSigningKeyId(), oldKid);
        String newKid = sandbox.rotateSigningKey();
        assertNotEquals(oldKid, newKid);
        JWKSet set = client.jwks();
        assertNotNull(set.getKeyByKeyId(oldKid), "old key still published");
        assertNotNull(set.getKeyByKeyId(newKid), "new key published");
        assertEquals(newKid, responseKid());
    }

    @Test
    void statsCountAndReset() throws Exception {
        sandbox.stats().reset();
        assertEquals(0, sandbox.stats().tokenRequests());
        responseKid();
        assertEquals(1, sandbox.stats().tokenRequests());
        assertEquals(1, sandbox.stats().apiRequests());
        assertEquals(1, sandbox.stats().jwksRequests(), "verifyResponse fetched the JWKS once");
    }
}
