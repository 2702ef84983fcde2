package vn.ketnoi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.ketnoi.testsupport.Requirement;
import vn.ketnoi.testsupport.Requirement.Side;

/**
 * Sections 8.3 to 8.9 from the provider's side: the sandbox, driven over raw HTTP with no SDK
 * code, answers each rule the way docs/protocol.md says, every answer signed (section 5).
 */
class PopulationOperationsTest {

    static KetnoiSandbox sandbox;
    static TestClient client;
    static SandboxAgency agency;
    static SandboxAgency limited;
    static String token;
    static String limitedToken;
    static SyntheticCitizen citizen;

    @BeforeAll
    static void start() throws Exception {
        sandbox = KetnoiSandbox.builder().populationSize(300).build().start();
        client = new TestClient(sandbox);
        agency = sandbox.defaultAgency();
        limited = sandbox.limitedAgency();
        token = client.token(agency);
        limitedToken = client.token(limited);
        citizen = sandbox.population().find(c -> !c.isDeceased() && c.hasFullBirthDate() && c.phone() != null
                && c.householdId() != null).orElseThrow();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static TestClient.Exchange post(SandboxAgency a, String tok, String path, Object body) throws Exception {
        TestClient.Call c = client.call(a, tok).json(body);
        c.pathAndQuery = path;
        return client.send(c);
    }

    private static TestClient.Exchange get(SandboxAgency a, String tok, String pathAndQuery) throws Exception {
        TestClient.Call c = client.call(a, tok);
        c.method = "GET";
        c.pathAndQuery = pathAndQuery;
        return client.send(c);
    }

    private static JsonNode ok(TestClient.Exchange x, int status, SandboxAgency a) throws Exception {
        assertEquals(status, x.status(), () -> new String(x.response().body()));
        client.verifyResponse(x, a.id());
        return x.json();
    }

    private static List<String> errorFields(TestClient.Exchange x) {
        List<String> fields = new ArrayList<>();
        x.json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    private static String unknownId() {
        String id = citizen.idNumber().substring(0, 6) + "999999";
        for (int n = 999998; sandbox.population().byIdNumber(id).isPresent(); n--) {
            id = citizen.idNumber().substring(0, 6) + n;
        }
        return id;
    }

    private static Map<String, Object> lookup(String id, String... fields) {
        return TestClient.lookupBody(id, citizen.fullName(), citizen.birthDate(), fields);
    }

    // ---- 8.3: the order of the checks, consent ----

    @Test
    @Requirement(value = "R-8.3.2", side = Side.PROVIDER)
    void formComesBeforeGrantGrantBeforeConsentAndConsentBeforeTheRecord() throws Exception {
        // Form first: a malformed ID number with a field outside the grant is request.invalid.
        client.verifyProblem(post(limited, limitedToken, TestClient.LOOKUP, lookup("123", "phone")), 400, "request.invalid");
        // Grant before the record: an unknown ID number asked with a field outside the grant does
        // not reveal that the number is unknown.
        TestClient.Exchange grant = post(limited, limitedToken, TestClient.LOOKUP, lookup(unknownId(), "phone"));
        client.verifyProblem(grant, 403, "population.field-not-granted");
        // Consent before the record.
        client.verifyProblem(post(agency, token, TestClient.LOOKUP, lookup(unknownId(), "email")), 403,
                "population.consent-required");
        // And the record last.
        client.verifyProblem(post(agency, token, TestClient.LOOKUP, lookup(unknownId(), "sex")), 404,
                "population.citizen-not-found");
    }

    @Test
    @Requirement(value = {"R-8.3.6", "R-8.4.8"}, side = Side.PROVIDER)
    void aConsentFieldWithoutATokenIsRefusedAndNamed() throws Exception {
        TestClient.Exchange x = post(agency, token, TestClient.LOOKUP,
                TestClient.lookupBody(citizen, "fullName", "phone", "religion"));
        client.verifyProblem(x, 403, "population.consent-required");
        assertEquals(List.of("phone", "religion"), errorFields(x));
    }

    /** A consent token minted by the provider's own key, one claim spoiled by the test. */
    private static String consent(Consumer<Map<String, Object>> spoil) {
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", sandbox.issuer());
        claims.put("aud", agency.id());
        claims.put("sub", citizen.idNumber());
        claims.put("fields", List.of("phone"));
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", TestClient.nonce());
        spoil.accept(claims);
        return sandbox.signAsProvider("ketnoi-consent+jwt", claims);
    }

    private static TestClient.Exchange lookupWithConsent(String consentToken) throws Exception {
        Map<String, Object> body = TestClient.lookupBody(citizen, "fullName", "phone");
        body.put("consentToken", consentToken);
        return post(agency, token, TestClient.LOOKUP, body);
    }

    private static void noConsent(String consentToken) throws Exception {
        TestClient.Exchange x = lookupWithConsent(consentToken);
        client.verifyProblem(x, 403, "population.consent-required");
        assertEquals(List.of("phone"), errorFields(x), "names the field, not the check that failed");
    }

    @Test
    @Requirement(value = {"R-8.4.1", "R-8.4.2", "R-8.4.3", "R-8.4.4", "R-8.4.5", "R-8.4.6", "R-8.4.7", "R-8.4.8"},
            side = Side.PROVIDER)
    void aConsentTokenFailingAnyCheckIsNoConsent() throws Exception {
        // The unspoiled token works: each refusal below is down to the one claim changed.
        JsonNode c = ok(lookupWithConsent(consent(m -> { })), 200, agency).get("citizen");
        assertEquals(citizen.phone(), c.get("phone").asText());

        String good = consent(m -> { });
        String[] parts = good.split("\\.");
        String otherKey = TestClient.b64(new byte[64]);
        noConsent(parts[0] + "." + parts[1] + "." + otherKey);                      // signature
        noConsent(consent(m -> m.put("iss", "https://another-provider.example")));   // iss
        noConsent(consent(m -> m.put("aud", limited.id())));                         // aud
        SyntheticCitizen other = sandbox.population().find(x -> !x.idNumber().equals(citizen.idNumber())
                && !x.isDeceased()).orElseThrow();
        noConsent(consent(m -> m.put("sub", other.idNumber())));                     // sub
        noConsent(consent(m -> m.put("exp", Instant.now().getEpochSecond() - 1)));   // exp
        noConsent(consent(m -> m.put("iat", Instant.now().getEpochSecond() + 120))); // iat ahead
        noConsent(consent(m -> m.put("fields", List.of("email"))));                  // fields
    }

    // ---- 8.5 verify ----

    private static Map<String, Object> verifyBody(String id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("idNumber", id);
        m.put("fullName", citizen.fullName());
        m.put("birthDate", citizen.birthDate());
        return m;
    }

    private static final String VERIFY = "/population/v1/citizens/verify";

    @Test
    @Requirement(value = "R-8.5.1", side = Side.PROVIDER)
    void everyVerifyClaimNeedsTheGrantOfItsField() throws Exception {
        Map<String, Object> body = verifyBody(citizen.idNumber());
        body.put("ethnicity", "Kinh");
        TestClient.Exchange x = post(limited, limitedToken, VERIFY, body);
        client.verifyProblem(x, 403, "population.field-not-granted");
        assertEquals(List.of("ethnicity"), errorFields(x));
        body.remove("ethnicity");
        body.put("sex", citizen.sex());
        ok(post(limited, limitedToken, VERIFY, body), 200, limited);
    }

    @Test
    @Requirement(value = {"R-8.5.2", "R-8.5.3"}, side = Side.PROVIDER)
    void verifyGivesOneVerdictPerClaimAndNoValueOfTheRegister() throws Exception {
        SyntheticCitizen c = sandbox.population().find(x -> !x.isDeceased() && x.oldIdNumber() == null).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("idNumber", c.idNumber());
        body.put("fullName", c.fullName());
        body.put("birthDate", c.birthDate());
        body.put("sex", "MALE".equals(c.sex()) ? "FEMALE" : "MALE");
        body.put("oldIdNumber", "123456789");
        JsonNode r = ok(post(agency, token, VERIFY, body), 200, agency);
        JsonNode v = r.get("verdicts");
        assertEquals(Set.of("fullName", "birthDate", "sex", "oldIdNumber"), fieldNames(v));
        assertEquals("MATCH", v.get("fullName").asText());
        assertEquals("MATCH", v.get("birthDate").asText());
        assertEquals("NO_MATCH", v.get("sex").asText());
        assertEquals("NOT_ON_RECORD", v.get("oldIdNumber").asText());
        String text = r.toString();
        assertFalse(text.contains("\"" + c.sex() + "\""), "the recorded sex is not disclosed");
        assertFalse(text.contains(c.permanentResidence().text()));
        assertEquals(Set.of("idNumber", "verdicts", "verifiedAt"), fieldNames(r));
    }

    @Test
    @Requirement(value = "R-8.5.4", side = Side.PROVIDER)
    void verifyChecksFormGrantThenRecordAndAWrongNameIsAVerdictNotAMismatch() throws Exception {
        Map<String, Object> bad = verifyBody("12");
        bad.put("ethnicity", "Kinh");
        client.verifyProblem(post(limited, limitedToken, VERIFY, bad), 400, "request.invalid");
        Map<String, Object> unknown = verifyBody(unknownId());
        unknown.put("ethnicity", "Kinh");
        client.verifyProblem(post(limited, limitedToken, VERIFY, unknown), 403, "population.field-not-granted");
        client.verifyProblem(post(agency, token, VERIFY, verifyBody(unknownId())), 404, "population.citizen-not-found");
        Map<String, Object> wrong = verifyBody(citizen.idNumber());
        wrong.put("fullName", citizen.fullName() + " Khác");
        assertEquals("NO_MATCH", ok(post(agency, token, VERIFY, wrong), 200, agency).get("verdicts").get("fullName").asText());
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new java.util.LinkedHashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    // ---- 8.6 household ----

    private static final String HOUSEHOLD = "/population/v1/households/lookup";

    @Test
    @Requirement(value = {"R-8.6.1", "R-8.6.2"}, side = Side.PROVIDER)
    void householdNeedsItsGrantAndShowsMembersOnlyWithinTheGrant() throws Exception {
        Map<String, Object> body = verifyBody(citizen.idNumber());
        TestClient.Exchange refused = post(limited, limitedToken, HOUSEHOLD, body);
        client.verifyProblem(refused, 403, "population.field-not-granted");
        assertEquals(List.of("household"), errorFields(refused));

        String id = "VN:GOV:000.00.02.H02";
        SandboxAgency householdOnly;
        try (KetnoiSandbox own = KetnoiSandbox.builder().populationSize(300)
                .addAgency(id, SandboxAgency.ES256, Set.of("household", "sex")).build().start()) {
            TestClient other = new TestClient(own);
            householdOnly = own.agency(id);
            SyntheticCitizen c = own.population().find(x -> !x.isDeceased() && x.householdId() != null).orElseThrow();
            TestClient.Call call = other.call(householdOnly, other.token(householdOnly))
                    .json(TestClient.lookupBody(c.idNumber(), c.fullName(), c.birthDate()));
            call.pathAndQuery = HOUSEHOLD;
            TestClient.Exchange x = other.send(call);
            assertEquals(200, x.status(), () -> new String(x.response().body()));
            other.verifyResponse(x, id);
            JsonNode h = x.json().get("household");
            assertFalse(h.has("residence"), "no residence without the grant of permanentResidence");
            for (JsonNode m : h.get("members")) {
                assertNotNull(m.get("idNumber"));
                assertNotNull(m.get("relationshipToHead"));
                assertFalse(m.has("fullName") || m.has("birthDate") || m.has("deathDate"), m.toString());
                assertTrue(m.has("sex"), "sex is granted");
            }
        }
    }

    // ---- 8.7 batch ----

    private static final String BATCH = "/population/v1/batch";

    private static Map<String, Object> item(String itemId, String id, String name, String birthDate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("itemId", itemId);
        m.put("idNumber", id);
        m.put("fullName", name);
        m.put("birthDate", birthDate);
        return m;
    }

    private static Map<String, Object> batch(List<String> fields, List<Map<String, Object>> items) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", "lookup");
        m.put("fields", fields);
        m.put("items", items);
        return m;
    }

    @Test
    @Requirement(value = "R-8.7.1", side = Side.PROVIDER)
    void aMalformedBatchFailsAsAWhole() throws Exception {
        Map<String, Object> good = item("a1", citizen.idNumber(), citizen.fullName(), citizen.birthDate());
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(item("i" + i, citizen.idNumber(), citizen.fullName(), citizen.birthDate()));
        }
        client.verifyProblem(post(agency, token, BATCH, batch(List.of("sex"), tooMany)), 400, "request.invalid");
        client.verifyProblem(post(agency, token, BATCH, batch(List.of("sex"), List.of())), 400, "request.invalid");
        // A duplicate or malformed itemId fails that item alone in the sandbox (as in jobs, where
        // items are not checked at upload); section 8.7 leaves which it is open.
        client.verifyProblem(post(agency, token, BATCH, batch(List.of("shoeSize"), List.of(good))), 400,
                "request.invalid");
        Map<String, Object> op = batch(List.of("sex"), List.of(good));
        op.put("operation", "delete");
        client.verifyProblem(post(agency, token, BATCH, op), 400, "request.invalid");
    }

    @Test
    @Requirement(value = "R-8.7.2", side = Side.PROVIDER)
    void aBatchAskingForAFieldOutsideTheGrantFailsAsAWhole() throws Exception {
        TestClient.Exchange x = post(limited, limitedToken, BATCH, batch(List.of("sex", "phone"),
                List.of(item("a1", citizen.idNumber(), citizen.fullName(), citizen.birthDate()))));
        client.verifyProblem(x, 403, "population.field-not-granted");
        assertEquals(List.of("phone"), errorFields(x));
    }

    @Test
    @Requirement(value = "R-8.7.3", side = Side.PROVIDER)
    void aBadItemFailsAloneWithTheStatusAndCodeItWouldHaveHadAlone() throws Exception {
        JsonNode r = ok(post(agency, token, BATCH, batch(List.of("sex"), List.of(
                item("ok", citizen.idNumber(), citizen.fullName(), citizen.birthDate()),
                item("bad", "12", citizen.fullName(), citizen.birthDate()),
                item("mismatch", citizen.idNumber(), citizen.fullName() + " Khác", citizen.birthDate()),
                item("unknown", unknownId(), citizen.fullName(), citizen.birthDate())))), 200, agency);
        JsonNode results = r.get("results");
        assertEquals(4, results.size());
        assertEquals("ok", results.get(0).get("itemId").asText());
        assertEquals(200, results.get(0).get("status").asInt());
        assertEquals(citizen.sex(), results.get(0).get("citizen").get("sex").asText());
        assertEquals(400, results.get(1).get("status").asInt());
        assertEquals("request.invalid", results.get(1).get("code").asText());
        assertEquals("idNumber", results.get(1).get("errors").get(0).get("field").asText());
        assertEquals(422, results.get(2).get("status").asInt());
        assertEquals("population.identity-mismatch", results.get(2).get("code").asText());
        assertEquals(404, results.get(3).get("status").asInt());
        assertEquals("population.citizen-not-found", results.get(3).get("code").asText());
    }

    // ---- 8.8 jobs ----

    private static String createJob(SandboxAgency a, String tok) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("operation", "lookup");
        spec.put("fields", List.of("sex"));
        JsonNode s = ok(post(a, tok, "/population/v1/jobs", spec), 201, a);
        assertEquals("OPEN", s.get("state").asText());
        return s.get("jobId").asText();
    }

