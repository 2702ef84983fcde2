package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Section 8.11 from the provider's side: pushes driven over raw HTTP with no SDK code, every
 * answer signed.
 */
class PushOperationsTest {
    static final String PUSHES = "/population/v1/pushes";
    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static String token;
    static List<SyntheticCitizen> people;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        token = client.token(agency);
        people = sandbox.population().citizens().stream().filter(c -> !c.isDeceased()).limit(20).toList();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Map<String, Object> item(SyntheticCitizen c, String field, String value, String asOf) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idNumber", c.idNumber());
        m.put("field", field);
        m.put("value", value);
        m.put("asOf", asOf);
        return m;
    }

    static TestClient.Exchange push(String key, Object body) throws Exception {
        TestClient.Call c = client.call(agency, token).json(body);
        c.pathAndQuery = PUSHES;
        if (key != null) {
            c.header("Idempotency-Key", key);
        }
        TestClient.Exchange x = client.send(c);
        client.verifyResponse(x, agency.id());
        return x;
    }

    static JsonNode lookup(SyntheticCitizen c, String field) throws Exception {
        TestClient.Call call = client.call(agency, token).json(TestClient.lookupBody(c, field));
        TestClient.Exchange x = client.send(call);
        assertEquals(200, x.status());
        return x.json().path("citizen").path(field);
    }

    @Test
    @Requirement(value = "R-8.11.1", side = Side.PROVIDER)
    void aPushNeedsAKeyAndARepeatedKeyGetsTheStoredOutcomeWithoutApplyingAgain() throws Exception {
        Map<String, Object> body = Map.of("items", List.of(item(people.get(0), "socialInsuranceNumber", "0100000001",
                "2026-03-01T00:00:00Z")));
        TestClient.Exchange noKey = push(null, body);
        assertEquals(400, noKey.status());
        assertEquals("Idempotency-Key", noKey.json().path("errors").get(0).path("field").asText());

        String key = UUID.randomUUID().toString();
        long before = sandbox.stats().pushesApplied();
        TestClient.Exchange first = push(key, body);
        TestClient.Exchange again = push(key, body);
        assertEquals(200, again.status());
        assertEquals("APPLIED", again.json().path("results").get(0).path("verdict").asText());
        assertEquals(first.json(), again.json(), "the stored outcome");
        assertEquals(before + 1, sandbox.stats().pushesApplied());

        Map<String, Object> other = Map.of("items", List.of(item(people.get(0), "socialInsuranceNumber", "0100000002",
                "2026-04-01T00:00:00Z")));
        TestClient.Exchange conflict = push(key, other);
        assertEquals(409, conflict.status());
        assertEquals("request.idempotency-conflict", conflict.code());
    }

    @Test
    @Requirement(value = "R-8.11.2", side = Side.PROVIDER)
    void theSourceIsTheSigningAgencyWhateverTheBodySays() throws Exception {
        Map<String, Object> item = item(people.get(1), "educationLevel", "PRIMARY", "2026-03-01T00:00:00Z");
        item.put("source", sandbox.limitedAgency().id());
        assertEquals("APPLIED", push(UUID.randomUUID().toString(), Map.of("items", List.of(item)))
                .json().path("results").get(0).path("verdict").asText());
        assertEquals(agency.id(), lookup(people.get(1), "educationLevel").path("source").asText());
    }

    @Test
    @Requirement(value = "R-8.11.3", side = Side.PROVIDER)
    void anAsOfNotLaterThanTheHeldOneNeverReplacesIt() throws Exception {
        SyntheticCitizen c = people.get(2);
        List<Object> items = new ArrayList<>(List.of(
                item(c, "drivingLicence", "790000000001", "2026-03-01T00:00:00Z"),
                item(c, "drivingLicence", "790000000002", "2026-01-01T00:00:00Z"),
                item(c, "drivingLicence", "790000000003", "2026-03-01T00:00:00Z"),
                item(c, "drivingLicence", "790000000001", "2026-02-01T00:00:00Z"),
                item(c, "drivingLicence", "7900", "2026-02-01T00:00:00Z")));
        JsonNode results = push(UUID.randomUUID().toString(), Map.of("items", items)).json().path("results");

        List<String> verdicts = new ArrayList<>();
        results.forEach(r -> verdicts.add(r.path("verdict").asText()));
        assertEquals(List.of("APPLIED", "CONFLICT", "CONFLICT", "UNCHANGED", "REJECTED"), verdicts);
        assertEquals("2026-03-01T00:00:00Z", results.get(1).path("heldAsOf").asText());
        assertEquals("request.invalid", results.get(4).path("reason").asText());
        JsonNode held = lookup(c, "drivingLicence");
        assertEquals("790000000001", held.path("value").asText());
        assertEquals("2026-03-01T00:00:00Z", held.path("asOf").asText());
    }

    @Test
    @Requirement(value = "R-8.11.4", side = Side.PROVIDER)
    void aPushJobsVerdictsAreReadAgainUnchangedAndApplyNothing() throws Exception {
        String base = "/population/v1/jobs";
        TestClient.Call create = client.call(agency, token).json(Map.of("operation", "push"));
        create.pathAndQuery = base;
        TestClient.Exchange created = client.send(create);
        assertEquals(201, created.status());
        String jobId = created.json().path("jobId").asText();
        List<Object> items = new ArrayList<>();
        for (int i = 3; i < 13; i++) {
            items.add(item(people.get(i), "healthInsuranceNumber", String.format("DN4%012d", i), "2026-03-01T00:00:00Z"));
        }
        TestClient.Call upload = client.call(agency, token).json(Map.of("chunk", 0, "items", items));
        upload.pathAndQuery = base + "/" + jobId + "/records";
        assertEquals(200, client.send(upload).status());
        long before = sandbox.stats().pushesApplied();
        TestClient.Call submit = client.call(agency, token).json(Map.of("totalRecords", 10));
        submit.pathAndQuery = base + "/" + jobId + "/submit";
        assertEquals(202, client.send(submit).status());
        JsonNode status;
        do {
            Thread.sleep(50);
            TestClient.Call s = client.call(agency, token);
            s.method = "GET";
            s.pathAndQuery = base + "/" + jobId;
            status = client.send(s).json();
        } while (!status.path("state").asText().equals("SUCCEEDED"));
        long applied = sandbox.stats().pushesApplied() - before;

        JsonNode[] pages = new JsonNode[2];
        for (int i = 0; i < 2; i++) {
            TestClient.Call r = client.call(agency, token);
            r.method = "GET";
            r.pathAndQuery = base + "/" + jobId + "/results";
            TestClient.Exchange x = client.send(r);
            client.verifyResponse(x, agency.id());
            pages[i] = x.json().path("items");
        }
        assertEquals(10, pages[0].size());
        pages[0].forEach(r -> assertEquals("APPLIED", r.path("verdict").asText()));
        assertEquals(pages[0], pages[1], "the same verdicts, not pushed again (they would be UNCHANGED)");
        assertEquals(10, applied);
        assertEquals(before + 10, sandbox.stats().pushesApplied());
        assertFalse(lookup(people.get(3), "healthInsuranceNumber").isMissingNode());
    }
}
