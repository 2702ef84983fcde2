package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Section 8.10 from the provider's side: what the sandbox pushes carries everything the agency's
 * endpoint is told to check, and passes each check when done by hand.
 */
class NotificationSigningTest {

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

    record Received(Map<String, List<String>> headers, byte[] body) {
    }

    @Test
    @Requirement(value = {"R-8.10.1", "R-8.10.2", "R-8.10.3", "R-8.10.4", "R-8.10.5", "R-8.10.6", "R-8.10.7",
            "R-8.10.8"}, side = Side.PROVIDER)
    void everyNotificationPassesTheChecksOfTheAgencysEndpoint() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/n", exchange -> {
            inbox.add(new Received(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        SandboxAgency agency = sandbox.defaultAgency();
        try {
            sandbox.registerNotificationEndpoint(agency.id(),
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/n"));
            String first = sandbox.appendChange("DEATH", sandbox.population().anyLiving());
            String second = sandbox.appendChange("RESIDENCE_CHANGE", sandbox.population().anyLiving());
            String previousJti = null;
            for (String eventId : List.of(first, second)) {
                Received r = inbox.poll(10, TimeUnit.SECONDS);
                assertNotNull(r, "the sandbox pushed a notification");
                List<String> sigs = r.headers().get("Ketnoi-notification-signature");
                assertEquals(1, sigs.size(), "one signature header");
                JWSObject jws = JWSObject.parse(sigs.get(0));
                assertEquals("ketnoi-notification+jwt", jws.getHeader().getType().getType());
                assertEquals(JWSAlgorithm.ES256, jws.getHeader().getAlgorithm());
                JWK key = client.jwks().getKeyByKeyId(jws.getHeader().getKeyID());
                assertNotNull(key, "kid published in the JWKS");
                assertTrue(jws.verify(new ECDSAVerifier((ECKey) key)), "signature verifies");
                Map<String, Object> claims = jws.getPayload().toJSONObject();
                JsonNode body = TestClient.JSON.readTree(r.body());
                assertEquals(sandbox.issuer(), claims.get("iss"));
                assertEquals(agency.id(), claims.get("aud"));
                assertEquals(body.get("notificationId").asText(), claims.get("jti"));
                assertEquals(TestClient.sha256(r.body()), claims.get("bdh"));
                long iat = ((Number) claims.get("iat")).longValue();
                assertTrue(Math.abs(Instant.now().getEpochSecond() - iat) <= 60, "iat is fresh");
                assertNotEquals(previousJti, claims.get("jti"), "every notification has its own jti");
                previousJti = (String) claims.get("jti");
                assertEquals(eventId, body.get("events").get(0).get("eventId").asText());
            }
        } finally {
            sandbox.registerNotificationEndpoint(agency.id(), null);
            server.stop(0);
        }
    }
}