    private static Map<String, Object> chunk(int n, int size) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(item("c" + n + "i" + i, citizen.idNumber(), citizen.fullName(), citizen.birthDate()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chunk", n);
        m.put("items", items);
        return m;
    }

    @Test
    @Requirement(value = {"R-8.8.1", "R-8.8.2", "R-8.8.3", "R-8.8.4", "R-8.8.5", "R-8.8.6"}, side = Side.PROVIDER)
    void chunksGoInOrderRetriesAreStoredOnceAndResultsWaitForTheJob() throws Exception {
        String job = createJob(agency, token);
        String records = "/population/v1/jobs/" + job + "/records";
        ok(post(agency, token, records, chunk(0, 3)), 200, agency);
        // The same chunk again (a retry after a lost answer): the same answer, stored once.
        JsonNode again = ok(post(agency, token, records, chunk(0, 3)), 200, agency);
        assertEquals(3, again.get("receivedRecords").asInt());
        // Out of order.
        client.verifyProblem(post(agency, token, records, chunk(2, 1)), 409, "population.job-conflict");
        ok(post(agency, token, records, chunk(1, 2)), 200, agency);
        // Results before the job ran.
        TestClient.Exchange early = get(agency, token, "/population/v1/jobs/" + job + "/results");
        client.verifyProblem(early, 409, "population.job-not-finished");
        assertTrue(early.json().get("retryable").asBoolean());
        assertNotNull(early.header("Retry-After"));
        // A count that differs from what was uploaded.
        client.verifyProblem(post(agency, token, "/population/v1/jobs/" + job + "/submit", Map.of("totalRecords", 4)),
                409, "population.job-conflict");
        TestClient.Exchange submitted = post(agency, token, "/population/v1/jobs/" + job + "/submit",
                Map.of("totalRecords", 5));
        ok(submitted, 202, agency);
        assertNotNull(submitted.header("Retry-After"), "submit says when to poll");
        // A chunk after submit.
        client.verifyProblem(post(agency, token, records, chunk(2, 1)), 409, "population.job-conflict");
        JsonNode status;
        long deadline = System.currentTimeMillis() + 30_000;
        do {
            TestClient.Exchange polled = get(agency, token, "/population/v1/jobs/" + job);
            status = ok(polled, 200, agency);
            String state = status.get("state").asText();
            assertEquals(state.equals("QUEUED") || state.equals("RUNNING"), polled.header("Retry-After") != null,
                    "Retry-After while queued or running, and only then: " + state);
            if (!status.get("state").asText().equals("SUCCEEDED")) {
                Thread.sleep(100);
            }
        } while (!status.get("state").asText().equals("SUCCEEDED") && System.currentTimeMillis() < deadline);
        assertEquals("SUCCEEDED", status.get("state").asText());
        JsonNode page = ok(get(agency, token, "/population/v1/jobs/" + job + "/results?pageSize=2"), 200, agency);
        List<String> order = new ArrayList<>();
        int index = 0;
        while (true) {
            for (JsonNode i : page.get("items")) {
                assertEquals(index++, i.get("index").asInt());
                order.add(i.get("itemId").asText());
            }
            if (!page.hasNonNull("nextPageToken")) {
                break;
            }
            page = ok(get(agency, token, "/population/v1/jobs/" + job + "/results?pageSize=2&pageToken="
                    + page.get("nextPageToken").asText()), 200, agency);
        }
        assertEquals(List.of("c0i0", "c0i1", "c0i2", "c1i0", "c1i1"), order, "upload order, the retried chunk once");
    }

    @Test
    @Requirement(value = "R-8.8.7", side = Side.PROVIDER)
    void anotherAgencysJobIsNotFoundLikeAnUnknownOne() throws Exception {
        String job = createJob(agency, token);
        TestClient.Exchange theirs = get(limited, limitedToken, "/population/v1/jobs/" + job);
        client.verifyProblem(theirs, 404, "population.job-not-found");
        TestClient.Exchange unknown = get(limited, limitedToken, "/population/v1/jobs/00000000-0000-0000-0000-000000000000");
        client.verifyProblem(unknown, 404, "population.job-not-found");
        assertEquals(unknown.json().get("detail"), theirs.json().get("detail"));
    }

    // ---- 8.9 change feed ----

    private static JsonNode changes(SandboxAgency a, String tok, String query) throws Exception {
        return ok(get(a, tok, "/population/v1/changes" + query), 200, a);
    }

    @Test
    @Requirement(value = {"R-8.9.1", "R-8.9.3"}, side = Side.PROVIDER)
    void eventIdsAreStableAndAnEmptyPageKeepsTheCursor() throws Exception {
        JsonNode first = changes(agency, token, "?limit=50");
        JsonNode again = changes(agency, token, "?limit=50");
        assertEquals(first.get("events"), again.get("events"), "the same events, with the same ids");
        JsonNode page = first;
        while (page.get("hasMore").asBoolean()) {
            page = changes(agency, token, "?limit=1000&cursor=" + page.get("nextCursor").asText());
        }
        String end = page.get("nextCursor").asText();
        JsonNode empty = changes(agency, token, "?limit=10&cursor=" + end);
        assertEquals(0, empty.get("events").size());
        assertEquals(end, empty.get("nextCursor").asText());
    }

    @Test
    @Requirement(value = "R-8.9.2", side = Side.PROVIDER)
    void eventDataOutsideTheGrantIsLeftOutButTheEventIsNot() throws Exception {
        JsonNode events = changes(limited, limitedToken, "?limit=300").get("events");
        boolean sawCard = false;
        for (JsonNode e : events) {
            assertNotNull(e.get("eventId"));
            assertNotNull(e.get("idNumber"));
            if (e.get("type").asText().equals("NEW_ID_CARD")) {
                sawCard = true;
                assertFalse(e.path("data").has("idCard"), "idCard is outside the limited grant");
            }
        }
        assertTrue(sawCard);
    }

    @Test
    @Requirement(value = "R-8.9.4", side = Side.PROVIDER)
    void aMalformedCursorIsInvalid() throws Exception {
        for (String cursor : List.of("%25%25%25", TestClient.b64("c9:1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
            TestClient.Exchange bad = get(agency, token, "/population/v1/changes?cursor=" + cursor);
            client.verifyProblem(bad, 400, "request.invalid");
            assertEquals(List.of("cursor"), errorFields(bad));
        }
    }

    @Test
    @Requirement(value = "R-8.9.5", side = Side.PROVIDER)
    void aCursorOlderThanTheRetainedHistoryIsGone() throws Exception {
        try (KetnoiSandbox own = KetnoiSandbox.builder().populationSize(200).build().start()) {
            TestClient c = new TestClient(own);
            SandboxAgency a = own.defaultAgency();
            String t = c.token(a);
            TestClient.Call first = c.call(a, t);
            first.method = "GET";
            first.pathAndQuery = "/population/v1/changes?limit=10";
            TestClient.Exchange page = c.send(first);
            assertEquals(200, page.status());
            String cursor = page.json().get("nextCursor").asText();
            String oldest = page.json().get("events").get(0).get("eventId").asText();
            own.forgetOldestChanges(50);
            TestClient.Call later = c.call(a, t);
            later.method = "GET";
            later.pathAndQuery = "/population/v1/changes?limit=10&cursor=" + cursor;
            c.verifyProblem(c.send(later), 410, "population.cursor-expired");
            TestClient.Call fresh = c.call(a, t);
            fresh.method = "GET";
            fresh.pathAndQuery = "/population/v1/changes?limit=10";
            TestClient.Exchange restart = c.send(fresh);
            assertEquals(200, restart.status());
            assertFalse(oldest.equals(restart.json().get("events").get(0).get("eventId").asText()),
                    "without a cursor, reading starts at the oldest event still retained");
        }
    }
}
