package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

@Requirement(value = "R-6.3", side = Side.PROVIDER)
@Requirement(value = {"R-3.1", "R-6.2"}, side = Side.PROVIDER)
class ExchangeLayerTest {

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

    private static void assertRefused(Consumer<TestClient.Call> spoil) throws Exception {
        TestClient.Call c = client.call(agency, token).json(TestClient.lookupBody(citizen, "fullName"));
        spoil.accept(c);
        long before = sandbox.stats().apiRequests();
        TestClient.Exchange x = client.send(c);
        assertEquals(400, x.status());
        assertEquals("Client.InvalidHeaders", x.header("X-Road-Error"));
        assertFalse(x.response().headers().firstValue("Ketnoi-Signature").isPresent(), "exchange errors are unsigned");
        JsonNode b = x.json();
        assertEquals("Client.InvalidHeaders", b.get("type").asText());
        assertTrue(b.get("message").isTextual());
        assertTrue(b.has("detail"));
        assertFalse(b.has("code"), "not problem+json");
        assertEquals(before + 1, sandbox.stats().apiRequests());
    }

    @Test
    void theUnspoiledCallPasses() throws Exception {
        TestClient.Exchange x = client.send(client.call(agency, token).json(TestClient.lookupBody(citizen, "fullName")));
        assertEquals(200, x.status());
    }

    @Test
    void missingClient() throws Exception {
        assertRefused(c -> c.removeHeader("X-Road-Client"));
    }

    @Test
    void doubledClient() throws Exception {
        assertRefused(c -> c.addHeader("X-Road-Client", agency.id()));
    }

    @Test
    void missingRequestId() throws Exception {
        assertRefused(c -> c.removeHeader("X-Road-Id"));
    }

    @Test
    void doubledRequestId() throws Exception {
        assertRefused(c -> c.addHeader("X-Road-Id", UUID.randomUUID().toString()));
    }

    @Test
    void requestIdNotAUuid() throws Exception {
        assertRefused(c -> c.header("X-Road-Id", "request-42"));
    }

    @Test
    void requestIdInUpperCase() throws Exception {
        assertRefused(c -> c.header("X-Road-Id", UUID.randomUUID().toString().toUpperCase()));
    }

    @Test
    void missingUserId() throws Exception {
        assertRefused(c -> c.removeHeader("X-Road-UserId"));
    }

    @Test
    void userIdWithoutCountryPrefix() throws Exception {
        assertRefused(c -> c.header("X-Road-UserId", "canbo.nguyenvana"));
    }

    @Test
    void missingPurpose() throws Exception {
        assertRefused(c -> c.removeHeader("Ketnoi-Purpose"));
    }

    @Test
    void doubledIssue() throws Exception {
        assertRefused(c -> c.addHeader("X-Road-Issue", "HS-1").addHeader("X-Road-Issue", "HS-2"));
    }

    @Test
    void exchangeChecksComeBeforeTheToken() throws Exception {
        assertRefused(c -> {
            c.token = null;
            c.removeHeader("X-Road-Client");
        });
    }
}
